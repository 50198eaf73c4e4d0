"""The keys of the claim desk and the matrix.

The order is the footer's: a shown key comes in the footer where it comes here."""

from __future__ import annotations

from deskcheck.domain.vocabulary import ASSESSMENT_MARKS, MARK_MEANING
from deskcheck.ui.keys import HELP, Key, Section

DESK_MARKS = tuple(
    Key(
        f"desk.mark-{mark.lower()}",
        str(number),
        f"rate('{mark}')",
        f"Mark {mark} ({MARK_MEANING[mark]})",
        "mark the selected evidence against the column's interpretation (CC C N I II NA) at"
        " once, and move on: the same item in the next column, then the next item",
        row="desk.marks",
    )
    for number, mark in enumerate(ASSESSMENT_MARKS, 1)
)

DESK = Section(
    "desk",
    "claim desk",
    "Claim desk",
    (
        Key(
            "desk.decide",
            "d",
            "decide",
            "Decision",
            "record a decision: verdict by number key, rationale (required), confidence",
            show=True,
        ),
        Key(
            "desk.revision-note",
            "r",
            "revision_note",
            "Revision note",
            "revision note: kind, what was wrong, what is right, verdict change, who sees it "
            "(internal by default; public: on the published page)",
            show=True,
        ),
        Key(
            "desk.trigger",
            "t",
            "trigger",
            "Trigger",
            "revision trigger: condition, optional URL to watch",
            show=True,
        ),
        Key(
            "desk.add-evidence",
            "a",
            "add_evidence",
            "Add evidence",
            "add evidence by URL (fetched in the background) or by title",
            show=True,
        ),
        Key(
            "desk.add-interpretation",
            "i",
            "add_interpretation",
            "Interpretation",
            "add an interpretation",
            show=True,
        ),
        Key(
            "desk.add-custody-hop",
            "c",
            "add_custody_hop",
            "Custody hop",
            "add a custody hop (grade as `C3`: source reliability A–F, credibility 1–6)",
            show=True,
        ),
        Key(
            "desk.want-evidence",
            "w",
            "want_evidence",
            "Evidence wanted",
            "evidence wanted: what would settle it, not yet in hand",
            show=True,
        ),
        Key(
            "desk.settle-wanted",
            "W",
            "settle_wanted",
            "Edit / resolve evidence wanted",
            "edit, resolve or drop evidence wanted: resolve links the evidence item that settled "
            "it; drop needs a reason",
        ),
        Key(
            "desk.settle-trigger",
            "T",
            "settle_trigger",
            "Edit / disarm / retire a trigger",
            "edit a revision trigger, disarm it (kept, not watched), arm it again, or retire it "
            "with a reason",
        ),
        Key(
            "desk.settle-hop",
            "K",
            "settle_hop",
            "Edit / move / remove a custody hop",
            "edit a custody hop (actor, kind, URL, grade), move it in the chain, or remove it with"
            " a reason",
        ),
        Key(
            "desk.history",
            "L",
            "history",
            "Claim history",
            "the claim's history: every change recorded on it, each edit with what it replaced "
            "(before → after)",
        ),
        Key(
            "desk.read-all",
            "H",
            "read_all",
            "The claim in full",
            "the claim in full, as `deskcheck show` prints it (`/` searches): its header, context,"
            " custody, evidence wanted, every rationale, note, trigger and comment. On a short"
            ' terminal a strip that is cut (the header, custody, evidence wanted) ends in "… H:'
            ' all", and a bottom pane with more than it shows says "↓ n more · H: all" on its rule',
            fixed=True,  # the cut strips name it
        ),
        Key(
            "desk.edit-evidence",
            "e",
            "edit_evidence",
            "Edit evidence",
            "edit the selected evidence",
        ),
        Key(
            "desk.edit-interpretation",
            "E",
            "edit_interpretation",
            "Edit interpretation",
            "edit the focused interpretation",
        ),
        Key("desk.column-left", "h", "column(-1)", "Column left", "previous column"),
        Key("desk.column-right", "l", "column(1)", "Column right", "next column"),
        Key("desk.down", "j", "cursor_down", "Down", "next evidence in a column", on="marks"),
        Key("desk.up", "k", "cursor_up", "Up", "previous evidence in a column", on="marks"),
        Key(
            "desk.next-claim",
            "right_square_bracket",
            "neighbour('next')",
            "Next claim",
            "next claim in queue order",
            show=True,
        ),
        Key(
            "desk.previous-claim",
            "left_square_bracket",
            "neighbour('previous')",
            "Previous claim",
            "previous claim in queue order",
            show=True,
        ),
        Key(
            "desk.open-url",
            "o",
            "open_url",
            "Open URL",
            "open the selected evidence's URL in the browser",
        ),
        Key(
            "desk.view-text",
            "v",
            "view_text",
            "Full text",
            "the selected evidence's excerpt and latest snapshot in full (`/` searches, `n` next "
            "match)",
            show=True,
        ),
        Key(
            "desk.zoom",
            "z",
            "zoom",
            "Zoom pane",
            "zoom the focused column or the detail pane to the whole screen (again, or `escape`: "
            "back)",
            show=True,
        ),
        Key(
            "desk.matrix",
            "m",
            "matrix",
            "Matrix",
            "the matrix: interpretations × evidence, with scores (its keys: *Matrix* below)",
            show=True,
        ),
        Key(
            "desk.export",
            "x",
            "export",
            "Export",
            "export the claim: Markdown desk note or ClaimReview (asks before replacing a file)",
            show=True,
        ),
        Key(
            "desk.publish",
            "p",
            "publish",
            "Publish",
            "publish the fact-check for readers: HTML page or Markdown; shows the page as readers "
            "will see it (scrollable, with what to know first: no summary, a lead, no URL) before "
            "anything is written, offers to publish a lead anyway, asks for the newsroom on a desk"
            " that still has the sample's, and asks before replacing a file",
            show=True,
        ),
        Key(
            "desk.confirm",
            "y",
            "confirm",
            "Confirm (2nd reviewer)",
            "confirm another reviewer's decision for publication (two-person rule)",
        ),
        *DESK_MARKS,
        Key(
            "desk.rating-mode",
            "R",
            "rating_mode",
            "Rate unrated",
            "rating mode: walk every evidence × interpretation pair not rated yet (`escape` stops)",
            show=True,
        ),
        Key(
            "desk.reason",
            "apostrophe",
            "reason",
            "Reason for the last mark",
            "a reason for the mark just given (optional)",
        ),
        Key(
            "desk.link-repeat",
            "equals_sign",
            "link_repeat",
            "Repeat of a match",
            'link the claim as a *repeat of* a match in the "Already checked?" pane (with several,'
            " or one that says something else, choose which: the first not yet linked that agrees "
            "is offered), and open the decision form filled with the earlier verdict and rationale"
            " (edit, then record; `escape` records nothing); a match that says something else "
            "offers no verdict",
        ),
        Key("desk.assign", "A", "assign", "Assign", "assign the claim, as in the queue"),
        Key("desk.priority", "P", "priority", "Priority (then 1–4)", "priority: `P` then `1`–`4`"),
        Key(
            "desk.status",
            "S",
            "status",
            "Status (with a reason)",
            "move the claim to another status, with the reason",
        ),
        Key(
            "desk.tags",
            "number_sign",
            "tags",
            "Tags",
            "tags: `urgent, -ai` adds urgent and removes ai",
        ),
        Key("desk.due", "D", "due", "Due time", "due time (UTC), as in the queue"),
        Key(
            "desk.comment",
            "C",
            "comment",
            "Comment",
            "comment: kept as written, never edited; `@name` mentions a reviewer (the claim shows "
            'in their "mine" view)',
        ),
        Key(
            "desk.picture",
            "I",
            "picture",
            "Picture",
            "the claim's picture, whole (its thumbnail is under the claim; `escape` back)",
        ),
        HELP,
        Key(
            "desk.back",
            "escape",
            "back",
            "Back (from a zoom: to the desk)",
            "back to the queue (from a zoom: to the desk)",
            show=True,
        ),
        Key("desk.leave", "q", "leave", "Back to the queue", "back to the queue"),
    ),
)

MATRIX = Section(
    "matrix",
    "matrix",
    "Matrix",
    (
        *(
            Key(
                f"matrix.mark-{mark.lower()}",
                str(number),
                f"rate('{mark}')",
                f"Mark {mark} ({MARK_MEANING[mark]})",
                "mark the cell (CC C N I II NA) at once and move across",
                row="matrix.marks",
            )
            for number, mark in enumerate(ASSESSMENT_MARKS, 1)
        ),
        Key(
            "matrix.rating-mode",
            "R",
            "rating_mode",
            "Rate unrated",
            "rating mode: walk every cell not rated yet (`escape` stops)",
            show=True,
        ),
        Key(
            "matrix.reason",
            "apostrophe",
            "reason",
            "Reason for the last mark",
            "a reason for the mark just given (optional)",
        ),
        Key(
            "matrix.transpose",
            "T",
            "transpose",
            "Transpose",
            "evidence as columns, interpretations as rows, and back",
            show=True,
        ),
        Key(
            "matrix.sort",
            "s",
            "sort_diagnostic",
            "Sort by diagnosticity",
            "sort the evidence by diagnosticity (how much it tells the interpretations apart)",
            show=True,
        ),
        Key(
            "matrix.relation",
            "x",
            "relation",
            "Relation",
            "whether two interpretations exclude each other or can both hold",
            show=True,
        ),
        Key(
            "matrix.left",
            "h",
            "move(0, -1)",
            "Left",
            "move between cells: left, right, up, down (the arrows too)",
            row="matrix.move",
        ),
        Key("matrix.right", "l", "move(0, 1)", "Right", row="matrix.move"),
        Key("matrix.up", "k", "move(-1, 0)", "Up", row="matrix.move"),
        Key("matrix.down", "j", "move(1, 0)", "Down", row="matrix.move"),
        HELP,
        Key("matrix.back", "escape,q", "back", "Back", "back to the claim desk", show=True),
    ),
)
