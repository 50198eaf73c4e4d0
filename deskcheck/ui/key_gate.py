"""Keys reach the widget they were typed at, one after the other.

Textual hands each key to the widget focused *when the app takes the key from its queue*;
the widget handles it later, on its own task, and a key it does not handle comes back up
to the app, which runs the bindings then. A reviewer typing straight on — `d`, `1`, enter,
then the rationale — outruns that: the letters after enter were handed to the verdict list
before enter had moved the focus to the rationale, and `2` typed as the decision form
opened went to a screen that had nothing focused yet. Both lost keys.

``KeyGate`` holds each key until the one before it has finished (stopped by a widget, or
back at the app and its bindings run, or nothing left anywhere that could still handle it)
and until the screen on top has mounted and taken its first focus. Then the next key goes
to whatever is focused by then: the widget it was typed at.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App

    _Base = App[object]
else:
    _Base = object

GIVE_UP_SECONDS = 0.5  # a key that is never seen done does not hold the keyboard longer
SETTLE_SECONDS = 0.03  # after the key is done, how long what it set off may take
LOOK_LOST_SECONDS = 0.1  # a look asked for longer ago than this is taken as lost


class KeyGate(_Base):
    """Mixed into the App, before ``App``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_keys: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None
        self._in_flight_since = 0.0
        self._key_left_at: float | None = None  # when the key in flight was seen done
        self._look_pending = False
        self._look_asked_at = 0.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.held_keys.append(event)
            await self._pass_key()
            return
        await super().on_event(event)

    def _key_done(self) -> bool:
        """The key before has finished: it waits in no queue any more (bubbled back up to the
        app for the bindings, or stopped by a widget), and what it set off on the screen
        (a form's "submitted", which moves the focus) has run too — or, on a screen that is
        never quiet (a progress bar), a moment has passed since the key itself was done."""
        key = self._in_flight
        if key is None:
            return True
        now = time.monotonic()
        if now - self._in_flight_since > GIVE_UP_SECONDS:
            return True
        screen = self.screen
        nodes = (screen, *screen.walk_children())
        if self._queued(self, key) or any(self._queued(node, key) for node in nodes):
            return False
        if not any(node.message_queue_size for node in nodes):
            return True
        if self._key_left_at is None:
            self._key_left_at = now
        return now - self._key_left_at > SETTLE_SECONDS

    @staticmethod
    def _queued(node: object, key: events.Key) -> bool:
        waiting = getattr(getattr(node, "_message_queue", None), "_queue", ())  # a deque
        return key in waiting

    async def _pass_key(self) -> None:
        """Hand on the next held key, if the one before has finished and the screen on top
        has mounted; else look again soon."""
        if not self.held_keys:
            return
        if not (self._key_done() and self.screen.is_mounted):
            self._look_again(soon=True)
            return
        key = self.held_keys.popleft()
        self._in_flight, self._in_flight_since = key, time.monotonic()
        self._key_left_at = None
        await super().on_event(key)
        if not key.is_forwarded and self._in_flight is key:  # a priority binding took it
            self._in_flight = None
        self._look_again(soon=False)

    def _look_again(self, *, soon: bool) -> None:
        """Through the app's own queue: whatever the last key asked of the app (a focus
        change, posted there) runs before the next key is handed on. Every look runs there,
        one at a time with the keys themselves; a look asked for and never seen (once,
        keys typed under load were handed on only as more keys came) is asked for again."""
        if not self.held_keys:
            return
        now = time.monotonic()
        if self._look_pending and now - self._look_asked_at < LOOK_LOST_SECONDS:
            return
        self._look_pending, self._look_asked_at = True, now
        if soon:
            self.set_timer(0.002, self._ask_to_look)
        else:
            self.call_later(self._look)

    def _ask_to_look(self) -> None:
        # a timer's callback runs on the timer's own task: the look itself goes through the
        # app's queue, so it never runs between a key's steps
        self.call_later(self._look)

    async def _look(self) -> None:
        self._look_pending = False
        await self._pass_key()
