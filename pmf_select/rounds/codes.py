"""Join codes and answer tokens: unguessable, yet easy to read off a projector and type.

A join code is nine characters in three groups (``KDM-7PX-R4T``) drawn with the
``secrets`` module from an alphabet without the characters people confuse on a screen
or a phone keyboard (0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G, Q). 22 symbols to the ninth
power is about 1.2e12 codes: guessing one during a meeting-long round is hopeless, and a
round closes. Members may type it in lower case, with or without the dashes.

A member's answer token is a random URL-safe string kept in the member's own address
(``&me=...``): a refresh, or reopening the address, finds their answer again, and no
one else's. Only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
GROUPS = 3
GROUP_LENGTH = 3
CODE_LENGTH = GROUPS * GROUP_LENGTH
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_code() -> str:
    """A fresh join code, e.g. ``KDM-7PX-R4T`` (three groups of three)."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(chars[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH))


def normalise_code(text: object) -> str | None:
    """The canonical form of a typed code (upper case, dashed), or None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    chars = re.sub(r"[\s\-_.]", "", text).upper()
    if len(chars) != CODE_LENGTH or any(c not in ALPHABET for c in chars):
        return None
    return "-".join(chars[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH))


def new_token() -> str:
    """A member's answer token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def valid_token(token: object) -> bool:
    return isinstance(token, str) and bool(TOKEN_PATTERN.match(token))


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, so the table alone cannot impersonate a member."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()
