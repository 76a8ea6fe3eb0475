"""Keyed pseudonyms: the force can map a case back to its record and officer; nobody else can.

HMAC-SHA256 under a 32-byte key that never enters a pack. Record ids have little entropy, so an
unkeyed hash could be reversed by trying every id; with the key it cannot. The key lives in a file
the force keeps (created with 0600 permissions) or in PANEL_TOOL_KEY, as 64 hexadecimal characters.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from panel_tool.errors import InputError

KEY_BYTES = 32
ENV_VAR = "PANEL_TOOL_KEY"
# A short code is the first 40 bits of a pseudonym: 8 base32 characters (A-Z, 2-7: no 0/O or 1/I to confuse).
SHORT_CODE_BYTES = 5
SHORT_CODE = re.compile(r"[A-Z2-7]{8}")


@dataclass(frozen=True)
class Key:
    secret: bytes
    source: str  # where it came from, for the facilitator's message
    created: bool = False  # new: its file is written by save(), once the pack it serves exists

    def save(self) -> None:
        """Write a new key to its file, readable by its owner only; never overwrites a key."""
        if not self.created:
            return
        path = Path(self.source)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise InputError(f"the key file could not be created ({exc.strerror})", file=str(path)) from None
        with os.fdopen(fd, "w") as fh:
            fh.write(self.secret.hex() + "\n")
            fh.flush()
            os.fsync(fh.fileno())  # on disk before the pack that needs it is written

    def pseudonym(self, kind: str, value: str) -> str:
        """The keyed pseudonym of a record or officer id; `kind` keeps the two namespaces apart."""
        message = f"{kind}\x1f{str(value).strip()}".encode("utf-8")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    @property
    def check(self) -> str:
        """Stored in the pack so a wrong key is noticed; says nothing about the key itself."""
        return hmac.new(self.secret, b"panel-tool key check", hashlib.sha256).hexdigest()[:16]


def short_code(pseudonym: str) -> str:
    """What people read and type for a pseudonym: 'K7QX-2M4P', from the start of its keyed hash. Two ids
    could share one by chance (1 in about 10^12 a pair), so a build checks its whole export for that."""
    letters = base64.b32encode(bytes.fromhex(pseudonym)[:SHORT_CODE_BYTES]).decode("ascii")
    return f"{letters[:4]}-{letters[4:]}"


def parse_short_code(text: str) -> str:
    """'k7qx 2m4p', 'Officer K7QX-2M4P', 'Record K7QX-2M4P' -> 'K7QX-2M4P'; anything else is a plain error."""
    letters = re.sub(r"[\s-]", "", re.sub(r"^\s*(?:officer|record)\b", "", str(text), flags=re.I)).upper()
    if not SHORT_CODE.fullmatch(letters):
        raise InputError(f"'{text}' is not a pseudonym as reports print them",
                         expected="8 letters and digits such as K7QX-2M4P (the digits are 2 to 7)")
    return f"{letters[:4]}-{letters[4:]}"


def check_short_codes(key: Key, kind: str, ids, file: str | None = None) -> None:
    """Refuse to build with a key under which two different ids of the export share a short code: a
    report's code would then point to two people."""
    seen: dict[str, str] = {}
    for value in {str(v).strip() for v in ids}:
        code = short_code(key.pseudonym(kind, value))
        if seen.setdefault(code, value) != value:
            raise InputError(f"two different {kind} ids of this export have the same short pseudonym {code} under "
                             "this key, so a report could not say which one it means", file=file,
                             expected="a new key file (--key-file with a path that does not exist yet) for this export")


def default_key_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "panel-tool" / "pseudonym.key"


def _parse(text: str, where: str, file: str | None = None) -> bytes:
    text = text.strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise InputError(f"{where} does not hold a valid key", file=file,
                         expected=f"exactly {KEY_BYTES * 2} hexadecimal characters ({KEY_BYTES} bytes), as panel-tool writes it")
    return secret


def _new(path: Path) -> Key:
    if path.parent.exists() and not os.access(path.parent, os.W_OK):
        raise InputError("the key file cannot be created in this folder (permission denied)", file=str(path))
    return Key(secrets.token_bytes(KEY_BYTES), str(path), created=True)


def read_key_file(path: Path) -> Key:
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise InputError("the key file is not a regular file", file=str(path))
    if mode & 0o077:
        raise InputError(f"the key file can be read by other users (permissions {stat.S_IMODE(mode):04o})", file=str(path),
                         expected=f"permissions 0600: run  chmod 600 {path}")
    return Key(_parse(path.read_text(encoding="ascii", errors="replace"), "the key file", str(path)), str(path))


def load_key(key_file: str | Path | None = None, create: bool = True) -> Key:
    """The key from --key-file, else PANEL_TOOL_KEY, else the user's config folder. A missing key
    file gives a new key whose file is written by Key.save()."""
    if key_file is not None:
        path = Path(key_file)
        if path.exists():
            return read_key_file(path)
        if not create:
            raise InputError("the key file does not exist", file=str(path),
                             expected="the key file the pack was built with")
        return _new(path)
    if os.environ.get(ENV_VAR):
        return Key(_parse(os.environ[ENV_VAR], f"the environment variable {ENV_VAR}"), f"${ENV_VAR}")
    path = default_key_path()
    if path.exists():
        return read_key_file(path)
    if not create:
        raise InputError("no key was given", expected=f"--key-file KEY or the environment variable {ENV_VAR}")
    return _new(path)
