"""Domain errors. The edges (command line, HTTP) turn each into one clear sentence."""


class KBError(Exception):
    """Base class: something the user can fix, with a message that says what."""


class BadQuery(KBError):
    """A query, filter or parameter that cannot be used."""


class NotFound(KBError):
    """An id that names no practice."""


class IndexMissing(KBError):
    """There is no index to open; ``kb index`` builds one."""


class IndexMismatch(KBError):
    """The index was built with another encoder or format version than the one asked for."""


class IndexCorrupt(KBError):
    """The index files are damaged or incomplete."""


class EncoderUnavailable(KBError):
    """An encoder whose package is not installed or whose model cannot be loaded."""


class IndexBusy(KBError):
    """Another process is building the same index."""


class BadUpload(KBError):
    """A plan file that cannot be read: too large, damaged, encrypted, or not what its name says."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status
