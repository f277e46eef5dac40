"""Turn the paths given to `csphub import-police` into a list of files to read.

A path may be a file (CSV, JSON or Parquet), a folder (read recursively, in name order) or
a zip archive as data.police.uk and the London Datastore ship them. An archive is checked
before anything is extracted: too many members or too much uncompressed data is refused (a
"zip bomb" would otherwise fill the disk), and every member is extracted to a temporary
file with a generated name, never to a path built from the member's name (which could point
outside the folder).
The member's name is kept only as text, for messages and for reading the month and force.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PoliceDataError

READ_SUFFIXES = (".csv", ".json", ".parquet")
"""Members and files that are read; anything else in a folder or archive is skipped."""


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 5000
    max_total_bytes: int = 2 * 1024**3
    max_ratio: int = 200
    """Largest uncompressed/compressed ratio of one member (CSV compresses about 10:1)."""


class Utf8Check:
    """Whether a file's blocks, fed in order, are UTF-8 text. Blocks of plain ASCII (nearly
    all police data) are checked at memory speed; only other bytes are decoded."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._ok = True

    def feed(self, block: bytes) -> None:
        if not self._ok or (block.isascii() and not self._decoder.buffer):
            return
        try:
            self._decoder.decode(block)
        except UnicodeDecodeError:
            self._ok = False

    def result(self) -> bool:
        if self._ok:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self._ok = False
        return self._ok


@dataclass(frozen=True)
class InputFile:
    """A file to read: where it is on disk now, and what to call it in messages."""

    path: Path
    name: str
    """The name as the user knows it: the path given, or 'archive.zip!folder/member.csv'."""
    size: int

    @property
    def suffix(self) -> str:
        return Path(self.name.rsplit("!", 1)[-1]).suffix.lower()

    @property
    def parts(self) -> tuple[str, ...]:
        """The folders and file name of ``name`` (inside an archive: of the member)."""
        inner = self.name.rsplit("!", 1)[-1].replace("\\", "/")
        outer = self.name.rsplit("!", 1)[0] if "!" in self.name else ""
        parts = [p for p in inner.split("/") if p]
        if outer:
            parts = [*Path(outer).parts[:-1], *parts]
        return tuple(parts)

    facts: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    """What reading the bytes found (``utf8``, ``sha256``), so each is worked out once."""

    def _check_text(self) -> None:
        check = Utf8Check()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                check.feed(block)
        self.facts["utf8"] = check.result()

    def _hash(self) -> None:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        self.facts["sha256"] = digest.hexdigest()

    def _wait(self, fact: str) -> None:
        pending = self.facts.get(f"pending_{fact}")
        if isinstance(pending, Future):
            pending.result()

    def sha256(self) -> str:
        """The SHA-256 of the bytes, worked out now unless :func:`hash_later` is doing it."""
        self._wait("sha256")
        if "sha256" not in self.facts:
            self._hash()
        return str(self.facts["sha256"])

    def is_utf8(self) -> bool:
        """True when every byte of the file is UTF-8 text (the careful read names the line
        of the first that is not)."""
        self._wait("utf8")
        if "utf8" not in self.facts:
            self._check_text()
        return bool(self.facts["utf8"])


@contextlib.contextmanager
def read_ahead(files: Sequence[InputFile]) -> Iterator[None]:
    """Check that the files are UTF-8 text in a thread of their own, in order, while the
    import reads them with DuckDB (which looks only at the columns it projects). Asking a
    file whether it is UTF-8 waits for the answer. Whatever is not yet checked when the
    block ends is dropped (the import failed), and the thread ends before the block does
    (the files may be temporary)."""
    with _worker(files, "utf8", InputFile._check_text):
        yield


@contextlib.contextmanager
def hash_later(files: Sequence[InputFile]) -> Iterator[None]:
    """Hash the files in a thread of their own while the block runs (an import writes the
    database meanwhile: SHA-256 of a large import is most of a second of one core, which
    the reading, using both cores, cannot spare, and the writing, using one, can). Asking a
    file for its digest waits for it; the thread ends before the block does."""
    with _worker(files, "sha256", InputFile._hash):
        yield


@contextlib.contextmanager
def _worker(files: Sequence[InputFile], fact: str, work) -> Iterator[None]:
    """Work out ``fact`` of each file, in order, in one thread (hashlib and file reads let
    go of the GIL, and DuckDB works outside it)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"csphub-{fact}")
    key = f"pending_{fact}"
    try:
        for file in files:
            if fact not in file.facts and key not in file.facts:
                file.facts[key] = pool.submit(work, file)
        yield
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for file in files:
            file.facts.pop(key, None)


@contextlib.contextmanager
def expand(
    paths: Sequence[str | os.PathLike], limits: ZipLimits | None = None
) -> Iterator[list[InputFile]]:
    """Yield the files to read; extracted archive members live until the block ends."""
    limits = limits or ZipLimits()
    with tempfile.TemporaryDirectory(prefix="csphub-import-") as tmp:
        files: list[InputFile] = []
        counter = [0]
        for raw in paths:
            path = Path(raw)
            if not path.exists():
                raise PoliceDataError(str(raw), "no such file or folder")
            if path.is_dir():
                for found in sorted(p for p in path.rglob("*") if p.is_file()):
                    files.extend(_one(found, str(found), Path(tmp), limits, counter))
            else:
                found = _one(path, str(raw), Path(tmp), limits, counter)
                if not found and path.suffix.lower() != ".zip":
                    raise PoliceDataError(
                        str(raw),
                        "not a file this import reads: expected .csv, .json or .zip (or .parquet)",
                    )
                files.extend(found)
        yield files


def _one(
    path: Path, name: str, tmp: Path, limits: ZipLimits, counter: list[int]
) -> list[InputFile]:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _extract(path, name, tmp, limits, counter)
    if suffix in READ_SUFFIXES:
        return [InputFile(path=path, name=name, size=path.stat().st_size)]
    return []


def _extract(
    path: Path, name: str, tmp: Path, limits: ZipLimits, counter: list[int]
) -> list[InputFile]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise PoliceDataError(name, f"not a readable zip archive ({exc})") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_members:
            raise PoliceDataError(
                name,
                f"the archive has {len(members):,} files, more than the {limits.max_members:,} "
                "an import accepts; unpack it and import its folders separately",
            )
        wanted = [info for info in members if Path(info.filename).suffix.lower() in READ_SUFFIXES]
        total = sum(info.file_size for info in wanted)
        if total > limits.max_total_bytes:
            raise PoliceDataError(
                name,
                f"the archive would unpack to {total / 1024**3:.1f} GB, more than the "
                f"{limits.max_total_bytes / 1024**3:.1f} GB an import accepts",
            )
        for info in wanted:
            if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
                raise PoliceDataError(
                    f"{name}!{info.filename}",
                    "the member compresses far more than a data file can "
                    f"({info.file_size:,} bytes from {info.compress_size:,}); refused as unsafe",
                )
        files: list[InputFile] = []
        for info in sorted(wanted, key=lambda i: i.filename):
            counter[0] += 1
            target = tmp / f"member-{counter[0]:06d}{Path(info.filename).suffix.lower()}"
            written = 0
            # the member's bytes pass through here once: hash and check them now (the
            # extracted copy is gone when the import's reading ends)
            digest, check = hashlib.sha256(), Utf8Check()
            try:
                with archive.open(info) as source, target.open("wb") as out:
                    for block in iter(lambda s=source: s.read(1 << 20), b""):
                        written += len(block)
                        digest.update(block)
                        check.feed(block)
                        if written > info.file_size:
                            raise PoliceDataError(
                                f"{name}!{info.filename}",
                                "the member is larger than the archive says; refused as unsafe",
                            )
                        out.write(block)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                raise PoliceDataError(
                    f"{name}!{info.filename}", f"cannot be read from the archive ({exc})"
                ) from None
            member = InputFile(path=target, name=f"{name}!{info.filename}", size=written)
            member.facts.update(sha256=digest.hexdigest(), utf8=check.result())
            files.append(member)
        return files
