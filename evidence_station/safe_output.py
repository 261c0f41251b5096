"""Output files that never destroy evidence: every option that writes a file goes through here.

``--out``, ``--pdf``, ``--csv``, ``--receipt``, ``--certificate``, ``--burn stdio:PATH``, the disc image and the
GUI's save dialogs all write with :func:`open_output` (a stream or a temporary path, then :meth:`commit`) or
:func:`write_output_bytes`. The rules (CLI.md, "Outputs never destroy evidence"):

* the target is resolved first, symbolic links and ``..`` included: a link that points into a station home is
  inside that home;
* a folder is refused; so is any path inside a station home — *any* home, recognised by its markers
  (``settings.json`` beside ``catalogue.sqlite3``, ``identity/``, ``vault/`` or ``checkpoints/``), inside a vault
  (``objects/`` beside ``tmp/``) and inside the folders the caller protects (the home in use and the shared vault
  its settings name) — even with force;
* an existing file is refused unless forced; one that is not a regular file, or that has more than one hard
  link (the same bytes under another name, perhaps evidence), is refused even forced;
* the bytes go to a new temporary file in the target's folder, created ``0600``; it is fsynced and put in place
  atomically — without force by a hard link, which fails rather than replace a file created meanwhile (where
  the file system has no hard links, by a rename that does not replace), with force by a rename over the old
  file — and the folder is fsynced. The folder is held open while writing (POSIX), so every step happens in
  the folder that was checked even if a path component is swapped for a link meanwhile. A failure removes the
  temporary file; nothing is ever truncated in place;
* the finished file gets the mode of a new document (``0666`` less the umask); a private output (a disc image)
  keeps ``0600`` until its writer publishes it complete and verified.

Every refusal is an :class:`InvalidInputError` (exit code 2) naming the path and what to do, in English and
Chinese. This module imports only :mod:`evidence_station.domain` and the standard library.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg
from evidence_station.domain.settings import Settings

HOME_SETTINGS = "settings.json"
#: Beside ``settings.json``, any of these makes a folder a station home.
HOME_MARKERS = ("catalogue.sqlite3", "identity", "vault", "checkpoints")
#: A folder holding both is a vault: nothing inside its ``objects/`` or ``tmp/`` is ever an output.
VAULT_MARKERS = ("objects", "tmp")
TEMP_SUFFIX = ".part"
PRIVATE_MODE = 0o600
#: The target's name is cut to this many UTF-8 bytes inside a temporary name (names may have 255).
_TEMP_NAME_BYTES = 160
_TAG = re.compile(r"[A-Za-z0-9_]*")
_BINARY = getattr(os, "O_BINARY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
#: Work relative to an open folder where the OS allows it (Linux, macOS, BSD; not Windows).
_DIR_FD = os.name == "posix" and {os.open, os.stat, os.link, os.rename, os.unlink} <= os.supports_dir_fd
#: ``link()`` errors meaning "this file system has no hard links" (FAT/exFAT, some network shares).
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EINVAL,
             getattr(errno, "ENOTSUP", errno.EOPNOTSUPP), errno.EOPNOTSUPP}
_RENAME_NOREPLACE = 1
_AT_FDCWD = -100


# -- where outputs may not go ----------------------------------------------------------------------------------
def protected_folders(home: str | os.PathLike[str] | None) -> tuple[Path, ...]:
    """A station home and the vault folder its settings name (a shared vault lies outside the home)."""
    if home is None:
        return ()
    root = Path(home)
    found = [root]
    try:
        vault_dir = Settings.load(root / HOME_SETTINGS).vault_dir if (root / HOME_SETTINGS).is_file() else ""
    except (OSError, ValueError, TypeError):
        vault_dir = ""
    if vault_dir:
        found.append(Path(vault_dir))
    return tuple(found)


def _is_home(folder: Path) -> bool:
    return (folder / HOME_SETTINGS).is_file() and any((folder / marker).exists() for marker in HOME_MARKERS)


def _is_vault(folder: Path) -> bool:
    return all((folder / marker).is_dir() for marker in VAULT_MARKERS)


def _resolved(path: Path) -> Path | None:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return None


def station_folder_of(path: str | os.PathLike[str], protect: Iterable[str | os.PathLike[str]] = ()) -> Path | None:
    """The station home, vault or protected folder that ``path`` (resolved) lies in or is; None if none."""
    target = _resolved(Path(path))
    if target is None:
        return None
    for folder in protect:
        root = _resolved(Path(folder))
        if root is not None and (target == root or root in target.parents):
            return root
    for folder in (target, *target.parents):
        try:
            if _is_home(folder):
                return folder
            if folder.name in VAULT_MARKERS and folder != target and _is_vault(folder.parent):
                return folder.parent
        except OSError:
            continue
    return None


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The absolute path an output really lands at (symbolic links and ``..`` resolved)."""
    text = os.fspath(path)
    if not str(text).strip():
        raise InvalidInputError(Msg("No output file was named; give the path of the file to write."))
    try:
        return Path(text).resolve()
    except (OSError, RuntimeError) as exc:
        raise InvalidInputError(
            Msg("The output path {text} cannot be resolved ({exc}); check its folders and links.", text=text, exc=exc),
        ) from None


def _refuse_station_folder(
    target: Path, given: str | os.PathLike[str], protect: Iterable[str | os.PathLike[str]]
) -> None:
    root = station_folder_of(target, protect)
    if root is not None:
        shown: str | Msg = os.fspath(given)
        if os.path.abspath(shown) != str(target):
            shown = Msg("{path} (which leads to {target})", path=shown, target=target)
        raise InvalidInputError(Msg(
            "{path} is inside the station folder {root} (catalogue, vault, identity, checkpoints, exports); "
            "the station never writes an output there, not even with --force. Choose a place outside it.",
            path=shown, root=root,
        ))


def _refuse_existing(target: Path, given: str | os.PathLike[str], existing: os.stat_result, force: bool) -> None:
    if stat.S_ISDIR(existing.st_mode):
        raise InvalidInputError(
            Msg(
                "{given} is a folder; give the name of a file to write (e.g. a new file inside that folder).",
                given=given,
            ),
        )
    if not stat.S_ISREG(existing.st_mode):
        raise InvalidInputError(
            Msg(
                "{given} is not a regular file (a device, pipe or socket); the station writes outputs only to "
                "files. Choose a file name.",
                given=given,
            ),
        )
    if existing.st_nlink > 1:
        raise InvalidInputError(
            Msg(
                "{given} has {links} hard links (the same file under other names, perhaps evidence); it is "
                "never replaced, not even with --force. Choose another name.",
                given=given,
                links=existing.st_nlink,
            ),
        )
    if not force:
        raise InvalidInputError(
            Msg(
                "{given} already exists; the station never overwrites a file unless told to. Choose another "
                "name, or add --force to replace it.",
                given=given,
            ),
        )


@dataclass(frozen=True)
class OutputTarget:
    """An output path that passed every check: where it lands, what is there now and its folder."""

    path: Path
    existing: os.stat_result | None
    folder: os.stat_result


def check_output_path(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    protect: Iterable[str | os.PathLike[str]] = (),
    make_parents: bool = False,
) -> OutputTarget:
    """Check that an output may be written to ``path``; :class:`InvalidInputError` (exit 2) says why not.

    Refused: a folder; anything inside a station home, a vault or a folder of ``protect`` (even with
    ``force``); a file that exists (unless ``force``); a file that is not regular or has several hard links
    (even with ``force``); a folder that does not exist (created when ``make_parents``). Nothing is written
    except, with ``make_parents``, the missing folders.
    """
    target = resolve_target(path)
    given = os.fspath(path)
    _refuse_station_folder(target, given, protect)
    try:
        existing: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise _os_problem(target, exc) from None
    if existing is not None:
        _refuse_existing(target, given, existing, force)
    folder = target.parent
    try:
        if make_parents and not folder.exists():
            folder.mkdir(parents=True, exist_ok=True)
        folder_stat = os.stat(folder)
    except FileNotFoundError:
        raise InvalidInputError(Msg(
            "The folder {folder} does not exist; create it or choose another place.",
            folder=folder,
        )) from None
    except OSError as exc:
        raise _os_problem(folder, exc) from None
    if not stat.S_ISDIR(folder_stat.st_mode):
        raise InvalidInputError(Msg(
            "{folder} is not a folder; choose another place for {name}.",
            folder=folder,
            name=target.name,
        ))
    return OutputTarget(target, existing, folder_stat)


def check_output_folder(path: str | os.PathLike[str], *, protect: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """A folder an output is written into (e.g. a demo card): refused inside a station home or vault."""
    target = resolve_target(path)
    _refuse_station_folder(target, os.fspath(path), protect)
    return target


def _os_problem(path: Path, exc: OSError) -> InvalidInputError:
    reason = exc.strerror or str(exc)
    return InvalidInputError(Msg(
        "{path} cannot be used for the output ({reason}); choose another place.",
        path=path,
        reason=reason,
    ))


# -- temporary names --------------------------------------------------------------------------------------------
def _short(name: str) -> str:
    data = name.encode("utf-8", "surrogateescape")
    if len(data) <= _TEMP_NAME_BYTES:
        return name
    return data[:_TEMP_NAME_BYTES].decode("utf-8", "ignore")


def _check_tag(tag: str) -> str:
    if not _TAG.fullmatch(tag):
        raise ValueError(f"a temporary-name tag is letters, digits and _ only, not {tag!r}")
    return tag


def temp_name(final_name: str, tag: str = "") -> str:
    """A fresh temporary name beside ``final_name``: ``NAME.[TAG-]XXXXXXXX.part``."""
    middle = f"{_check_tag(tag)}-" if tag else ""
    return f"{_short(final_name)}.{middle}{secrets.token_hex(4)}{TEMP_SUFFIX}"


def temp_name_pattern(final_name: str, tag: str) -> re.Pattern[str]:
    """What :func:`temp_name` makes for ``final_name`` with ``tag`` (a non-empty tag)."""
    if not _check_tag(tag):
        raise ValueError("a tag is needed to recognise temporary names")
    return re.compile(re.escape(f"{_short(final_name)}.{tag}-") + "[0-9a-f]{8}" + re.escape(TEMP_SUFFIX))


def remove_temp_outputs(final: str | os.PathLike[str], tag: str) -> list[Path]:
    """Remove the temporary files a writer killed mid-way left for ``final`` under ``tag``; return them.

    Only regular files (never a link) whose name is exactly what :func:`temp_name` makes for this target and
    tag, in the target's own folder, are removed: names no one but the station makes.
    """
    target = Path(final)
    pattern = temp_name_pattern(target.name, tag)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def document_mode() -> int:
    """The mode of a new document: ``0666`` less the process's umask."""
    return 0o666 & ~_umask()


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o077)  # no way to read it without setting it (briefly, to the safest value)
    os.umask(current)
    return current


# -- the folder an output is written in -------------------------------------------------------------------------
class _Folder:
    """The checked folder of an output: held open (POSIX) so each step happens in it, by name."""

    def __init__(self, path: Path, checked: os.stat_result) -> None:
        self.path = path
        self.fd: int | None = None
        if _DIR_FD:
            fd = os.open(path, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
            opened = os.fstat(fd)
            if (opened.st_dev, opened.st_ino) != (checked.st_dev, checked.st_ino):
                os.close(fd)
                raise InvalidInputError(
                    Msg("The folder {path} changed while the output was being checked; try again.", path=path),
                )
            self.fd = fd

    def _name(self, name: str) -> str | Path:
        return name if self.fd is not None else self.path / name

    def create(self, name: str) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
        if self.fd is not None:
            return os.open(name, flags, PRIVATE_MODE, dir_fd=self.fd)
        return os.open(self.path / name, flags, PRIVATE_MODE)

    def lstat(self, name: str) -> os.stat_result:
        if self.fd is not None:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        return os.lstat(self.path / name)

    def link(self, source: str, target: str) -> None:
        if self.fd is not None:
            os.link(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd, follow_symlinks=False)
        else:
            os.link(self.path / source, self.path / target)

    def replace(self, source: str, target: str) -> None:
        if self.fd is not None:
            os.replace(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        else:
            os.replace(self.path / source, self.path / target)

    def rename_no_replace(self, source: str, target: str) -> None:
        """Rename that fails with FileExistsError rather than replace ``target``."""
        if sys.platform.startswith("linux") and _renameat2(self.fd, source, target, self.path):
            return
        if os.name == "nt":
            os.rename(self.path / source, self.path / target)  # never replaces on Windows
            return
        try:  # last resort (no renameat2): a window of a few instructions remains
            self.lstat(target)
        except FileNotFoundError:
            if self.fd is not None:
                os.rename(source, target, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            else:
                os.rename(self.path / source, self.path / target)
            return
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(self.path / target))

    def unlink(self, name: str) -> None:
        if self.fd is not None:
            os.unlink(name, dir_fd=self.fd)
        else:
            os.unlink(self.path / name)

    def fsync(self) -> None:
        if self.fd is not None:
            os.fsync(self.fd)
        elif os.name == "posix":
            fd = os.open(self.path, os.O_RDONLY | _CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _renameat2(folder_fd: int | None, source: str, target: str, folder: Path) -> bool:
    """Linux ``renameat2(RENAME_NOREPLACE)``; False when the C library or the file system lacks it."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    fd = folder_fd if folder_fd is not None else _AT_FDCWD
    src = os.fsencode(source if folder_fd is not None else str(folder / source))
    dst = os.fsencode(target if folder_fd is not None else str(folder / target))
    if function(fd, src, fd, dst, _RENAME_NOREPLACE) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.EEXIST:
        raise FileExistsError(code, os.strerror(code), str(folder / target))
    if code in (errno.EINVAL, errno.ENOSYS, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP), errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(folder / target))


# -- writing ------------------------------------------------------------------------------------------------------
class PendingOutput:
    """A new output being written under a temporary name beside its target (mode 0600 while written).

    Write to :attr:`stream`, or let a writer that wants a file name write to :attr:`temp_path`; then
    :meth:`commit` puts the file in place (or :meth:`discard` removes it). As a context manager it commits
    on a normal exit (unless already committed) and discards on an exception.
    """

    def __init__(self, target: OutputTarget, *, force: bool, private: bool, tag: str = "") -> None:
        self.target = target.path
        self.force = force
        self.private = private
        self.temp_name = temp_name(target.path.name, tag)
        try:
            self._folder = _Folder(target.path.parent, target.folder)
        except OSError as exc:
            raise _os_problem(target.path.parent, exc) from None
        try:
            fd = self._folder.create(self.temp_name)
        except FileExistsError:  # a random name taken: astronomically unlikely; never reuse a file
            self._folder.close()
            raise InvalidInputError(Msg(
                "Could not create a temporary file beside {target}; try again.",
                target=self.target,
            )) from None
        except OSError as exc:
            self._folder.close()
            raise _os_problem(self.target, exc) from None
        self._identity = _identity(os.fstat(fd))
        self.stream: BinaryIO = os.fdopen(fd, "wb")
        self.state = "open"

    @property
    def temp_path(self) -> Path:
        """The temporary file (for writers that open a file by name; it already exists, mode 0600)."""
        return self.target.parent / self.temp_name

    def rewrite(self, data: bytes) -> None:
        """Make the temporary file hold exactly ``data`` (e.g. the signed form of what a writer put there)."""
        self.stream.seek(0)
        self.stream.write(data)
        self.stream.truncate()

    def commit(self, *, publish: bool | None = None) -> Path:
        """fsync the file, give it its final mode and put it in place; return the target.

        ``publish`` (default: not private) gives it the mode of a new document; otherwise it stays 0600.
        Without force the target must still not exist (a file created meanwhile is kept and this is refused);
        with force an existing regular file with one link is replaced.
        """
        if self.state != "open":
            raise RuntimeError(f"the output {self.target} is already {self.state}")
        readable = (not self.private) if publish is None else publish
        try:
            self.stream.flush()
            if _identity(self._folder.lstat(self.temp_name)) != self._identity:
                raise InvalidInputError(
                    Msg(
                        "The temporary file {temp_path} was replaced while being written; nothing was put in "
                        "place. Write the output again.",
                        temp_path=self.temp_path,
                    ),
                )
            mode = document_mode() if readable else PRIVATE_MODE
            if hasattr(os, "fchmod"):
                os.fchmod(self.stream.fileno(), mode)
            os.fsync(self.stream.fileno())
            self.stream.close()
            if self.force:
                self._replace()
            else:
                self._link()
            self.state = "committed"
            self._folder.fsync()
        except BaseException:
            self.discard()
            raise
        finally:
            if self.state == "committed":
                self._folder.close()
        return self.target

    def _replace(self) -> None:
        try:
            existing = self._folder.lstat(self.target.name)
        except FileNotFoundError:
            existing = None
        if existing is not None:
            _refuse_existing(self.target, self.target, existing, force=True)
        self._folder.replace(self.temp_name, self.target.name)

    def _link(self) -> None:
        name = self.target.name
        try:
            try:
                self._folder.link(self.temp_name, name)
            except OSError as exc:
                if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
                    raise
                self._folder.rename_no_replace(self.temp_name, name)
                return
        except FileExistsError:
            raise InvalidInputError(
                Msg(
                    "{target} appeared while the station was writing it and was left untouched. Choose "
                    "another name, or add --force to replace it.",
                    target=self.target,
                ),
            ) from None
        try:
            self._folder.unlink(self.temp_name)
        except FileNotFoundError:
            pass

    def discard(self) -> None:
        """Remove the temporary file (if it is still the one made here); nothing is put in place."""
        if self.state != "open":
            return
        self.state = "discarded"
        try:
            self.stream.close()
        except OSError:
            pass
        try:
            if _identity(self._folder.lstat(self.temp_name)) == self._identity:
                self._folder.unlink(self.temp_name)
        except OSError:
            pass
        finally:
            self._folder.close()

    def __enter__(self) -> PendingOutput:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None and self.state == "open":
            self.commit()
        else:
            self.discard()


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def open_output(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    protect: Iterable[str | os.PathLike[str]] = (),
    private: bool = False,
    make_parents: bool = False,
    tag: str = "",
) -> PendingOutput:
    """Check ``path`` (see :func:`check_output_path`) and start writing it under a temporary name.

    ``private``: the file stays 0600 when committed unless ``commit(publish=True)``. ``tag`` (letters, digits,
    ``_``) goes into the temporary name so a recovery can recognise it (:func:`remove_temp_outputs`).
    """
    target = check_output_path(path, force=force, protect=protect, make_parents=make_parents)
    return PendingOutput(target, force=force, private=private, tag=tag)


def open_station_file(path: str | os.PathLike[str], *, tag: str = "") -> PendingOutput:
    """Start writing a file the station keeps in its own home (an export's disc image in ``exports/``) the way an
    output is written — a new ``0600`` temporary name carrying ``tag`` (so a recovery finds it), fsync, put in
    place without replacing anything, the folder fsynced — but inside the home, where no output a person names
    may go. For the station's own paths only, never a path a person gave. The file stays ``0600``."""
    target = Path(path).absolute()
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    folder = os.stat(target.parent)
    return PendingOutput(OutputTarget(target, None, folder), force=False, private=True, tag=tag)


def write_output_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    force: bool = False,
    protect: Iterable[str | os.PathLike[str]] = (),
    make_parents: bool = False,
) -> Path:
    """Write ``data`` as a new document at ``path`` by the rules above; return where it landed."""
    with open_output(path, force=force, protect=protect, make_parents=make_parents) as output:
        output.stream.write(data)
    return output.target
