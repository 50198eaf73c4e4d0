"""The desk's signing key, and a bundle's detached signature.

The key is an Ed25519 key in OpenSSH's own file format, made by ``cryptography`` (never by
hand): by default ``desk_key`` in the reviewer's deskcheck config folder, or a file named
with ``--key`` (or ``DESKCHECK_KEY``), such as an ``~/.ssh/id_ed25519`` the newsroom already
uses. It is never put in the desk or a bundle: a bundle carries only the signature.

A signature is SSHSIG (OpenSSH's PROTOCOL.sshsig), namespace ``deskcheck-bundle``, SHA-512
of the bundle's bytes, written armored beside the bundle as ``B.json.sig``: exactly what
``ssh-keygen -Y sign -n deskcheck-bundle`` writes, so ``ssh-keygen -Y verify`` checks it.
The signed blob's layout is the ``sshsig`` package's (``SshsigWrapper``, ``SshsigSignature``).
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.data.bundle_sign import NAMESPACE
from deskcheck.domain.errors import DeskError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE = "desk_key"
KEY_COMMENT = b"deskcheck desk key"


def default_key_path() -> Path:
    from platformdirs import user_config_path

    named = os.environ.get("DESKCHECK_KEY")
    return Path(named) if named else user_config_path("deskcheck", appauthor=False) / KEY_FILE


@dataclass(frozen=True)
class DeskKey:
    path: Path
    private: Ed25519PrivateKey
    created: bool  # made just now

    @property
    def public_line(self) -> str:
        """The public key as one OpenSSH line, ``ssh-ed25519 AAAA…``."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = self.private.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
        return raw.decode("ascii")

    @property
    def fingerprint(self) -> str:
        from deskcheck.data.peers import key_fingerprint

        return key_fingerprint(self.public_line)


def load_key(path: Path) -> DeskKey:
    """The Ed25519 key in the OpenSSH private key file at ``path``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_ssh_private_key

    try:
        key = load_ssh_private_key(path.read_bytes(), password=None)
    except OSError as error:
        raise DeskError(f"cannot read the key {path}: {error.strerror}") from None
    except (ValueError, TypeError) as error:
        raise DeskError(
            f"{path} is not an OpenSSH private key deskcheck can use without a passphrase ({error})"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise DeskError(f"{path} is not an Ed25519 key (ssh-keygen -t ed25519 makes one)")
    return DeskKey(path, key, created=False)


def desk_key(path: Path | None = None, *, create: bool = False) -> DeskKey:
    """The key at ``path`` (default: the desk key); made there first when ``create``."""
    path = path or default_key_path()
    if path.exists() or not create:
        if not path.exists():
            raise DeskError(f"no signing key at {path}: `deskcheck key` makes one")
        return load_key(path)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    made = DeskKey(path, key, created=True)
    path.with_name(path.name + ".pub").write_text(made.public_line + "\n", encoding="ascii")
    return made


def signature(data: bytes, key: DeskKey) -> str:
    """The armored SSHSIG signature of ``data`` by ``key``, namespace deskcheck-bundle."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from sshsig.binary_io import SshWriter
    from sshsig.sshsig import SshsigSignature, SshsigWrapper

    namespace, algorithm = NAMESPACE.encode("ascii"), b"sha512"
    signed = SshsigWrapper(
        namespace=namespace, hash_algo=algorithm, hash=hashlib.sha512(data).digest()
    )
    blob = SshWriter(io.BytesIO())
    blob.write_string(b"ssh-ed25519")
    blob.write_string(key.private.sign(bytes(signed)))
    public = key.private.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
    outer = SshsigSignature.__new__(SshsigSignature)  # filled in, not parsed from bytes
    outer.public_key = _ssh_encoding(public)
    outer.namespace = namespace
    outer.hash_algo = algorithm
    outer.signature = blob.output_fh.getvalue()
    return str(outer.to_armored())


def _ssh_encoding(openssh_line: bytes) -> bytes:
    import base64

    return base64.b64decode(openssh_line.split()[1])


def sign_file(path: Path, key: DeskKey) -> Path:
    """``path``'s detached signature, written beside it as ``path.sig``."""
    target = path.with_name(path.name + ".sig")
    target.write_text(signature(path.read_bytes(), key), encoding="ascii")
    return target
