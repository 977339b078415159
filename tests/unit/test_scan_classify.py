"""What a scanned code is: loyalty number, product barcode, order number, pickup code."""

from __future__ import annotations

import pytest

from clienteling.domain.scan import classify, ean13_valid, luhn_valid
from sync.datagen.codes import Permutation, barcode, loyalty_numbers, pickup_code


def test_generated_identifiers_are_recognised():
    for number in loyalty_numbers(50, salt=7):
        assert classify(number) == ("loyalty", number)
    perm = Permutation(10 ** 11, 3)
    for i in range(50):
        code = barcode(i, perm)
        assert classify(code) == ("product", code)
    perm6 = Permutation(31 ** 6, 11)
    for i in range(50):
        code = pickup_code(i, perm6)
        assert classify(code) == ("pickup", code)


@pytest.mark.parametrize("code,expected", [
    ("W1000123", ("order", "W1000123")),
    (" r1000456 ", ("order", "R1000456")),
    ("4677325667", ("unknown", "4677325667")),  # wrong check digit
    ("4006381333931", ("product", "4006381333931")),
    ("4006381333932", ("unknown", "4006381333932")),
    ("036000291452", ("product", "0036000291452")),  # UPC-A
    ("k7m2qx", ("pickup", "K7M2QX")),
    ("HELLO1", ("unknown", "HELLO1")),  # O and 1 are not in pickup codes
    ("123456", ("unknown", "123456")),
    ("", ("unknown", "")),
    ("BADGE-A0012", ("badge", "BADGE-A0012")),
    (" BADGE-S001-M1 ", ("badge", "BADGE-S001-M1")),
    ("BADGE-", ("unknown", "BADGE-")),
])
def test_classify(code, expected):
    assert classify(code) == expected


def test_check_digit_helpers():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710") and not luhn_valid("7")
    assert ean13_valid("4006381333931") and not ean13_valid("400638133393") and not ean13_valid("abcdefghijklm")
