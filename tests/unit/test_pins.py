"""sync.pins: PIN format and salted scrypt hashes."""

from __future__ import annotations

import pytest

from sync.pins import PinError, check_pin_format, hash_pin, verify_pin

CHEAP = (2**10, 8, 1)


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", " 1234", "١٢٣٤", None])
def test_pins_are_4_to_8_ascii_digits(pin):
    with pytest.raises(PinError):
        check_pin_format(pin)


def test_hash_and_verify():
    stored = hash_pin("2468", params=CHEAP)
    assert stored.startswith("scrypt$1024$8$1$") and "2468" not in stored
    assert verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert hash_pin("2468", params=CHEAP) != stored  # salted
    assert hash_pin("2468", params=CHEAP, salt=b"s" * 16) == hash_pin("2468", params=CHEAP, salt=b"s" * 16)


@pytest.mark.parametrize("stored", [None, "", "plain", "bcrypt$1$2$3$4$5", "scrypt$1000$8$1$AAAA$AAAA",
                                    "scrypt$1024$8$1$!!$AAAA", "scrypt$x$8$1$AAAA$AAAA"])
def test_malformed_hashes_never_verify(stored):
    assert verify_pin("2468", stored) is False


def test_non_digit_input_never_verifies():
    stored = hash_pin("1357", params=CHEAP)
    assert not verify_pin("", stored) and not verify_pin(None, stored)  # type: ignore[arg-type]
