"""Convergence under faults, proven by a Hypothesis stateful test on PostgreSQL.

Three real terminals (own encrypted cache, DbWorker, SyncClient, Replicator: two at S001, one at
S002 of the same region) work against ONE real central service. Hypothesis interleaves: a
terminal goes offline / online; counter flows through the real services (prepare and collect a
pickup, return a line, redeem points, add a note, place a hold, edit a customer), also while a
sync round or the app's own replication loop is under way; changes committed straight into the
central database (a new BOPIS order, a stock move, a GDPR erasure, a tombstone purge that voids
cursors); sync rounds; and faults armed on each terminal's transport (``tests.helpers.faults``:
request lost, response lost after commit, duplicated, delayed, reordered, 5xx, timeout,
truncated body).

After every step the central sums hold (no unit handed over or returned twice, loyalty balance =
ledger sum). At the end every terminal goes online and syncs until nothing moves; then every
outbox is drained, every cache equals the server for each of its scopes (checksums), and every
mutation recorded at a counter is in the server's log exactly once with the verdict the terminal
shows (lost = 0, duplicated = 0), unless a GDPR erasure of its customer dropped it.

Size: ``RELIABILITY_EXAMPLES`` (default 4) and ``RELIABILITY_STEPS`` (default 40);
``RELIABILITY_RANDOM=1`` draws new examples instead of the fixed ones;
``RELIABILITY_REPORT=path`` writes the figures as JSON (the README's "Reliability" section).
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import text

from clienteling.domain import DomainError, Verification
from clienteling.domain.returns import DraftLine, ReturnDraft
from sync.client import SyncError
from sync.server import admin
from sync.server.db import write_tx
from sync.server.versions import purge_tombstones
from tests.helpers import databases
from tests.helpers.central import start_central
from tests.helpers.convergence import (SUMS, TERMINALS, Node, Recorded, check_converged, check_exactly_once,
                                       delete_a_note, move_stock, sql, template)
from tests.helpers.faults import KINDS

EXAMPLES = int(os.environ.get("RELIABILITY_EXAMPLES", "4"))
STEPS = int(os.environ.get("RELIABILITY_STEPS", "40"))
REPORT = os.environ.get("RELIABILITY_REPORT")
PATHS = (None, "/v1/mutations", "/v1/mutations", "/v1/changes", "/v1/device", "/v1/snapshot")
SETTLE_ROUNDS = 8
TERMINAL = st.integers(0, len(TERMINALS) - 1)
PICK = st.integers(0, 1 << 16)  # which candidate row (modulo how many there are)
FAULT = st.tuples(st.sampled_from(KINDS), st.sampled_from(PATHS), st.booleans(), st.sampled_from((0.0, 0.3, 0.9)))
"""(kind, path, after, cut): see ``FaultyTransport.arm``."""
FAULTS = st.lists(FAULT, max_size=3)

FIGURES: Counter[str] = Counter()
"""Summed over every example of the session (what the report file shows)."""


class Convergence(RuleBasedStateMachine):
    """Terminals, a central service and the faults between them; see the module docstring."""

    def __init__(self) -> None:
        super().__init__()
        FIGURES["examples"] += 1
        self.loop = asyncio.new_event_loop()
        self.tmp = Path(tempfile.mkdtemp(prefix="convergence-"))
        made = template()
        self.central = start_central(databases.clone_postgres_url(made.db_url))
        self.engine = self.central.engine()
        self.recorded: dict[str, Recorded] = {}  # by mutation id
        self.erased: set[str] = set()
        self.broken = False
        self.nodes = [Node(spec, made, self.tmp / spec[0], self.central.url) for spec in TERMINALS]

    def run(self, coro):
        try:
            return self.loop.run_until_complete(coro)
        except SyncError:
            raise  # what faults do: the caller decides
        except BaseException:
            self.broken = True
            raise

    # ----- the network ----------------------------------------------------------------------------

    @rule(t=TERMINAL, offline=st.booleans())
    def plug(self, t: int, offline: bool) -> None:
        self.nodes[t].wire.offline = offline

    @rule(t=TERMINAL, faults=FAULTS)
    def arm(self, t: int, faults: list[tuple]) -> None:
        for kind, path, after, cut in faults:
            self.nodes[t].wire.arm(kind, path, after=after, cut=cut)
        FIGURES["faults_armed"] += len(faults)

    @rule(t=TERMINAL, part=st.sampled_from(("round", "round", "push", "pull")), faults=FAULTS)
    def sync(self, t: int, part: str = "round", faults: list[tuple] = ()) -> None:
        """A full round, or only its push or pull (the app's pusher and puller run apart)."""
        self.arm(t, faults)
        rep = self.nodes[t].terminal.replicator
        try:
            self.run(rep.sync_once() if part == "round" else rep.push() if part == "push" else rep.pull())
            FIGURES["sync_rounds_ok"] += 1
        except SyncError as exc:
            FIGURES[f"sync_failed_{exc.kind}"] += 1

    @rule(t=TERMINAL, pick=PICK, after_s=st.sampled_from((0.0, 0.01, 0.03, 0.08)), redeem=st.booleans(),
          app_loop=st.booleans(), faults=FAULTS)
    def write_during_sync(self, t: int, pick: int, after_s: float, redeem: bool, app_loop: bool,
                          faults: list[tuple]) -> None:
        """A counter write lands while a sync round (or the app's loop: puller and pusher at
        once, stopped mid-flight afterwards) of the same terminal is under way."""
        self.arm(t, faults)
        node = self.nodes[t]
        customer = self._customer(node, pick)
        if customer is None:
            return
        write = ((node.terminal.loyalty.redeem, customer, 1 + pick % 50, "mid-sync", node.associate, False)
                 if redeem else (node.terminal.notes.add, customer, f"mid-sync {pick}", node.associate))
        rep = node.terminal.replicator

        async def in_loop() -> None:
            rep.long_poll_s, rep.sync_interval_s = 0.5, 0.2
            async with rep.running(stop_timeout_s=10):
                await asyncio.sleep(after_s)
                await self._write_async(node, *write)
                rep.notify_enqueued()
                await asyncio.sleep(0.1 + after_s)
            FIGURES["app_loop_runs"] += 1

        async def in_round() -> None:
            round_ = asyncio.ensure_future(rep.sync_once())
            await asyncio.sleep(after_s)
            try:
                await self._write_async(node, *write)
            finally:
                [outcome] = await asyncio.gather(round_, return_exceptions=True)
            if isinstance(outcome, SyncError):
                FIGURES[f"sync_failed_{outcome.kind}"] += 1
            elif isinstance(outcome, BaseException):
                raise outcome
        self.run(in_loop() if app_loop else in_round())

    # ----- the counter ------------------------------------------------------------------------------

    def _write(self, node: Node, fn, *args) -> bool:
        """A counter write through a real service; the outbox entry it made is recorded."""
        return self.run(self._write_async(node, fn, *args))

    async def _write_async(self, node: Node, fn, *args) -> bool:
        try:
            await node.terminal.worker.run(fn, *args)
        except DomainError as exc:
            FIGURES[f"refused_at_counter_{exc.code}"] += 1
            return False
        mid, entry = await node.terminal.worker.run(node.last_entry)
        assert mid not in self.recorded
        self.recorded[mid] = entry
        FIGURES["mutations_recorded"] += 1
        return True

    @staticmethod
    def _pick(node: Node, query: str, pick: int, *params):
        rows = node.query(query, *params)
        return rows[pick % len(rows)] if rows else None

    def _customer(self, node: Node, pick: int) -> str | None:
        row = self._pick(node, "SELECT id FROM customers WHERE _scope LIKE 'region:%' ORDER BY id", pick)
        return row[0] if row else None

    def _order(self, node: Node, states: str, pick: int):
        row = self._pick(node, f"SELECT id FROM orders WHERE pickup_store_id = ? AND status IN ({states}) ORDER BY id",
                         pick, node.store)
        return node.terminal.worker.call(node.terminal.pickups.get, row[0]) if row else None

    @rule(t=TERMINAL, pick=PICK)
    def prepare_pickup(self, t: int, pick: int) -> None:
        node = self.nodes[t]
        order = self._order(node, "'placed', 'picking'", pick)
        if order is not None:
            picks = [(ln.id, ln.qty, None) for ln in order.lines]
            if self._write(node, node.terminal.pickups.pick, order.id, picks, node.associate):
                self._write(node, node.terminal.pickups.mark_ready, order.id, node.associate)

    @rule(t=TERMINAL, pick=PICK, one_unit=st.booleans())
    def collect(self, t: int, pick: int, one_unit: bool) -> None:
        node = self.nodes[t]
        order = self._order(node, "'ready'", pick)
        if order is not None:
            left = [(ln.id, 1) for ln in order.lines if ln.picked_qty - ln.collected_now > 0]
            self._write(node, node.terminal.pickups.collect, order.id,
                        Verification("pickup_code", code=order.pickup_code), node.associate,
                        left[:1] if one_unit and left else None)

    @rule(t=TERMINAL, pick=PICK)
    def return_line(self, t: int, pick: int) -> None:
        node = self.nodes[t]
        row = self._pick(node, "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status "
                               "IN ('completed', 'delivered', 'collected') ORDER BY o.placed_at DESC, o.id LIMIT 60", pick)
        if row is None:
            return
        quote = node.terminal.worker.call(node.terminal.returns.quote, row[0])
        lines = [q.line for q in quote.lines if q.verdict.returnable_qty >= 1]
        if lines:
            line = lines[pick % len(lines)]
            draft = ReturnDraft([DraftLine(line.sku, 1, "wrong_size", "new", "restock", line.id)], order_id=row[0])
            self._write(node, node.terminal.returns.submit, draft, node.associate, not node.wire.offline)

    @rule(t=TERMINAL, pick=PICK, points=st.integers(1, 400))
    def redeem(self, t: int, pick: int, points: int) -> None:
        node = self.nodes[t]
        if (customer := self._customer(node, pick)) is not None:
            self._write(node, node.terminal.loyalty.redeem, customer, points, "convergence", node.associate,
                        not node.wire.offline)

    @rule(t=TERMINAL, pick=PICK)
    def note(self, t: int, pick: int) -> None:
        node = self.nodes[t]
        if (customer := self._customer(node, pick)) is not None:
            self._write(node, node.terminal.notes.add, customer, f"note {pick} from {node.name}", node.associate)

    @rule(t=TERMINAL, pick=PICK, qty=st.integers(1, 3))
    def hold(self, t: int, pick: int, qty: int) -> None:
        node = self.nodes[t]
        customer = self._customer(node, pick)
        sku = self._pick(node, "SELECT sku FROM inventory WHERE location_id = ? AND on_hand - coalesce(reserved, 0) > 0 "
                               "ORDER BY sku", pick // 7, node.store)
        if customer is not None and sku is not None:
            self._write(node, node.terminal.inventory.hold, customer, sku[0], qty, node.associate)

    @rule(t=TERMINAL, pick=PICK)
    def edit_customer(self, t: int, pick: int) -> None:
        node = self.nodes[t]
        if (customer := self._customer(node, pick)) is not None:
            self._write(node, node.terminal.customers.update, customer,
                        {"phone": f"+1555{pick:07d}", "email": f"c{pick}@{node.name.lower()}.example"}, node.associate)

    # ----- the central side ------------------------------------------------------------------------

    @rule(store=st.sampled_from(("S001", "S002")), seed=PICK, lines=st.integers(1, 3))
    def server_new_order(self, store: str, seed: int, lines: int) -> None:
        admin.place_order(self.engine, store, lines=lines, rng=random.Random(seed))
        FIGURES["server_new_orders"] += 1

    @rule(store=st.sampled_from(("S001", "S002")), pick=PICK, delta=st.integers(-3, 5))
    def server_stock_move(self, store: str, pick: int, delta: int) -> None:
        FIGURES["server_stock_moves"] += move_stock(self.engine, store, pick, delta)

    @rule(pick=PICK)
    def server_delete_note(self, pick: int) -> None:
        """A note removed centrally (a tombstone in the feed), maybe one a terminal just wrote."""
        FIGURES["server_deletes"] += delete_a_note(self.engine, pick)

    @precondition(lambda self: len(self.erased) < 2)
    @rule(t=TERMINAL, pick=PICK, written_about=st.booleans())
    def server_erasure(self, t: int, pick: int, written_about: bool) -> None:
        """Erase a customer a terminal knows, often one a counter wrote about (maybe still pending)."""
        about = sorted({r.customer for r in self.recorded.values() if r.customer} - self.erased)
        customer = about[pick % len(about)] if written_about and about else self._customer(self.nodes[t], pick)
        if customer is not None and customer not in self.erased:
            admin.erase_customer(self.engine, customer)
            self.erased.add(customer)
            FIGURES["server_erasures"] += 1

    @rule()
    def server_purge_tombstones(self) -> None:
        # Cursors from before the purge are void: those terminals download the scope again.
        with write_tx(self.engine) as conn:
            FIGURES["server_tombstones_purged"] += purge_tombstones(conn, "9999-01-01T00:00:00Z")

    @invariant()
    def central_sums_hold(self) -> None:
        for what, query in SUMS.items():
            broken = sql(self.engine, query)
            FIGURES["duplicated"] += len(broken)
            assert not broken, f"{what}: a write applied twice or half: {broken[:5]}"

    # ----- the end: quiescence and convergence ----------------------------------------------------

    def teardown(self) -> None:
        try:
            if not self.broken:
                self.settle()
                stats = [self.run(n.terminal.stats()) for n in self.nodes]
                check_converged(self.nodes, stats, self.engine)
                FIGURES["caches_equal_server"] += len(self.nodes)
                check_exactly_once(self.nodes, self.recorded, self.erased, self.engine, FIGURES)
        finally:
            for node in self.nodes:
                self.loop.run_until_complete(node.terminal.aclose())
            self.loop.close()
            self.central.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def settle(self) -> None:
        """Everyone online; rounds until the faults still armed are spent; then fault-free rounds
        until one in which nobody pushed anything (so everybody pulled after the last push)."""
        for node in self.nodes:
            node.wire.offline = False
        for _ in range(SETTLE_ROUNDS):
            if not any(n.wire.armed for n in self.nodes):
                break
            for t in range(len(self.nodes)):
                self.sync(t)
        for node in self.nodes:
            FIGURES["faults_armed_unused"] += node.wire.disarm()
            FIGURES.update({f"fault_{k}": v for k, v in node.wire.injected.items()})
        for _ in range(SETTLE_ROUNDS):
            reports = [self.run(n.terminal.replicator.sync_once()) for n in self.nodes]
            if not any(r.pushed for r in reports):
                return
        pytest.fail(f"no quiescence after {SETTLE_ROUNDS} sync rounds of every terminal")


@pytest.mark.timeout(max(300, 60 + EXAMPLES * STEPS))  # a long run for the figures outlasts the default
def test_terminals_converge_under_faults() -> None:
    databases.require_postgres()
    started = time.monotonic()
    run_state_machine_as_test(Convergence, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, database=None, print_blob=True,
        derandomize=not os.environ.get("RELIABILITY_RANDOM"), suppress_health_check=list(HealthCheck)))
    FIGURES["seconds"] = round(time.monotonic() - started, 1)
    FIGURES["faults_injected"] = sum(v for k, v in FIGURES.items() if k.startswith("fault_"))
    print("convergence figures:", dict(sorted(FIGURES.items())))
    if REPORT:
        Path(REPORT).write_bytes(orjson.dumps(dict(sorted(FIGURES.items())), option=orjson.OPT_INDENT_2))
    assert FIGURES["lost"] == 0 and FIGURES["duplicated"] == 0
    # A run that injected nothing, or recorded nothing, would prove nothing.
    assert FIGURES["faults_injected"] and FIGURES["mutations_recorded"] and FIGURES["sync_rounds_ok"]
    assert FIGURES["caches_equal_server"] == len(TERMINALS) * FIGURES["examples"]


# ----- the checks can fail ---------------------------------------------------------------------------

@pytest.fixture
def machine():
    """One example's terminals and central service, outside Hypothesis (the figures stay as they were)."""
    databases.require_postgres()
    figures = FIGURES.copy()
    m = Convergence()
    try:
        yield m
    finally:
        m.broken = True  # close only
        m.teardown()
        FIGURES.clear()
        FIGURES.update(figures)


def test_a_cache_that_differs_from_the_server_is_caught(machine):
    def stats():
        return [machine.run(n.terminal.stats()) for n in machine.nodes]
    check_converged(machine.nodes, stats(), machine.engine)

    def drift():
        with machine.nodes[1].terminal.cache.write() as conn:
            conn.exec_driver_sql("UPDATE customers SET first_name = 'Drifted' WHERE id = (SELECT min(id) FROM customers)")
    machine.nodes[1].terminal.worker.call(drift)
    with pytest.raises(AssertionError, match="T2 region:.* differs"):
        check_converged(machine.nodes, stats(), machine.engine)


@pytest.mark.parametrize("statement, broken", [
    ("UPDATE customers SET points = points - 25 WHERE id = (SELECT min(customer_id) FROM loyalty_ledger)",
     "loyalty balance"),
    ("UPDATE order_lines SET collected_qty = collected_qty + 1 WHERE id = (SELECT min(id) FROM order_lines "
     "WHERE collected_qty > 0)", "collected"),
    ("UPDATE order_lines SET returned_qty = returned_qty + 1 WHERE id = (SELECT min(id) FROM order_lines "
     "WHERE returned_qty > 0 AND returned_qty < qty)", "returned"),
    ("UPDATE order_lines SET picked_qty = qty + 1 WHERE id = (SELECT min(id) FROM order_lines)", "beyond"),
])
def test_a_write_applied_twice_is_caught(machine, statement, broken):
    machine.central_sums_hold()
    with write_tx(machine.engine) as conn:
        assert conn.execute(text(statement)).rowcount == 1, "the seed has no such row: the test data changed"
    with pytest.raises(AssertionError, match=broken):
        machine.central_sums_hold()


def test_a_lost_or_foreign_mutation_is_caught(machine):
    node = machine.nodes[0]
    assert machine._write(node, node.terminal.notes.add, machine._customer(node, 1), "kept", node.associate)
    machine.settle()
    check_exactly_once(machine.nodes, machine.recorded, machine.erased, machine.engine, Counter())
    never_sent = {**machine.recorded, "never-sent": Recorded("T1", 99, "note.add", None)}
    with pytest.raises(AssertionError, match="never applied"):
        check_exactly_once(machine.nodes, never_sent, machine.erased, machine.engine, Counter())
    with pytest.raises(AssertionError, match="no counter recorded"):
        check_exactly_once(machine.nodes, {}, machine.erased, machine.engine, Counter())
