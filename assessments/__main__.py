"""`python -m assessments replay|fit …`: the review commands' old name, kept for one release.

They moved to `python -m reviews`; this forwards to it and says so on stderr.
"""

from __future__ import annotations

import sys

from reviews.__main__ import main as reviews_main

DEPRECATION = (
    "note: `python -m assessments {command}` is deprecated and will go in the next release; "
    "use `python -m reviews {command}`."
)


def main(argv: list[str] | None = None) -> int:
    """Run the review command given, after a deprecation note on stderr."""
    args = sys.argv[1:] if argv is None else argv
    print(DEPRECATION.format(command=args[0] if args else "…"), file=sys.stderr)
    return reviews_main(args, prog="python -m assessments")


if __name__ == "__main__":
    sys.exit(main())
