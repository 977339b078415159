"""Associate sign-in on the shared terminal: PIN, badge, lock-out, who can sign in."""

from __future__ import annotations

import pytest

from sync.pins import badge_hash, hash_pin

from clienteling.cache import open_cache
from clienteling.cache.state import save_device
from clienteling.domain.rules import DomainError
from clienteling.security.credentials import new_cache_key
from clienteling.services.sessions import SessionService

FAST = (2**4, 8, 1)


@pytest.fixture
def cache(tmp_path):
    cache = open_cache(tmp_path / "cache.db", new_cache_key())
    with cache.write() as conn:
        save_device(conn, store_id="S1")
        for aid, first, role, store, active in (("A1", "Ana", "associate", "S1", 1), ("M1", "Mia", "manager", "S1", 1),
                                                ("A2", "Bo", "associate", "S2", 1), ("A3", "Cy", "associate", "S1", 0)):
            conn.exec_driver_sql("INSERT INTO associates (id, first_name, last_name, role, store_id, active, _scope, "
                                 "_version) VALUES (?, ?, 'Test', ?, ?, ?, 'x', 1)", (aid, first, role, store, active))
            conn.exec_driver_sql("INSERT INTO pins (id, store_id, pin_hash, badge_hash, _scope, _version) "
                                 "VALUES (?, ?, ?, ?, 'x', 1)",
                                 (aid, store, hash_pin("2468" if role == "manager" else "1357", params=FAST),
                                  badge_hash(f"BADGE-{aid}")))
    yield cache
    cache.close()


def test_roster_lists_active_staff_of_this_store_managers_first(cache):
    roster = SessionService(cache).roster()
    assert [(s.associate_id, s.name, s.is_manager) for s in roster] == [("M1", "Mia Test", True),
                                                                        ("A1", "Ana Test", False)]


def test_pin_sign_in_and_badge_sign_in(cache):
    service = SessionService(cache)
    session = service.sign_in("M1", "2468")
    assert (session.associate_id, session.role, session.is_manager) == ("M1", "manager", True)
    assert service.sign_in_badge("  BADGE-A1 ").associate_id == "A1"
    for code in ("BADGE-A2", "BADGE-A3", "nope", "", "BADGE-ZZ"):  # other store, inactive, short, unknown
        with pytest.raises(DomainError) as err:
            service.sign_in_badge(code)
        assert err.value.code == "unknown_badge"


def test_a_badge_alone_does_not_open_a_managers_powers(cache):
    service = SessionService(cache)
    by_badge = service.sign_in_badge("BADGE-M1")
    assert by_badge.role == "manager" and not by_badge.by_pin and not by_badge.is_manager
    assert service.sign_in("M1", "2468").is_manager


def test_sign_in_and_manager_approvals_share_one_count_of_wrong_pins(cache):
    from clienteling.security.lockout import Lockout
    from clienteling.services.approvals import ApprovalService

    shared = Lockout()
    sessions, approvals = SessionService(cache, lockout=shared), ApprovalService(cache, lockout=shared)
    for _ in range(3):
        with pytest.raises(DomainError):
            sessions.sign_in("M1", "0000")
    with pytest.raises(DomainError):
        approvals.approve("M1", "0000", "override")
    with pytest.raises(DomainError) as err:
        approvals.approve("M1", "0000", "override")  # the fifth wrong PIN, across both
    assert err.value.code == "locked"
    with pytest.raises(DomainError) as err:
        sessions.sign_in("M1", "2468")
    assert err.value.code == "locked"


def test_other_stores_and_inactive_staff_cannot_sign_in(cache):
    service = SessionService(cache)
    for aid in ("A2", "A3", "ZZ"):
        with pytest.raises(DomainError) as err:
            service.sign_in(aid, "1357")
        assert err.value.code == "unknown_associate"


def test_five_wrong_pins_lock_that_associate_for_five_minutes(cache):
    now = [1000.0]
    service = SessionService(cache, monotonic=lambda: now[0])
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as err:
            service.sign_in("A1", "0000")
        assert err.value.code == "wrong_pin" and f"{left} tries left" in str(err.value)
    with pytest.raises(DomainError) as err:
        service.sign_in("A1", "0000")
    assert err.value.code == "locked"
    with pytest.raises(DomainError) as err:
        service.sign_in("A1", "1357")  # even the right PIN, while locked
    assert err.value.code == "locked"
    assert service.sign_in("M1", "2468").associate_id == "M1"  # others are not locked
    now[0] += 301
    assert service.sign_in("A1", "1357").associate_id == "A1"
