"""The one error type a user ever sees: plain English, naming the file, row and column."""

from __future__ import annotations


class InputError(Exception):
    """Bad input from the user: printed as one paragraph by the CLI, never as a traceback.

    `row` counts the way a spreadsheet does (the header is row 1), so a facilitator can open the
    file and go straight to it.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None, expected: str | None = None, in_app: str | None = None):
        self.message = message
        # What to do when the refusal is shown in an app rather than at the command line: `expected`
        # may name commands and paths, which mean nothing on a screen.
        self.in_app = in_app
        self.file = file
        self.row = row
        self.column = column
        self.expected = expected
        super().__init__(self.plain())

    def plain(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        text = self.message.rstrip(".") + "."
        if where:
            text = f"Problem in {', '.join(where)}: {text}"
        if self.expected:
            text += f" Expected: {self.expected.rstrip('.')}."
        return text
