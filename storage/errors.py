"""Errors a person can cause; pages and the CLI turn them into messages."""


class ProficioError(Exception):
    """Base for every error meant to be shown to a person rather than as a traceback."""


class NotFound(ProficioError):
    """The thing asked for does not exist (or is not visible to the person asking)."""


class PermissionDenied(ProficioError):
    """The acting person may not do this."""


class InvalidInput(ProficioError):
    """Input that cannot be accepted; the message says which field and why."""


class DataFolderUnwritable(ProficioError):
    """The folder the database lives in cannot be written; the message names it."""


class EditConflict(ProficioError):
    """Someone else saved the same thing since the person began editing; nothing was saved.

    Carries what the other person saved, so the page can show both texts side by side."""

    def __init__(self, message: str, *, changed_by: str, theirs: dict[str, str]) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.theirs = theirs  # field label → the text as saved now
