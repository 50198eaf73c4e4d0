"""Desks sign what they exchange: a bundle leaves with a detached SSHSIG signature that
OpenSSH's own ssh-keygen verifies with no deskcheck, and merge takes only what a known peer
signed. Import restores the record, not the other desk's policies."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from tests.conftest import run_process

SSH_KEYGEN = shutil.which("ssh-keygen")
needs_ssh_keygen = pytest.mark.skipif(SSH_KEYGEN is None, reason="OpenSSH's ssh-keygen")
VERIFY = (str(SSH_KEYGEN), "-Y", "verify", "-f")
FERRY = "The harbour ferry will stop running every Sunday from March"


def _peer_desk(tmp_path: Path) -> Path:
    path = tmp_path / "porto.db"
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim(FERRY)
        desk.decide(claim, "false", "The timetable says otherwise.")
    return path


def _export(desk: Path, bundle: Path, key: Path) -> subprocess.CompletedProcess[str]:
    made = run_process(
        "export", "--format", "json", "-o", str(bundle), "--key", str(key), "--desk", str(desk)
    )
    assert made.returncode == 0, made.stderr
    return made


def _key(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A key as a newsroom already has one: made by ssh-keygen, used by deskcheck."""
    path = tmp_path / name
    subprocess.run(
        [str(SSH_KEYGEN), "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(path)],
        check=True,
    )
    public = run_process("key", "--key", str(path))
    assert public.returncode == 0, public.stderr
    return path, public.stdout.strip()


def _ssh_verify(bundle: Path, public_line: str, tmp_path: Path) -> int:
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'porto namespaces="deskcheck-bundle" {public_line}\n', encoding="ascii")
    with bundle.open("rb") as data:
        done = subprocess.run(
            [*VERIFY, str(allowed), "-I", "porto", "-n", "deskcheck-bundle", "-s", f"{bundle}.sig"],
            stdin=data,
            capture_output=True,
        )
    return done.returncode


def _target(tmp_path: Path) -> Path:
    path = tmp_path / "zoe.db"
    with Desk.open(path, reviewer="zoe", create=True) as desk:
        desk.add_claim("Something else entirely, about trams")
    return path


@needs_ssh_keygen
def test_a_signed_bundle_verifies_with_ssh_keygen_and_merges_from_a_known_peer(
    tmp_path: Path,
) -> None:
    key, public = _key(tmp_path, "porto_key")
    bundle = tmp_path / "B.json"
    _export(_peer_desk(tmp_path), bundle, key)
    assert public.startswith("ssh-ed25519 AAAA") and (tmp_path / "B.json.sig").exists()
    assert _ssh_verify(bundle, public, tmp_path) == 0

    target = _target(tmp_path)
    added = run_process("peer", "add", "porto-desk", public, "--desk", str(target))
    assert added.returncode == 0, added.stderr
    fingerprint = added.stdout.split("key ")[1].strip()
    keygen = subprocess.run(
        [str(SSH_KEYGEN), "-l", "-f", f"{key}.pub"], capture_output=True, text=True
    )
    assert fingerprint in keygen.stdout  # the fingerprint ssh-keygen prints
    merged = run_process("merge", str(bundle), "--desk", str(target), "--reviewer", "zoe")
    assert merged.returncode == 0, merged.stderr
    assert f"from peer porto-desk (key {fingerprint})" in merged.stdout
    with Desk.open(target, reviewer="zoe") as desk:
        bodies = [
            json.loads(b)
            for (b,) in desk.db.execute(
                "SELECT body FROM events WHERE kind LIKE '%.merged' AND kind != 'bundle.merged'"
            )
        ]
        (summary,) = desk.db.execute("SELECT body FROM events WHERE kind = 'bundle.merged'")
        assert json.loads(summary[0])["key"] == fingerprint
        claim = next(c for c in desk.all_claim_ids() if desk.claim(c).text == FERRY)
        (decision,) = desk.claim(claim).decisions
    assert bodies and all(b["imported"]["from_desk"] == "porto-desk" for b in bodies)
    assert all(b["imported"]["key"] == fingerprint for b in bodies)
    assert (decision.from_desk, decision.from_key) == ("porto-desk", fingerprint)
    assert verify_desk(target).ok


@needs_ssh_keygen
def test_one_changed_byte_fails_ssh_keygen_and_merge(tmp_path: Path) -> None:
    key, public = _key(tmp_path, "porto_key")
    bundle = tmp_path / "B.json"
    _export(_peer_desk(tmp_path), bundle, key)
    data = bytearray(bundle.read_bytes())
    at = data.index(b"ferry")
    data[at] = ord("F")  # one byte: the bundle's own digests are not what stops it here
    bundle.write_bytes(bytes(data))
    assert _ssh_verify(bundle, public, tmp_path) != 0
    target = _target(tmp_path)
    run_process("peer", "add", "porto-desk", public, "--desk", str(target))
    for unsigned in ([], ["--unsigned"]):  # a bundle changed after signing: never merged
        merged = run_process("merge", str(bundle), *unsigned, "--desk", str(target))
        assert merged.returncode == 1
        assert "changed after it was signed" in merged.stderr, merged.stderr
        assert "Traceback" not in merged.stderr


@needs_ssh_keygen
def test_an_unknown_key_is_refused_naming_its_fingerprint(tmp_path: Path) -> None:
    key, _public = _key(tmp_path, "stranger_key")
    bundle = tmp_path / "B.json"
    _export(_peer_desk(tmp_path), bundle, key)
    fingerprint = subprocess.run(
        [str(SSH_KEYGEN), "-l", "-f", f"{key}.pub"], capture_output=True, text=True
    ).stdout.split()[1]
    target = _target(tmp_path)
    with Desk.open(target, reviewer="zoe") as desk:
        head = desk.head_seq()
    merged = run_process("merge", str(bundle), "--desk", str(target))
    assert merged.returncode == 1
    assert f"signed by a key this desk does not know ({fingerprint})" in merged.stderr
    with Desk.open(target, reviewer="zoe") as desk:
        assert desk.head_seq() == head


def test_an_unsigned_bundle_is_refused_unless_unsigned_then_marked(tmp_path: Path) -> None:
    bundle = tmp_path / "B.json"
    made = run_process("export", "--format", "json", "--desk", str(_peer_desk(tmp_path)))
    bundle.write_text(made.stdout, encoding="utf-8")  # to standard output: not signed
    target = _target(tmp_path)
    refused = run_process("merge", str(bundle), "--desk", str(target))
    assert refused.returncode == 1 and "not signed" in refused.stderr
    merged = run_process("merge", str(bundle), "--unsigned", "--desk", str(target))
    assert merged.returncode == 0 and "UNSIGNED" in merged.stdout
    shown = run_process("show", "2", "--desk", str(target)).stdout
    assert "by mara (from an unsigned bundle)" in shown


def test_a_peer_name_that_looks_like_another_is_refused(tmp_path: Path) -> None:
    target = _target(tmp_path)
    first = run_process("key", "--key", str(tmp_path / "none"))
    assert first.returncode == 1 and "no signing key" in first.stderr
    made = run_process("key")  # the desk key, made on first use
    other = tmp_path / "other_key"
    from deskcheck.work.signing import desk_key

    second = desk_key(other, create=True).public_line
    assert run_process("peer", "add", "mara-desk", made.stdout.strip(), "--desk", str(target))
    refused = run_process("peer", "add", "rnara-desk", second, "--desk", str(target))
    assert refused.returncode == 1 and "looks like the peer 'mara-desk'" in refused.stderr
    listed = run_process("peer", "list", "--desk", str(target)).stdout
    assert "mara-desk" in listed and "rnara" not in listed


# -- import -------------------------------------------------------------------------------------


def test_import_leaves_the_other_desks_settings_and_feeds_off(tmp_path: Path) -> None:
    """The next `refresh` fetched http://127.0.0.1/… and the two-person rule was off."""
    source = tmp_path / "peer.db"
    with Desk.open(source, reviewer="mara", create=True) as desk:
        desk.set_setting("allow_private_addresses", True)
        desk.set_setting("two_person_rule", False)
        desk.set_setting("export_dir", "/tmp/theirs")
        desk.add_subscription("http://127.0.0.1:9/admin/feed.xml", allow_private=True)
        desk.add_claim(FERRY)
    bundle = tmp_path / "B.json"
    bundle.write_text(
        run_process("export", "--format", "json", "--desk", str(source)).stdout, "utf-8"
    )
    restored = tmp_path / "restored.db"
    done = run_process("import", str(bundle), str(restored), "--reviewer", "zoe")
    assert done.returncode == 0, done.stderr
    assert "settings left off: allow_private_addresses, export_dir, two_person_rule" in (
        done.stdout
    )
    assert "1 feed stopped" in done.stdout and "logins are never carried" in done.stdout
    with Desk.open(restored, reviewer="zoe") as desk:
        assert desk.setting("allow_private_addresses") is None
        assert desk.setting("export_dir") is None
        assert desk.due_subscriptions() == [] and desk.subscriptions() == []
        assert desk.claim(1).text == FERRY  # the record came whole
    assert verify_desk(restored).ok
    kept = tmp_path / "kept.db"
    done = run_process("import", str(bundle), str(kept), "--with-settings")
    assert done.returncode == 0 and "left off" not in done.stdout
    with Desk.open(kept, reviewer="zoe") as desk:
        assert desk.setting("allow_private_addresses") is True
