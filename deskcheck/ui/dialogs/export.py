"""Export one claim to a file: a Markdown desk note or ClaimReview JSON-LD."""

from __future__ import annotations

from deskcheck.ui.dialogs.file_choice import FileChoice, FileChoiceScreen

ExportForm = FileChoice


class ExportScreen(FileChoiceScreen):
    TITLE_TEXT = "Export this claim"
    CHOICES = [
        ("Markdown desk note", "markdown"),
        ("ClaimReview JSON-LD", "claimreview"),
        ("ClaimReview, even for a verdict with no rating", "claimreview-force"),
    ]
    SUFFIXES = {"markdown": ".md", "claimreview": ".claimreview.json"}
    STEM = "claim"
