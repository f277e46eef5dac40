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
    """What one read of the bytes found (digest, whether UTF-8), so they are read once."""

    def _read_facts(self) -> None:
        """Hash the bytes and see whether they are UTF-8 text, in one pass: the import
        needs both of every file, and reading a large import twice costs seconds. Blocks of
        plain ASCII (nearly all police data) are checked at memory speed."""
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                if utf8 and not (block.isascii() and not decoder.buffer):
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError:
                        utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        self.facts.update(sha256=digest.hexdigest(), utf8=utf8)

    def _facts(self) -> dict[str, object]:
        """The facts, read now unless :func:`read_ahead` is reading (or has read) them."""
        pending = self.facts.get("pending")
        if isinstance(pending, Future):
            pending.result()
        elif "sha256" not in self.facts:
            self._read_facts()
        return self.facts

    def sha256(self) -> str:
        return str(self._facts()["sha256"])

    def is_utf8(self) -> bool:
        """True when every byte of the file is UTF-8 text (the careful read names the line
        of the first that is not)."""
        return bool(self._facts()["utf8"])


@contextlib.contextmanager
def read_ahead(files: Sequence[InputFile]) -> Iterator[None]:
    """Hash the files and check their bytes in a thread of their own, in order, while the
    import reads them with DuckDB: hashlib lets go of the GIL and DuckDB works outside it,
    so the second pass over the bytes costs a core's time, not the import's. Asking a file
    for its facts waits for them. Whatever is not yet read when the block ends is dropped
    (the import failed), and the thread ends before the block does (the files may be
    temporary)."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="csphub-hash")
    try:
        for file in files:
            if "sha256" not in file.facts and "pending" not in file.facts:
                file.facts["pending"] = pool.submit(file._read_facts)
        yield
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for file in files:
            pending = file.facts.get("pending")
            if isinstance(pending, Future) and pending.cancelled():
                del file.facts["pending"]


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
            try:
                with archive.open(info) as source, target.open("wb") as out:
                    for block in iter(lambda s=source: s.read(1 << 20), b""):
                        written += len(block)
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
            files.append(InputFile(path=target, name=f"{name}!{info.filename}", size=written))
        return files
