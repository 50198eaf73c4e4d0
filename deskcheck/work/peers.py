"""The desks this desk trusts (peers): their bundles, signed with the key on record, merge
without --unsigned, and their confirmations can count for the two-person rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.data.peers import key_fingerprint, peers

if TYPE_CHECKING:
    from deskcheck.data import Desk


def add_peer(desk: Desk, name: str, public_key: str) -> str:
    """Trust a desk by name and its OpenSSH public key line; the key's fingerprint."""
    return str(desk.add_peer(name, public_key))


def remove_peer(desk: Desk, name: str) -> None:
    desk.remove_peer(name)


def known_peers(desk: Desk) -> list[tuple[str, str, str]]:
    """(name, key fingerprint, key line) of each peer, by name."""
    return [(name, key_fingerprint(line), line) for name, line in sorted(peers(desk.db).items())]
