"""The public door: the only writes without an account, so they carry their own guards.

- a challenge that works offline: a server-signed arithmetic question written in Chinese characters, valid for
  30 minutes and usable once (the nonce is stored when solved);
- rate limits per client address and per round, counted per hour in the database (every process sees them);
- receipt codes (查询码) from a 31-letter alphabet without look-alikes, 12 characters (~59 bits): guessing one
  is hopeless within the look-up limit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from taizhang.core.exceptions import ValidationFailed

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CODE_LENGTH = 12
CHALLENGE_SALT = "taizhang.opinions.challenge"
CHALLENGE_MAX_AGE = 30 * 60
DIGITS = "零一二三四五六七八九十"


def new_receipt_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed as a 查询码 (spaces, dashes, lower case) → the stored form."""
    return "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum())[:CODE_LENGTH + 4]


def display_code(code: str) -> str:
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def address_key(ip: str | None) -> str:
    """The client address as a salted digest: limits count it, nothing stores the address itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip or '-'}".encode()).hexdigest()


# --- challenge --------------------------------------------------------------------------------------

def _chinese(n: int) -> str:
    if n <= 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def challenge_new() -> Challenge:
    """A question like「七 加 五 等于多少？」(answer in digits) and its signed token (the answer is only hashed in it)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a != b:
        a, b = max(a, b), min(a, b)
        question, answer = f"{_chinese(a)} 减 {_chinese(b)} 等于多少？", a - b
    else:
        question, answer = f"{_chinese(a)} 加 {_chinese(b)} 等于多少？", a + b
    nonce = secrets.token_urlsafe(16)
    digest = hashlib.sha256(f"{nonce}:{answer}".encode()).hexdigest()
    return Challenge(question, signing.dumps({"n": nonce, "h": digest}, salt=CHALLENGE_SALT))


def challenge_check(token: str, answer: str) -> None:
    """Accept a solved, unexpired, unused challenge (and use it up); else ValidationFailed on `challenge`."""
    from taizhang.opinions.models import UsedChallenge

    wrong = ValidationFailed("验证题答案不正确或已过期，请重新作答", field="challenge")
    try:
        data = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
    except signing.BadSignature:
        raise wrong from None
    given = "".join(ch for ch in (answer or "") if ch.isdigit() or ch == "-")[:4]
    if not given or hashlib.sha256(f"{data['n']}:{int(given)}".encode()).hexdigest() != data["h"]:
        raise wrong
    try:
        with transaction.atomic():
            UsedChallenge.objects.create(nonce=data["n"])
    except IntegrityError:
        raise wrong from None
    UsedChallenge.objects.filter(used_at__lt=timezone.now() - timedelta(seconds=2 * CHALLENGE_MAX_AGE)).delete()


# --- rate limits ------------------------------------------------------------------------------------

def _window():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def hit(key: str, limit: int, message: str) -> None:
    """Count one request under `key` in this hour; refuse it (ValidationFailed) beyond `limit`."""
    from taizhang.opinions.models import PublicHit

    window = _window()
    with transaction.atomic():
        updated = PublicHit.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    PublicHit.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                PublicHit.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = PublicHit.objects.get(key=key, window=window).count
    if count > limit:
        raise ValidationFailed(message, field="limit")
    if secrets.randbelow(50) == 0:
        PublicHit.objects.filter(window__lt=window - timedelta(days=1)).delete()


def limit_submission(ip: str | None, round_id: int) -> None:
    busy = "提交过于频繁，请稍后再试"
    hit(f"a:{address_key(ip)}", settings.OPINIONS_PER_ADDRESS_HOURLY, busy)
    hit(f"r:{round_id}", settings.OPINIONS_PER_ROUND_HOURLY, busy)


def limit_lookup(ip: str | None) -> None:
    hit(f"q:{address_key(ip)}", settings.OPINIONS_LOOKUPS_HOURLY, "查询过于频繁，请稍后再试")
