"""Every change is recorded with who made it: a write without a signed-in associate is refused."""

from __future__ import annotations

import pytest

from clienteling.cache import outbox
from clienteling.domain import DomainError
from clienteling.services import NoteService
from tests.unit.test_services_outbox import cache, clock  # noqa: F401  (fixtures)


@pytest.mark.parametrize("nobody", [None, ""])
def test_a_write_without_an_associate_is_refused_and_nothing_is_queued(cache, nobody):  # noqa: F811
    with pytest.raises(DomainError) as err:
        NoteService(cache, clock).add("C1", "likes linen", nobody)
    assert err.value.code == "signed_out"
    with cache.read() as conn:
        assert outbox.pending(conn) == []
        assert conn.exec_driver_sql("SELECT count(*) FROM notes").scalar() == 0
