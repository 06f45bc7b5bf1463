"""Where an uploaded file lives while it is checked: a private folder, briefly.

Why: an extract holds children's records. The folder is the user's own (0700, owned by the
server's user, refused otherwise: a folder someone else made, or left open to others, could let
them read or swap the file); each file is created 0600, exclusively; it is deleted as soon as it has
been read (the checked rows stay in the browser session's memory until committed or the session
ends), and copies left by a server stopped mid-check are removed at start-up once older than
``imports.upload_max_age_minutes``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from pipelines.presentation.i18n import _

PRIVATE = 0o700
FILE_MODE = 0o600


class UnsafeUploadFolder(Exception):
    """The upload folder is not private to this user; nothing is written there."""


def upload_folder(base: Path | None = None) -> Path:
    """The private upload folder (created if missing); raise :class:`UnsafeUploadFolder` when it
    is not a real folder owned by this user and closed to others."""
    folder = (base or Path(tempfile.gettempdir())) / f"cwm-dashboard-uploads-{os.geteuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=PRIVATE)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeUploadFolder(_("{folder} is not a folder (a link or a file)", folder=folder))
    if info.st_uid != os.geteuid():
        raise UnsafeUploadFolder(
            _("{folder} belongs to another user (uid {uid})", folder=folder, uid=info.st_uid)
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, PRIVATE)  # our own folder, left open: close it before use
    return folder


def save_stream(source: BinaryIO, name: str, folder: Path) -> Path:
    """Copy ``source`` into a new 0600 file in ``folder`` (never following a link)."""
    suffix = Path(name).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""
    path = folder / f"{secrets.token_hex(12)}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        shutil.copyfileobj(source, handle, length=1 << 20)
    return path


def sweep(folder: Path, max_age_minutes: int, now: float | None = None) -> int:
    """Remove files older than ``max_age_minutes``; return how many were removed."""
    limit = (now or time.time()) - max_age_minutes * 60
    removed = 0
    for path in folder.iterdir():
        try:
            if path.lstat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
