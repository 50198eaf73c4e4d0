"""The keys of the queue, the feeds view, and the app's own (every screen's).

The order is the footer's: a shown key comes in the footer where it comes here."""

from __future__ import annotations

from deskcheck.ui.keys import HELP, Key, Section

APP = Section(
    "app",
    "desk",
    "Everywhere",
    (
        Key(
            "commands",
            "ctrl+p",
            "command_palette",
            "Commands",
            "the command palette: every key of the screen, by name",
        ),
        Key("pane.next", "tab", None, "Next pane", "next / previous pane", row="pane"),
        Key("pane.previous", "shift+tab", None, "Previous pane", row="pane"),
    ),
)

QUEUE = Section(
    "queue",
    "queue",
    "Queue",
    (
        Key("queue.down", "j,down", "cursor_down", "Down", "next claim", on="table"),
        Key("queue.up", "k,up", "cursor_up", "Up", "previous claim", on="table"),
        Key("queue.first", "g,home", "first", "First", "first claim", on="table"),
        Key("queue.last", "G,end", "last", "Last", "last claim", on="table"),
        Key(
            "queue.page-down",
            "pagedown,ctrl+f",
            "page_down",
            "Page down",
            "a screen further",
            on="table",
        ),
        Key("queue.page-up", "pageup,ctrl+b", "page_up", "Page up", "a screen back", on="table"),
        Key(
            "queue.mark",
            "space",
            "toggle_mark",
            "Mark",
            "mark / unmark the claim and go to the next; the status line counts the marked claims",
            on="table",
        ),
        Key("queue.open", "enter", "open", "Open", "open the claim desk", show=True, on="table"),
        Key(
            "queue.read",
            "H",
            "read_claim",
            "Read in full",
            "read the claim under the cursor in full: its text, context, custody, best"
            ' "already checked?" match, assignee, tags and origin (the preview under the table'
            ' shows them as far as they fit, and says "↓ n more lines · H reads it all" when they'
            " do not)",
            fixed=True,  # the preview names it (the claim desk's H reads its claim in full too)
        ),
        Key(
            "queue.search",
            "slash",
            "search",
            "Search",
            "full-text search over everything recorded about a claim: its text, interpretations,"
            " evidence and snapshots, evidence wanted, triggers, decisions (rationale and"
            " summary), revision notes and comments; the line under the queue shows where the"
            ' claim under the cursor matched ("matched in a trigger: …") and where else.'
            ' `"two words"` must appear together, `memo*` matches longer words; nothing else in'
            " a search is syntax",
            show=True,
        ),
        Key(
            "queue.filter",
            "f",
            "filter",
            "Filter",
            "filter by status, verdict, tag, assignee; `ctrl+n` in the form saves the queue under "
            "a name the team shares",
            show=True,
        ),
        Key(
            "queue.sort",
            "s",
            "sort",
            "Sort",
            "sort: newest, oldest, priority, due (soonest first; no due time last)",
            show=True,
        ),
        Key(
            "queue.next-attention",
            "n",
            "next_attention",
            "Next needing attention",
            "next claim needing attention (new, revision due, no decision, or overdue), saying why",
            show=True,
        ),
        Key("queue.new-claim", "N", "new_claim", "New claim", show=True),
        Key(
            "queue.ingest",
            "I",
            "ingest",
            "Ingest feed",
            "ingest a feed or file (progress bar; `escape` stops it and keeps what finished)",
            show=True,
        ),
        Key(
            "queue.check-links",
            "C",
            "check_links",
            "Check links",
            "check every evidence and watched trigger URL (progress bar); with marked claims, only"
            " theirs",
            show=True,
        ),
        Key(
            "queue.feeds",
            "F",
            "feeds",
            "Feeds",
            "the feeds view: each subscription with its unread count (for you), claims, interval, "
            "last refresh and last error (its keys: *Feeds* below)",
            show=True,
        ),
        HELP,
        Key("queue.quit", "q", "leave", "Quit", "quit (shows the session summary)", show=True),
        Key(
            "queue.clear",
            "escape",
            "clear",
            "Clear marks, search and filters / cancel work",
            "clear the marks; again: clear search and filters",
        ),
        Key(
            "queue.assign",
            "A",
            "assign",
            "Assign",
            "assign the marked claims (or the one under the cursor): a reviewer's name (`→` "
            "completes it from the desk's reviewers), `me`, or `none`",
            show=True,
        ),
        Key("queue.priority", "P", "priority", "Priority", "set their priority: `P` then `1`–`4`"),
        Key(
            "queue.status",
            "S",
            "status",
            "Status",
            "move them to another status, with the reason (kept in each claim's history)",
        ),
        Key(
            "queue.tags",
            "number_sign",
            "tags",
            "Tags",
            "tags: `urgent, -ai` adds urgent and removes ai",
        ),
        Key(
            "queue.due",
            "D",
            "due",
            "Due",
            "due time (UTC): `2026-12-01`, `2026-12-01 17:00`, `+2h`, `+3d`, `+1w`; empty clears "
            "it",
        ),
        Key(
            "queue.mine",
            "M",
            "mine",
            "Mine",
            'the "mine" view (assigned to me, or mentioning me in a comment); the key again leaves'
            " it",
            show=True,
        ),
        Key(
            "queue.unassigned",
            "U",
            "unassigned",
            "Unassigned",
            "the unassigned view; the key again leaves it",
        ),
        Key(
            "queue.saved-queues",
            "Q",
            "saved_queues",
            "Saved queues",
            "the saved queues: `enter` shows one, `d` removes it",
            show=True,
        ),
        Key(
            "queue.export-marked",
            "x",
            "export_marked",
            "Export marked",
            "export the marked claims to one file (Markdown desk notes or ClaimReview)",
        ),
    ),
)

FEEDS = Section(
    "feeds",
    "feeds view",
    "Feeds",
    (
        Key(
            "feeds.choose",
            "enter",
            "choose",
            "Show its claims",
            "show only that feed's claims in the queue, and count them read",
            show=True,
        ),
        Key(
            "feeds.add",
            "a",
            "add_feed",
            "Subscribe",
            "subscribe to a feed (refreshed at once)",
            show=True,
        ),
        Key(
            "feeds.refresh",
            "r",
            "refresh_one",
            "Refresh it now",
            "refresh the highlighted feed now",
            show=True,
        ),
        Key(
            "feeds.refresh-all", "R", "refresh_all", "Refresh all", "refresh every feed", show=True
        ),
        HELP,
        Key("feeds.back", "escape,q", "back", "Back", "back to the queue", show=True),
    ),
)
