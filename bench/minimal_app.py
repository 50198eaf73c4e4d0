"""The baseline of the UI figures: a minimal Textual app (Header, DataTable of 40 rows, Footer)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("id", "status", "claim")
        for n in range(40):
            table.add_row(n, "new", f"claim number {n}")
        table.focus()
