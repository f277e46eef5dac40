"""The one exception an import raises for a file it cannot accept."""

from __future__ import annotations


class PoliceDataError(Exception):
    """A file that cannot be imported, with where the problem is: file, line and field.

    ``line`` is the 1-based line of the file (the header is line 1); ``field`` is the column
    (or JSON key) at fault. Either may be None when the problem is with the file as a whole
    (an empty file, an archive that is too large). ``str()`` gives a sentence for people.
    """

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"
