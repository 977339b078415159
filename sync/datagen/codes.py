"""Identifiers with check digits and fast time formatting.

Loyalty numbers are 9 digits plus a Luhn check digit; barcodes are EAN-13 in the GS1 "restricted
circulation" range (prefix 2x), so they can never collide with a real product. Unique values come
from an affine permutation of a counter, which looks random but never repeats.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache

from sync.codes import PICKUP_ALPHABET, ean13_digit, ean13_valid, luhn_digit, luhn_valid  # noqa: F401


class Permutation:
    """``i -> offset + (a*i + b) mod m``: a bijection on ``range(m)`` (a is coprime to m)."""

    def __init__(self, m: int, b: int, offset: int = 0, a: int = 982_451_653) -> None:
        import math

        while math.gcd(a, m) != 1:
            a += 2
        self.m, self.a, self.b, self.offset = m, a % m, b % m, offset

    def __call__(self, i: int) -> int:
        return self.offset + (self.a * i + self.b) % self.m


def loyalty_numbers(count: int, salt: int) -> list[str]:
    """``count`` unique 10-digit loyalty numbers (first digit 1-9, last a Luhn check digit)."""
    perm = Permutation(900_000_000, salt, offset=100_000_000)
    out = []
    for i in range(count):
        body = str(perm(i))
        out.append(body + luhn_digit(body))
    return out


def barcode(index: int, perm: Permutation) -> str:
    body = "2" + str(perm(index)).rjust(11, "0")
    return body + ean13_digit(body)


def pickup_code(index: int, perm: Permutation) -> str:
    """A 6-character code, unique per index (``perm`` must be over ``len(PICKUP_ALPHABET)**6``)."""
    x = perm(index)
    out = []
    for _ in range(6):
        x, r = divmod(x, 31)
        out.append(PICKUP_ALPHABET[r])
    return "".join(out)


@cache
def _hms() -> tuple[str, ...]:
    """``"THH:MM:SSZ"`` for every second of a day, so a timestamp is two lookups and a concat."""
    return tuple(f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60))


class Clock:
    """Integer time: seconds since ``base`` (UTC midnight ``back_days`` before ``now``'s day).

    Generators work in these integers and format with :meth:`ts` / :meth:`date`, which avoids a
    datetime object per row.
    """

    def __init__(self, now: datetime, back_days: int, ahead_days: int = 60) -> None:
        now = now.astimezone(UTC)
        self.base_date: date = now.date() - timedelta(days=back_days)
        base_dt = datetime(self.base_date.year, self.base_date.month, self.base_date.day, tzinfo=UTC)
        self.now = int((now - base_dt).total_seconds())
        self.today = self.now // 86400
        self.year = now.year
        self.days = tuple((self.base_date + timedelta(days=d)).isoformat()
                          for d in range(back_days + ahead_days + 1))
        self.hms = _hms()

    def ts(self, t: int) -> str:
        """ISO-8601 UTC string for ``t`` seconds since base."""
        return self.days[t // 86400] + self.hms[t % 86400]

    def date(self, t: int) -> str:
        return self.days[t // 86400]

    def weekday(self, day: int) -> int:
        return (self.base_date.weekday() + day) % 7

    def month(self, day: int) -> int:
        return int(self.days[day][5:7])
