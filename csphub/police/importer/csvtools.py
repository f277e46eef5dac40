"""Shared helpers for reading CSV (and Parquet) with DuckDB and for saying exactly where a
file is wrong.

DuckDB reads the data (fast, streaming, typed); when it refuses a row it records the line
and column (``store_rejects``), which become the message. A few checks DuckDB cannot
place on a line (a blank required field, an unmapped label) re-read the file with Python's
csv module to find the first offending line: that costs time only when something is wrong.

A Parquet file has no lines: its problems are placed by row (the first data row is row 1),
with :class:`ParquetRowError`, which says "row" where a CSV error says "line".
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Callable, Iterator, Sequence

import duckdb

from .errors import PoliceDataError
from .inputs import InputFile


class ScanFailed(Exception):
    """A fast scan (:meth:`Reader.read_csv` with ``fast``) met something it would not read;
    the careful read of the same files says what and where."""


class ParquetRowError(PoliceDataError):
    """A problem in a Parquet file: ``line`` holds the row (1 = the first data row)."""

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"row {self.line}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


def parquet_columns(file: InputFile) -> list[tuple[str, str]]:
    """The (name, DuckDB type) of every column of a Parquet file, read from its schema."""
    con = duckdb.connect(":memory:")
    try:
        rows = con.execute(
            "DESCRIBE SELECT * FROM read_parquet($path)", {"path": str(file.path)}
        ).fetchall()
    except duckdb.Error as exc:
        message = _short(exc).replace(str(file.path), file.name)
        raise PoliceDataError(file.name, f"is not a readable Parquet file ({message})") from None
    finally:
        con.close()
    return [(str(row[0]), str(row[1])) for row in rows]


def read_header(file: InputFile) -> list[str]:
    """The header row of a CSV file, checked to be readable text with named columns."""
    # Read the first line as bytes, then decode it: a text-mode readline decodes a whole
    # buffer, so a bad byte further down would be blamed on line 1.
    with file.path.open("rb") as handle:
        raw = handle.readline(1 << 20)
    try:
        first = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PoliceDataError(file.name, f"is not UTF-8 text ({exc.reason})", line=1) from None
    if not first.strip():
        raise PoliceDataError(file.name, "the file is empty (no header row)", line=1)
    header = next(csv.reader([first]))
    return [column.strip() for column in header]


def check_utf8(file: InputFile) -> None:
    """Refuse a file that is not UTF-8 text, naming the first line with a bad byte.

    DuckDB, reading with ``store_rejects``, drops such a row without recording it, so the
    file is checked here first: a streaming decode (fast), and only when that fails a
    line-by-line pass to find the line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with file.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(block)
        decoder.decode(b"", final=True)
        return
    except UnicodeDecodeError:
        pass
    number = 0
    with file.path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise PoliceDataError(
                    file.name,
                    f"is not UTF-8 text ({exc.reason} at character {exc.start + 1} of the "
                    "line); save the file as UTF-8",
                    line=number,
                ) from None
    # a multi-byte character cut off at the very end of the file
    raise PoliceDataError(
        file.name, "is not UTF-8 text (the file ends part way through a character)", line=number
    )


def iter_rows(file: InputFile) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every data row, via the csv module (error paths only)."""
    with file.path.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for fields in reader:
            yield reader.line_num, fields


def first_line_where(
    file: InputFile, column: str, test: Callable[[str], bool]
) -> tuple[int, str] | None:
    """The first line whose ``column`` fails to pass ``test``, with the value found there."""
    header = read_header(file)
    try:
        index = header.index(column)
    except ValueError:
        return None
    for line, fields in iter_rows(file):
        value = fields[index].strip() if index < len(fields) else ""
        if test(value):
            return line, value
    return None


class Reader:
    """One DuckDB connection for an import, with a fresh rejects table per file read."""

    def __init__(self) -> None:
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET preserve_insertion_order = false")
        self._scan = itertools.count(1)
        self._file_index: bool | None = None

    def close(self) -> None:
        self.con.close()

    def read_csv(
        self,
        file: InputFile | Sequence[InputFile],
        table: str,
        columns: dict[str, str],
        *,
        select: str = "*",
        fast: bool = False,
        **options,
    ) -> None:
        """Load ``file`` (or several files with the same header) into ``table``, with the
        given column types, or raise with the first line DuckDB could not read (missing or
        extra fields, a value of the wrong type). ``select`` may project the columns (and
        use ``filename``, the path of the file each row came from, and ``file_no``, its
        position in the list of files read).

        ``fast`` reads in one strict scan, without recording rejected rows, then asks each
        file whether it is UTF-8 (see :func:`.inputs.read_ahead`), and raises
        :class:`ScanFailed` on any problem at all: the caller then
        reads the same files again the careful way, which names the file, line and field.
        A good file (nearly every file) is read once, at DuckDB's full speed."""
        files = [file] if isinstance(file, InputFile) else list(file)
        if fast:
            self._read_fast(files, table, columns, select, options)
            # the read-ahead thread has been checking the bytes meanwhile (DuckDB does not
            # look at the columns it does not project): a file that is not UTF-8 sends the
            # batch to the careful read, which names the line
            if not all(one.is_utf8() for one in files):
                raise ScanFailed("not UTF-8 text")
            return
        for one in files:
            check_utf8(one)
        n = next(self._scan)
        rejects, scans = f"rejects_{n}", f"scans_{n}"
        settings = {
            "header": True,
            "auto_detect": False,
            "delim": ",",
            "quote": '"',
            "escape": '"',
            "columns": columns,
            "store_rejects": True,
            "rejects_table": rejects,
            "rejects_scan": scans,
            "filename": True,
            **options,
        }
        args = ", ".join(f"{key} := ${key}" for key in settings)
        source = self._source(files, f"read_csv($paths, {args})", select)
        sql = f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM {source}"  # noqa: S608 - names are ours
        try:
            self.con.execute(sql, {"paths": [str(f.path) for f in files], **settings})
        except duckdb.Error as exc:
            message = _short(exc)
            named = next((f for f in files if str(f.path) in message), files[0])
            raise PoliceDataError(
                named.name, message.replace(str(named.path), named.name)
            ) from None
        fields = "s.file_path, e.line, e.column_name, e.error_type, e.csv_line, e.error_message"
        query = (
            f"SELECT {fields} FROM {rejects} e JOIN {scans} s USING (scan_id, file_id) "  # noqa: S608
            "ORDER BY e.line, e.column_idx LIMIT 10000"
        )
        problems = self.con.execute(query).fetchall()
        self.con.execute(f"DROP TABLE IF EXISTS {rejects}")
        self.con.execute(f"DROP TABLE IF EXISTS {scans}")
        if problems:
            order = {str(f.path): i for i, f in enumerate(files)}
            path, line, column, kind, text, message = min(
                problems, key=lambda p: (order.get(p[0], len(files)), p[1])
            )
            named = files[order[path]] if path in order else files[0]
            expected = _EXPECTED.get(columns.get(column, ""), "")
            raise PoliceDataError(
                named.name,
                _explain(kind, column, text, message, expected),
                line=int(line),
                field=column,
            )

    def _read_fast(
        self,
        files: list[InputFile],
        table: str,
        columns: dict[str, str],
        select: str,
        options: dict,
    ) -> None:
        settings = {
            "header": True,
            "auto_detect": False,
            "delim": ",",
            "quote": '"',
            "escape": '"',
            "columns": columns,
            "filename": True,
            "strict_mode": True,
            **options,
        }
        args = ", ".join(f"{key} := ${key}" for key in settings)
        source = self._source(files, f"read_csv($paths, {args})", select)
        sql = f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM {source}"  # noqa: S608 - names are ours
        try:
            self.con.execute(sql, {"paths": [str(f.path) for f in files], **settings})
        except duckdb.Error as exc:
            raise ScanFailed(_short(exc)) from None

    def _source(self, files: list[InputFile], scan: str, select: str) -> str:
        """The scan, with each row's file number as ``file_no`` when ``select`` asks for it:
        DuckDB's ``file_index`` (the file's position in the list), or, before DuckDB had
        it, a hash join on the path (``list_position($paths, filename)`` would compare
        every row's path with every path of a large batch)."""
        if "file_no" not in select:
            return scan
        if self._file_index is None:
            self._file_index = self._knows_file_index(files[0])
        if self._file_index:
            return f"(SELECT *, file_index::INTEGER AS file_no FROM {scan})"  # noqa: S608
        load_rows(
            self.con,
            "scan_files",
            {"filename": "VARCHAR", "file_no": "INTEGER"},
            [(str(f.path), i) for i, f in enumerate(files)],
        )
        return f"{scan} JOIN scan_files USING (filename)"

    def _knows_file_index(self, file: InputFile) -> bool:
        """Whether this DuckDB gives a scan's rows ``file_index`` (1.3 and later)."""
        probe = (
            "DESCRIBE SELECT file_index FROM read_csv($path, header := true, "
            "auto_detect := false, columns := {'x': 'VARCHAR'}, strict_mode := false)"
        )
        try:
            self.con.execute(probe, {"path": str(file.path)})
        except duckdb.Error:
            return False
        return True

    def read_parquet(self, file: InputFile, table: str, select: str) -> None:
        """Load ``select`` (quoted column expressions) from a Parquet file into ``table``,
        with ``file_row_number`` (0 for the first row) to place any problem found later."""
        sql = (
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT file_row_number, {select} "  # noqa: S608
            "FROM read_parquet($path, file_row_number := true)"
        )
        try:
            self.con.execute(sql, {"path": str(file.path)})
        except duckdb.Error as exc:
            message = _short(exc).replace(str(file.path), file.name)
            raise PoliceDataError(file.name, f"cannot be read ({message})") from None


def first_row_where(
    con, table: str, column: str, test: Callable[[str], bool]
) -> tuple[int, str] | None:
    """The first row (1-based) of a table read by :meth:`Reader.read_parquet` whose
    ``column``, as text, passes ``test`` (blank for a null), with the value found there."""
    quoted = '"' + column.replace('"', '""') + '"'
    rows = con.execute(
        f"SELECT file_row_number, CAST({quoted} AS VARCHAR) FROM {table} ORDER BY 1"  # noqa: S608
    ).fetchall()
    for number, value in rows:
        value = (value or "").strip()
        if test(value):
            return int(number) + 1, value
    return None


_EXPECTED = {"DATE": "a month written YYYY-MM", "BIGINT": "a whole number"}


def _explain(kind: str, column: str, text: str | None, message: str, expected: str) -> str:
    shown = (text or "")[:120]
    if kind == "MISSING COLUMNS":
        return f"the row is short of fields (truncated?): {message}; the line reads {shown!r}"
    if kind == "TOO MANY COLUMNS":
        return f"the row has too many fields: {message}; the line reads {shown!r}"
    if kind == "CAST":
        value = message.split('Could not convert string "', 1)[-1].split('"', 1)[0]
        if expected:
            return f"{value!r} is not a valid value for {column!r}: expected {expected}"
        return f"{value!r} is not a valid value for {column!r} ({message})"
    if kind == "UNQUOTED VALUE":
        return f"a quote is not closed or a value is wrongly quoted: {message}"
    if kind == "INVALID UNICODE":
        return "the line is not UTF-8 text"
    return f"{kind.lower()}: {message}"


def _short(exc: Exception) -> str:
    """DuckDB's message without its long list of possible fixes and settings."""
    text = str(exc).split("\n\n", 1)[0]
    return text.replace("Invalid Input Error: ", "").strip()


def load_rows(con, table: str, columns: dict[str, str], rows: list[tuple]) -> None:
    """Create ``table`` holding ``rows`` (one INSERT of column lists, not one per row)."""
    spec = ", ".join(f"{name} {kind}" for name, kind in columns.items())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} ({spec})")
    if not rows:
        return
    names = list(columns)
    values = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    select = ", ".join(f"unnest(${name})" for name in names)
    con.execute(f"INSERT INTO {table} SELECT {select}", values)
