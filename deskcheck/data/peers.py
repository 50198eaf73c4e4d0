"""The desks this desk trusts: peers, each a name and an Ed25519 public key.

A peer's key is one OpenSSH line (``ssh-ed25519 AAAA…``, what ``deskcheck key`` prints on
the peer's desk), kept in the desk setting ``peers``, so adding or removing one is an event
like any other setting. Peer names pass the desk's one identity rule (``names``): a peer
"rnara-desk" beside "mara-desk" is refused. Keys are parsed by the ``sshsig`` package.
"""

from __future__ import annotations

from typing import Any

from deskcheck.data import queries
from deskcheck.data.desk_setup import set_setting
from deskcheck.data.recorder import Recorder
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import InvalidValue, UnknownRecord
from deskcheck.domain.names import checked_name, identity_key
from deskcheck.domain.untrusted import make_visible

MAX_KEY_LINE = 1000


def public_key(line: str) -> Any:
    """An ``ssh-ed25519`` public key line as sshsig's PublicKey, or InvalidValue saying why."""
    from sshsig import PublicKey

    text = (line or "").strip()
    if len(text) > MAX_KEY_LINE or not text.startswith("ssh-ed25519 "):
        raise InvalidValue(
            "a peer's key is one line 'ssh-ed25519 AAAA…' (the line `deskcheck key` prints on"
            " the peer's desk)"
        )
    try:
        return PublicKey.from_openssh_str(text)
    except (ValueError, NotImplementedError):
        raise InvalidValue("that is not a valid ssh-ed25519 public key") from None


def key_fingerprint(line: str) -> str:
    """``SHA256:…``, as ``ssh-keygen -l`` prints it."""
    return str(public_key(line).sha256_str())


def peers(db: Database) -> dict[str, str]:
    """Each known peer's name → its public key line."""
    found = queries.setting(db, "peers", {})
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def add_peer(rec: Recorder, name: str, key_line: str) -> str:
    """Trust bundles signed by ``key_line`` as coming from the desk ``name``; returns the
    key's fingerprint. A name that looks like another peer's, or a key another peer has,
    is refused: one desk, one name, one key."""
    name = checked_name("peer name", name)
    key = public_key(key_line)
    line = " ".join(key.openssh_str().split()[:2])  # the key itself, without a comment
    known = peers(rec.db)
    for other, other_line in known.items():
        if other != name and identity_key(other) == identity_key(name):
            raise InvalidValue(
                f"peer name {make_visible(name)!r} looks like the peer {make_visible(other)!r}"
            )
        if other != name and public_key(other_line) == key:
            raise InvalidValue(f"that key is already the peer {make_visible(other)!r}'s")
    set_setting(rec, "peers", {**known, name: line})
    return str(key.sha256_str())


def remove_peer(rec: Recorder, name: str) -> None:
    known = peers(rec.db)
    if name not in known:
        raise UnknownRecord(f"no peer {make_visible(name)!r} on this desk (`deskcheck peer list`)")
    set_setting(rec, "peers", {k: v for k, v in known.items() if k != name})
