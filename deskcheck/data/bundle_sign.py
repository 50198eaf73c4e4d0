"""Whether a bundle's signature says it comes from a desk this desk trusts (a peer).

A bundle is signed with a detached SSHSIG signature in the namespace ``deskcheck-bundle``:
the format ``ssh-keygen -Y sign`` writes, so ``ssh-keygen -Y verify`` checks it with no
deskcheck installed. Verification is the ``sshsig`` package's (a port of ssh-keygen's
sshsig_verify); the Ed25519 arithmetic is ``cryptography``'s. Nothing here is home-made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.data.bundle_check import BundleError
from deskcheck.data.bundle_merge import MergeReport, Origin, merge_report
from deskcheck.data.peers import peers, public_key
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk

NAMESPACE = "deskcheck-bundle"


class UnknownSigner(BundleError):
    """Signed, by a key no peer of this desk has."""


def signed_by(db: Database, data: bytes, signature: str) -> Origin:
    """The known peer whose key made ``signature`` over ``data``; BundleError otherwise:
    a signature by a key no peer has (named by its fingerprint), or one that does not match
    the bundle's bytes (a changed byte)."""
    from sshsig import InvalidSignature, PublicKey, check_signature
    from sshsig.sshsig import SshsigSignature

    try:
        outer = SshsigSignature.from_armored(signature)
        signer = PublicKey.from_ssh_encoding(outer.public_key)
    except (ValueError, NotImplementedError, IndexError):
        raise BundleError("the bundle's signature file is not an SSH signature") from None
    fingerprint = str(signer.sha256_str())
    peer = next((n for n, line in peers(db).items() if public_key(line) == signer), None)
    if peer is None:
        raise UnknownSigner(
            f"the bundle is signed by a key this desk does not know ({fingerprint}): if you"
            " trust the desk it came from, add its key (`deskcheck peer add NAME 'ssh-ed25519"
            " …'`), or merge it with --unsigned"
        )
    try:
        check_signature(data, signature, NAMESPACE)
    except (InvalidSignature, NotImplementedError, ValueError):
        raise BundleError(
            f"the bundle does not match its signature by {make_visible(peer)!r} ({fingerprint}):"
            " it was changed after it was signed"
        ) from None
    return Origin(peer, fingerprint)


def merge_checked(desk: Desk, data: bytes, signature: str | None, *, unsigned: bool) -> MergeReport:
    """Merge the bundle ``data`` when a known peer signed it; with ``unsigned``, also a
    bundle with no signature or one by a key no peer has, marked unsigned in every event
    and decision it brings. A signature that does not match the bytes is refused either
    way: a bundle changed after signing is never merged."""
    origin = Origin()
    if signature is not None:
        try:
            origin = signed_by(desk.db, data, signature)
        except UnknownSigner:
            if not unsigned:
                raise
    elif not unsigned:
        raise BundleError(
            "the bundle is not signed (no .sig file beside it): merge it with --unsigned only"
            " if you trust where it came from; everything it brings is then marked unsigned"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BundleError(f"not a bundle: not UTF-8 text ({error.reason})") from None
    return merge_report(desk, text, origin)
