"""How large a file a person may hand to the app: one limit for every upload and folder file.

Every file is read whole into memory (a note, a people CSV, a framework CSV, a curriculum
file), so its size is bounded before it is read; the pages say the limit beside each uploader.
"""

from __future__ import annotations

from storage.errors import InvalidInput

MAX_UPLOAD_MB = 2  # a people CSV of ~20,000 rows, a note far longer than anyone writes
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1_000_000
UPLOAD_LIMIT = f"up to {MAX_UPLOAD_MB} MB each"


def check_upload_size(name: str, size_bytes: int) -> None:
    """InvalidInput when a file of `size_bytes` is over the limit, before it is read."""
    if size_bytes > MAX_UPLOAD_BYTES:
        raise InvalidInput(
            f"{name} is {size_bytes / 1_000_000:.1f} MB; files of at most {MAX_UPLOAD_MB} MB "
            "can be read."
        )
