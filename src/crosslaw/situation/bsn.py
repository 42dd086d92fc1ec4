"""BSN checks and keyed pseudonyms.

A BSN is never stored: anything meant for storage carries ``pseudonym(bsn, key)``, an
HMAC that a holder of the key can recompute to find a case again, and nobody else can
reverse.
"""

from __future__ import annotations

import hmac


def is_valid_bsn(value: str) -> bool:
    """The 11-proef: 9 digits, weighted sum (9..2, last digit weight -1) divisible by 11."""
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    digits = [int(c) for c in value]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1))) - digits[8]
    return total % 11 == 0


def pseudonym(bsn: str, key: bytes) -> str:
    """Keyed pseudonym of a BSN (HMAC-SHA256, hex, prefixed so it is never mistaken for one)."""
    if not key:
        raise ValueError("a pseudonym needs a non-empty key")
    return "ps-" + hmac.digest(key, bsn.encode("ascii"), "sha256").hex()[:32]  # hmac.new(...).hexdigest(), one C call
