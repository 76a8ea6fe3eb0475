"""Members' access codes: short, easy to read aloud and type, and kept only as a slow salted hash.

A code is 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B,
Q, U/V), shown as two groups of four. Its first two characters are the member's tag, unique in the
pack, so signing in checks one hash instead of every member's: with scrypt at ~40 ms a hash,
30 members each trying every hash would cost the server over a second per sign-in.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

ALPHABET = "ACDEFHJKMNPRTWXY3479"
LENGTH = 8
TAG_LENGTH = 2
EXAMPLE = "ACDE-3479"  # shown in hints and placeholders: only characters real codes use
HINT = f"It has eight letters and numbers, like {EXAMPLE}. Capital or small letters both work."
# What a member most likely meant by a character codes never use, so the message can say so.
LOOK_ALIKES = {"0": "O", "O": "0", "1": "I", "I": "1", "L": "1", "2": "Z", "Z": "2", "5": "S", "S": "5",
               "6": "G", "G": "6", "8": "B", "B": "8"}
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def new_code(taken_tags: set[str]) -> str:
    """A fresh code whose tag no other member of the pack has."""
    free = [a + b for a in ALPHABET for b in ALPHABET if a + b not in taken_tags]
    if not free:
        raise ValueError("every code tag is in use")
    secret = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - TAG_LENGTH))
    return secrets.choice(free) + secret


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise(typed: str) -> str | None:
    """What a member typed, as a code: case, spaces and dashes do not matter. None when it cannot be one."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def problem(typed: str) -> str:
    """Why what a member typed cannot be a code, in words that name the real problem."""
    code = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if not code:
        return f"Type the code your facilitator gave you. {HINT}"
    strange = sorted({ch for ch in code if ch not in ALPHABET})
    if strange:
        shown = ", ".join(f'"{ch}"' for ch in strange)
        worded = "That character is" if len(strange) == 1 else "Those characters are"
        return (f"You typed {shown}. {worded} never in a code, so please check it against the code you were given. "
                "Codes have no O or 0, no I, L or 1, and no B, G, S, Z, Q, U or V, so they cannot be mixed up.")
    if len(code) != LENGTH:
        return (f"You typed {len(code)} letters and numbers, but a code has {LENGTH}, like {EXAMPLE}. "
                "Check what you typed and try again.")
    return f"That cannot be a code. {HINT}"


def tag(code: str) -> str:
    return code[:TAG_LENGTH]


def hash_code(code: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(code.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


@functools.cache
def dummy_hash() -> str:
    """A hash no code matches, checked when a tag or a passphrase is unknown so that every attempt
    costs one hash check and nothing can be learnt from how long a refusal takes."""
    return hash_code(secrets.token_hex(16))


def matches(code: str, stored: str) -> bool:
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(code.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(digest) // 2)
    return hmac.compare_digest(got.hex(), digest)
