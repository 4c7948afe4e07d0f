"""Errors a person can cause; pages and the CLI turn them into messages."""


class ProficioError(Exception):
    """Base for every error meant to be shown to a person rather than as a traceback."""


class NotFound(ProficioError):
    """The thing asked for does not exist (or is not visible to the person asking)."""


class PermissionDenied(ProficioError):
    """The acting person may not do this."""


class InvalidInput(ProficioError):
    """Input that cannot be accepted; the message says which field and why."""
