"""The keys of forms and dialogs. A form's keys (save, cancel, save a named queue) can be
moved by the keymap: its keys line is made from the registry (``with_keys``). A dialog whose
own text names its keys ("y: publish · n: do not") keeps them: its entries are ``fixed``."""

from __future__ import annotations

from deskcheck.domain.vocabulary import PRIORITIES
from deskcheck.ui.keys import Key, Section

DIALOGS = "Forms and dialogs"

FORM = Section(
    "form",
    "forms",
    "Forms",
    (
        Key(
            "form.cancel",
            "escape",
            "cancel",
            "Cancel",
            "a form: leave it; nothing is recorded",
            show=True,
        ),
        Key(
            "form.save",
            "ctrl+s",
            "save",
            "Save",
            "a form: record what it says",
            show=True,
        ),
        Key(
            "decision.next-field",
            "enter",
            "next_field",
            "Next field",
            "decision form: the next field",
            on="decision",
            fixed=True,
        ),
        Key(
            "filters.save-named",
            "ctrl+n",
            "save_named",
            "Save as a named queue",
            "filter form: save the queue under a name the team shares",
            show=True,
            on="filters",
        ),
    ),
    typing=True,
    table=DIALOGS,
)

VIEWER = Section(
    "viewer",
    "full-text viewer",
    "Full text",
    (
        Key(
            "viewer.close", "escape", "close", "Close", "full text: close it", show=True, fixed=True
        ),
        Key(
            "viewer.search",
            "slash",
            "search",
            "Search",
            "full text: search in it",
            show=True,
            fixed=True,
        ),
        Key(
            "viewer.next-match",
            "n",
            "find_next",
            "Next match",
            "full text: the next match",
            show=True,
            fixed=True,
        ),
    ),
    table=DIALOGS,
)


def dialog(name: str, title: str, *keys: Key) -> Section:
    return Section(name, title, title, keys, table=DIALOGS)


def fixed(id: str, keys: str, action: str, label: str, help: str) -> Key:
    return Key(id, keys, action, label, help, show=True, fixed=True)


DIALOG_SECTIONS = (
    FORM,
    VIEWER,
    dialog(
        "help-dialog",
        "help",
        fixed("help.close", "escape,q,question_mark", "dismiss", "Close help", "help: close it"),
    ),
    dialog(
        "history-dialog",
        "claim history",
        fixed("history.close", "escape,q", "close", "Close", "claim history: close it"),
    ),
    dialog(
        "summary-dialog",
        "session summary",
        fixed("summary.leave", "enter,q,escape", "close", "Leave", "session summary: leave"),
    ),
    dialog(
        "meanwhile-dialog",
        "changed meanwhile",
        fixed(
            "meanwhile.record",
            "y",
            "answer(True)",
            "Record mine anyway",
            "changed meanwhile: record mine anyway (theirs stays)",
        ),
        fixed(
            "meanwhile.look",
            "n,escape",
            "answer(False)",
            "Look first",
            "changed meanwhile: look first",
        ),
    ),
    dialog(
        "preview-dialog",
        "page preview",
        fixed("preview.publish", "y", "answer(True)", "Publish", "page preview: publish"),
        fixed(
            "preview.cancel",
            "n,escape",
            "answer(False)",
            "Do not publish",
            "page preview: do not publish",
        ),
    ),
    dialog(
        "replace-dialog",
        "replace a file",
        fixed("replace.yes", "y", "answer(True)", "Replace it", "a file is there: replace it"),
        fixed("replace.no", "n,escape", "answer(False)", "Keep it", "a file is there: keep it"),
    ),
    dialog(
        "relation-dialog",
        "relation",
        fixed("relation.cancel", "escape", "dismiss_none", "Cancel", "relation: cancel"),
    ),
    dialog(
        "repeat-dialog",
        "repeat choice",
        fixed("repeat.cancel", "escape", "cancel", "Cancel", "which match is repeated: cancel"),
    ),
    dialog(
        "priority-dialog",
        "priority",
        *(
            Key(
                f"priority.{p}",
                str(p),
                f"choose({p})",
                f"P{p}",
                "priority: `1` (most urgent) to `4`",
                show=True,
                fixed=True,
                row="priority",
            )
            for p in PRIORITIES
        ),
        fixed("priority.cancel", "escape", "cancel", "Cancel", "priority: cancel"),
    ),
    dialog(
        "saved-queues-dialog",
        "saved queues",
        fixed("saved.back", "escape,q", "cancel", "Back", "saved queues: back"),
        fixed("saved.remove", "d", "remove", "Remove", "saved queues: remove the highlighted one"),
    ),
    dialog(
        "picture-dialog",
        "picture",
        fixed("picture.back", "escape,q,I", "dismiss", "Back", "picture: back to the claim desk"),
    ),
)
