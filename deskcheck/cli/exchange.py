"""Exchanging work between desks: the desk's signing key and the peers it trusts.

`deskcheck key` makes or shows the key that signs this desk's bundles; `deskcheck peer add`
names another desk by its public key, so `merge` accepts what that desk signed.
"""

from __future__ import annotations

from pathlib import Path

import click

from deskcheck.cli.base import cli, desk_options, open_desk
from deskcheck.domain.untrusted import make_visible

KEY_OPTION = click.option(
    "--key",
    "key_path",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="An Ed25519 OpenSSH private key file [default: $DESKCHECK_KEY, else desk_key in"
    " deskcheck's config folder].",
)


@cli.command()
@KEY_OPTION
def key(key_path: Path | None) -> None:
    """Show this desk's signing key as one OpenSSH line (made on first use): give the line
    to the desks you exchange bundles with (`deskcheck peer add NAME 'ssh-ed25519 …'`)."""
    from deskcheck.work.signing import desk_key

    made = desk_key(key_path, create=key_path is None)
    if made.created:
        click.echo(f"Made a signing key at {made.path} (keep it private)", err=True)
    click.echo(made.public_line)
    click.echo(f"fingerprint {made.fingerprint}", err=True)


@cli.group()
def peer() -> None:
    """The desks whose signed bundles this desk merges."""


@peer.command("add")
@click.argument("name")
@click.argument("public_key", metavar="'ssh-ed25519 AAAA…'")
@desk_options
@click.pass_context
def peer_add(
    ctx: click.Context, name: str, public_key: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Trust bundles signed by PUBLIC_KEY as coming from the desk NAME."""
    with open_desk(ctx, desk_path, reviewer) as desk:
        from deskcheck.work.peers import add_peer

        fingerprint = add_peer(desk, name, public_key)
    click.echo(make_visible(f"Peer {name}: key {fingerprint}"))


@peer.command("list")
@desk_options
@click.pass_context
def peer_list(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """The peers and their keys' fingerprints."""
    from deskcheck.work.peers import known_peers

    with open_desk(ctx, desk_path, reviewer) as desk:
        known = known_peers(desk)
    for name, fingerprint, line in known:
        click.echo(make_visible(f"{name}  {fingerprint}  {line}"))
    if not known:
        click.echo("No peers: merge accepts only --unsigned bundles", err=True)


@peer.command("remove")
@click.argument("name")
@desk_options
@click.pass_context
def peer_remove(
    ctx: click.Context, name: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Stop trusting the desk NAME's key (what was merged stays, marked as from it)."""
    with open_desk(ctx, desk_path, reviewer) as desk:
        from deskcheck.work.peers import remove_peer

        remove_peer(desk, name)
    click.echo(make_visible(f"Removed peer {name}"))
