"""A long-poll with nothing to read is answered from what the head watcher read (hot_routes._nothing_to_read)."""

from __future__ import annotations

import time

import pytest

from sync import protocol as p
from sync.server.context import Central, FeedFacts
from sync.server.cursors import END, ChangesPos, CursorCodec
from sync.server.db import open_engine, upgrade
from sync.server.hot_routes import _nothing_to_read

CODEC = CursorCodec("s" * 64)


@pytest.fixture
def central(tmp_path):
    engine = open_engine(str(tmp_path / "q.db"))
    upgrade(engine)
    central = Central(engine, wake_budget=1)
    central.feed_facts = FeedFacts("E1", CODEC, {"region:r": 2, "catalog": 0})
    watcher = central.watcher
    watcher._published = {"region:r": 7, "catalog": 4}
    watcher._read_at = watcher._published_at = time.monotonic()
    watcher._waiting = 10  # a 10 s beat: the publication is not due
    yield central
    engine.dispose()


def _cursor(scope: str, version: int, epoch: str = "E1", codec: CursorCodec = CODEC) -> str:
    return codec.changes(ChangesPos(epoch, scope, version, END, ""))


def _req(wait_s: float = 25, **versions: int) -> p.ChangesRequest:
    cursors = {("region:r" if s == "region" else s): _cursor("region:r" if s == "region" else s, v)
               for s, v in versions.items()}
    return p.ChangesRequest(cursors=cursors, wait_s=wait_s)


def test_cursors_at_the_settled_heads_get_the_quiet_answer(central):
    req = _req(region=7, catalog=4)
    body, waiting = _nothing_to_read(central, req)
    assert waiting == {"region:r": 7, "catalog": 4}
    assert body["scopes"]["region:r"] == {"upserts": [], "deletes": [], "cursor": req.cursors["region:r"],
                                          "more": False, "reset": False, "version": 7}


@pytest.mark.parametrize("case", ["behind", "ahead", "pull", "epoch", "floor", "due", "unknown_scope",
                                  "bad_cursor", "mid_page", "no_reading"])
def test_anything_else_takes_the_full_pass(central, case):
    req = _req(region=7, catalog=4)
    if case == "behind":
        req = _req(region=6, catalog=4)
    elif case == "ahead":
        req = _req(region=8, catalog=4)
    elif case == "pull":
        req = _req(wait_s=0, region=7, catalog=4)
    elif case == "epoch":
        req.cursors["region:r"] = _cursor("region:r", 7, epoch="E0")
    elif case == "floor":
        central.feed_facts = FeedFacts("E1", CODEC, {"region:r": 8})
    elif case == "due":
        central.watcher._published_at -= 11
    elif case == "unknown_scope":
        req.cursors["location:S9"] = _cursor("location:S9", 0)
    elif case == "bad_cursor":
        req.cursors["region:r"] = _cursor("region:r", 7, codec=CursorCodec("other" * 13))
    elif case == "mid_page":
        req.cursors["region:r"] = CODEC.changes(ChangesPos("E1", "region:r", 7, 1, "N-1"))
    elif case == "no_reading":
        central.feed_facts = None
    assert _nothing_to_read(central, req) is None
