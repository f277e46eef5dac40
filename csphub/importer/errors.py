"""The importer's errors: what could not be read, said so a person can act on it."""


class ImportParseError(Exception):
    """A file that cannot be parsed at all (not a document, no text layer, empty).

    The message names the file and what is wrong; nothing has been written.
    """
