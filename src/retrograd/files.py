"""Writing files so that a crash or Ctrl-C never leaves half of one.

``atomic_write`` is used for every file retrograd writes: model files
(``retrograd.modelfile``), pictures and pages (``retrograd.graph``), report folders.
It sits below them all and imports nothing of retrograd.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path


def atomic_write(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that the file is either the old one or the whole new one.

    The bytes go to a temporary file next to ``path`` (same folder, so the
    rename stays on one file system), are flushed to disk, and the temporary
    file is renamed over ``path``. If anything fails or is interrupted on the
    way, the temporary file is removed and ``path`` is untouched; temporary
    files that a killed process left behind (``kill -9``) are removed by the
    next write of the same file. A new file gets the usual permissions (those
    of a file created with ``open``), a replaced one keeps its own. A symbolic
    link is followed: its target is written, the link stays. Errors name
    ``path``, never the temporary file.

    >>> import tempfile, os
    >>> p = atomic_write(os.path.join(tempfile.mkdtemp(), "a.txt"), "hello")
    >>> p.read_text(), [f for f in os.listdir(p.parent)]
    ('hello', ['a.txt'])
    """
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = target.parent
    prefix = _temporary_prefix(target.name)
    _remove_abandoned(folder, prefix)
    tmp = folder / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # umask applies
    except OSError as e:  # named by the user's path, not the temporary one
        raise type(e)(e.errno, e.strerror, str(path)) from None
    try:
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, OSError) and e.errno is not None:
            raise type(e)(e.errno, e.strerror, str(path)) from None
        raise
    _fsync_folder(folder)
    return path


_NAME_MAX = 255  # bytes in one file name, on the usual file systems


def _temporary_prefix(name: str) -> str:
    """``.NAME.``, shortened so that the temporary file's name stays within ``_NAME_MAX``
    bytes once the process id and the random part (at most 22 bytes) are added."""
    while len(f".{name}.".encode("utf-8")) > _NAME_MAX - 22:
        name = name[:-1]
    return f".{name}."


def _remove_abandoned(folder: Path, prefix: str) -> None:
    """Delete the temporary files ``prefix + PID-RANDOM.tmp`` whose process is gone."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        pid, dash, rest = name[len(prefix):-len(".tmp")].partition("-")
        if not (dash and pid.isdigit() and len(rest) == 8) or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / name)


def _alive(pid: int) -> bool:
    if os.name != "posix":  # elsewhere os.kill(pid, 0) is no harmless probe: assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process, or no such number
        return pid < 2**31
    return True


def writable_problem(path: str | os.PathLike, folder: bool = False) -> str | None:
    """Why a file (or with ``folder=True`` a folder) cannot be written at ``path``, or
    ``None`` when it can: checked before long work, so that the work is not lost.

    The folders that do not exist yet are created by the writers; what counts is
    the nearest one that exists.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> writable_problem(os.path.join(d, "new", "a.svg")) is None
    True
    >>> writable_problem(d)
    'it is a folder; give a file name'
    """
    path = Path(path)
    for part in path.parts:  # first: a file system refuses even to look such a name up
        if len(part.encode("utf-8", "surrogateescape")) > _NAME_MAX:
            return f"the name {part[:20]}... is longer than {_NAME_MAX} bytes"
    if path.is_dir() != folder and path.exists():
        return "it is a folder; give a file name" if not folder else "it exists and is not a folder"
    existing = path if folder and path.exists() else path.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"the folder {existing} is not writable"
    return None


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


__all__ = ["atomic_write", "writable_problem"]
