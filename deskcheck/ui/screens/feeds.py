"""The feeds view (F on the queue): the desk's subscriptions with what each brought, how much
of it you have not read, when it was last refreshed and its last error. ``enter`` returns
to the queue showing only that feed's claims (and counts them as read); ``r`` refreshes the
highlighted feed now, ``R`` every feed. Under the table, the highlighted feed in full: its
address, state with the whole last error, last refresh, interval and next refresh, and the
rules for what it brings (an 80-column table has no room for the times, and cuts errors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from deskcheck.domain.models import Subscription
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.keys import bindings
from deskcheck.ui.messages import WriteFailed
from deskcheck.ui.safe import safe
from deskcheck.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from deskcheck.ui.app import DeskApp
    from deskcheck.ui.dialogs.feed_form import FeedForm

# the state (with the last error) before the times, so an 80-column terminal shows it
COLUMNS = ("feed", "unread", "claims", "state", "last refresh", "every")


@dataclass
class FeedsLoaded(Message):
    feeds: list[Subscription]


@dataclass
class FeedsRefreshed(Message):
    """A refresh asked for from this view finished: one line per feed."""

    lines: list[str]


def _when(value: str | None) -> str:
    return value.replace("T", " ").rstrip("Z")[:16] if value else "never"


def _state(feed: Subscription) -> Text:
    if feed.last_error:
        return Text(make_visible(f"⚠ {feed.last_error}")[:32], style="bold yellow")
    if feed.last_status == 304:
        return Text("not modified", style="dim")
    if feed.last_status:
        return Text(f"ok (HTTP {feed.last_status})", style="green")
    return Text("not refreshed yet", style="dim")


def feed_detail(feed: Subscription) -> Content:
    """The highlighted feed, every part whole (the lines wrap)."""
    state = (
        Content.assemble(("⚠ last error: ", "bold $warning"), safe(feed.last_error))
        if feed.last_error
        else Content(_state(feed).plain)
    )
    rules = [f"priority P{feed.priority}"]
    if feed.tags:
        rules.append("tags " + ", ".join(feed.tags))
    if feed.assignee:
        rules.append(f"assigned to {feed.assignee}")
    return Content("\n").join(
        [
            Content.assemble(safe(feed.title, "bold"), "  ", safe(feed.url, "dim"))
            if feed.title
            else safe(feed.url, "bold"),
            state,
            Content(
                f"last refresh {_when(feed.last_refresh_at)} · every {feed.every_minutes} min"
                f" · next {_when(feed.next_due_at)}"
            ),
            Content.assemble(("what it brings: ", "dim"), safe(" · ".join(rules))),
        ]
    )


def feed_row(feed: Subscription) -> list[Text]:
    name = make_visible(feed.title or feed.url)
    return [
        Text(name[:30], style="bold" if feed.unread else ""),
        Text(str(feed.unread), style="bold" if feed.unread else "dim", justify="right"),
        Text(str(feed.claims), justify="right"),
        _state(feed),
        Text(_when(feed.last_refresh_at)),
        Text(f"{feed.every_minutes} min", justify="right"),
    ]


class FeedsScreen(Screen[Subscription | None]):
    """Returns the chosen feed's id (enter), or None (escape)."""

    HELP_TITLE = "feeds view"
    DEFAULT_CSS = """
    FeedsScreen #feeds-title { height: 1; text-style: bold; padding: 0 1; }
    FeedsScreen DataTable { height: 1fr; }
    FeedsScreen #feeds-empty { padding: 1 2; color: $text-muted; }
    FeedsScreen #feed-detail {
        height: auto; max-height: 8; padding: 0 1; border-top: solid $panel-lighten-2;
    }
    """
    BINDINGS = bindings("feeds")

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[Subscription] = []

    @property
    def desk_app(self) -> DeskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Feeds", id="feeds-title", markup=False)
        yield DataTable(id="feeds", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No feeds yet: a subscribes to one (or `deskcheck feed add URL`,"
            " `deskcheck feed import FILE.opml`).",
            id="feeds-empty",
            markup=False,
        )
        yield Static(id="feed-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in COLUMNS:
            table.add_column(name, key=name)
        self.query_one("#feeds-empty").display = False
        self.load()

    def load(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="feeds-load", exit_on_error=False)
    def _load(self) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        self.post_message(FeedsLoaded(desk.subscriptions()))

    def on_feeds_loaded(self, message: FeedsLoaded) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.feeds = message.feeds
        for feed in self.feeds:
            table.add_row(*feed_row(feed), key=str(feed.id))
        self.query_one("#feeds-empty").display = not self.feeds
        if self.feeds:
            table.move_cursor(row=min(row, len(self.feeds) - 1))
            table.focus()
        self._show_detail()
        unread = sum(f.unread for f in self.feeds)
        self.query_one("#feeds-title", Static).update(
            f"Feeds · {len(self.feeds)} subscribed · {unread} unread for you"
        )

    def on_desk_changed(self) -> None:
        self.load()

    def _highlighted(self) -> Subscription | None:
        table = self.query_one(DataTable)
        if not self.feeds or table.cursor_row < 0:
            return None
        return self.feeds[min(table.cursor_row, len(self.feeds) - 1)]

    def action_choose(self) -> None:
        feed = self._highlighted()
        if feed is not None and self.is_current:
            self.dismiss(feed)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        feed = self._highlighted()
        detail = self.query_one("#feed-detail", Static)
        detail.display = feed is not None
        if feed is not None:
            detail.update(feed_detail(feed))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_choose()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_add_feed(self) -> None:
        from deskcheck.ui.dialogs.feed_form import FeedScreen

        def subscribe(form: object) -> None:
            if form is not None:
                self._subscribe(form)

        self.app.push_screen(FeedScreen(), subscribe)

    @work(thread=True, group="write", exit_on_error=False)
    def _subscribe(self, form: FeedForm) -> None:
        from deskcheck.domain.errors import DeskError
        from deskcheck.work.feeds import add_feed

        desk = self.desk_app.desk
        assert desk is not None
        try:
            feed_id = add_feed(
                desk,
                form.url,
                every=form.every,
                tags=form.tags,
                priority=form.priority,
                allow_private=form.allow_private,
                # from afar (`serve`), a feed may not be let into the host's network
                typed_here=not self.desk_app.served,
            )
        except DeskError as error:
            self.post_message(WriteFailed(f"Not subscribed: {error}"))
            return
        # the first refresh at once, so the reviewer sees what the feed holds
        self._refresh([feed_id])

    def action_refresh_one(self) -> None:
        feed = self._highlighted()
        if feed is not None:
            self.notify(make_visible(f"Refreshing {feed.title or feed.url}…"), markup=False)
            self._refresh([feed.id])

    def action_refresh_all(self) -> None:
        if self.feeds:
            self.notify("Refreshing every feed…", markup=False)
            self._refresh([f.id for f in self.feeds])

    @work(thread=True, exclusive=True, group="feeds-refresh", exit_on_error=False)
    def _refresh(self, feed_ids: list[int]) -> None:
        from deskcheck.work.feeds import refresh

        desk = self.desk_app.desk
        assert desk is not None
        reports = refresh(desk, only=feed_ids, base_limits=self.desk_app.fetch_limits)
        self.post_message(FeedsRefreshed([r.summary() for r in reports]))

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(make_visible(message.error), severity="error", markup=False, timeout=8)

    def on_feeds_refreshed(self, message: FeedsRefreshed) -> None:
        for line in message.lines:
            self.notify(make_visible(line), markup=False, timeout=5)
        self.load()
