"""Errors a user can act on. Each carries one clear line; the CLI prints it without a traceback."""


class DeskError(Exception):
    """Something about the desk or the request that the user can fix."""


class NotADesk(DeskError):
    """The file is missing, not SQLite, or a SQLite file that deskcheck did not make."""


class NewerDesk(DeskError):
    """The desk was written by a newer deskcheck; opening it could damage it."""


class UnknownClaim(DeskError):
    pass


class UnknownVerdict(DeskError):
    pass


class UnknownRecord(DeskError):
    """An id that names no row of the kind asked for (interpretation, evidence, trigger…)."""


class InvalidValue(DeskError):
    """A value outside the desk's vocabulary (a mark, a grade, a note kind…) or an empty field."""


class ReadOnlyDesk(DeskError):
    """The desk file cannot be written: opened for reading only."""


class DeskFull(DeskError):
    """The disk (or the desk's size limit) is full: the write was rolled back."""


class DeskBusy(DeskError):
    """Another reviewer's write held the desk for longer than the busy timeout."""
