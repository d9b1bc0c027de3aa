"""Writing files so that a crash or Ctrl-C never leaves half of one.

``atomic_write`` is used for every file retrograd writes: model files
(``retrograd.io``), pictures and pages (``retrograd.graph``), report folders.
It sits below them all and imports nothing of retrograd.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the whole new one.

    The bytes go to a temporary file next to ``path`` (same folder, so the
    rename stays on one file system), are flushed to disk, and the temporary
    file is renamed over ``path``. If anything fails or is interrupted on the
    way, the temporary file is removed and ``path`` is untouched. The new file
    gets the usual permissions (those of a file created with ``open``).

    >>> import tempfile, os
    >>> p = atomic_write(os.path.join(tempfile.mkdtemp(), "a.txt"), "hello")
    >>> p.read_text(), [f for f in os.listdir(p.parent)]
    ('hello', ['a.txt'])
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)
    return path


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["atomic_write"]
