"""Kept only for ``ui/dialogs/decision.py`` (owned by another helper), which imports
``score_words`` from here; the claim desk's interpretations are in ``interpretations``."""

from deskcheck.ui.widgets.interpretations import score_words

__all__ = ["score_words"]
