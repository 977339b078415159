"""The manager dashboard's figures for this terminal's store, computed offline from the cache."""

from __future__ import annotations

from datetime import date

from sync.policy import pickup_aging

from clienteling.cache import Cache, kpi_reads, order_reads, pickup_reads, repos
from clienteling.domain import kpis as k
from clienteling.services.clock import Clock, iso, utc_now


class KpiService:
    """Store KPIs for a period and the one before it, per the shared definitions in ``domain.kpis``."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def dashboard(self, kind: str = "today", start_date: date | None = None,
                  end_date: date | None = None) -> k.Dashboard:
        """Every figure of the dashboard for the period ``kind`` (custom: local dates, inclusive)."""
        now = self.clock()
        with self.cache.read() as conn:
            store = pickup_reads.store_id(conn)
            name, tz = kpi_reads.store_facts(conn, store)
            period = k.period_for(kind, now, tz, start_date, end_date)  # type: ignore[arg-type]
            before = k.previous(period)
            rules = order_reads.policy(conn).pickups
            overdue = sum(1 for o in kpi_reads.open_pickups(conn, store)
                          if pickup_aging(rules, o, iso(now)).overdue)
            # One scan of the orders for both periods (they are contiguous); the sales split by time.
            both = kpi_reads.sales(conn, store, before.start, period.end)
            current, cur_sales, cur_returns, board = self._period(
                conn, store, period, overdue, rules.ready_within_hours, [x for x in both if x.at >= period.start])
            old, old_sales, old_returns, _ = self._period(
                conn, store, before, overdue, rules.ready_within_hours, [x for x in both if x.at < period.start])
            return k.Dashboard(
                store_id=store or "", store_name=name, period=period, previous=before,
                current=current, before=old,
                daily=k.daily(k.local_days(period, tz), cur_sales, cur_returns, tz),
                daily_before=k.daily(k.local_days(before, tz), old_sales, old_returns, tz),
                leaderboard=board, as_of=repos.last_sync_at(conn))

    def store_kpis(self, start: str, end: str) -> k.KpiSet:
        """The KPI set of this store for any ``[start, end)`` (UTC ISO), as the central SQL computes it."""
        now = self.clock()
        with self.cache.read() as conn:
            store = pickup_reads.store_id(conn)
            rules = order_reads.policy(conn).pickups
            overdue = sum(1 for o in kpi_reads.open_pickups(conn, store)
                          if pickup_aging(rules, o, iso(now)).overdue)
            period = k.Period("custom", start, end, "")
            return self._period(conn, store, period, overdue, rules.ready_within_hours)[0]

    def _period(self, conn, store: str | None, period: k.Period, overdue: int,  # type: ignore[no-untyped-def]
                ready_within_hours: float, sales: list[k.Sale] | None = None):
        a, b = period.start, period.end
        if sales is None:
            sales = kpi_reads.sales(conn, store, a, b)
        returns = kpi_reads.returns(conn, store, a, b)
        did = {name: kpi_reads.activity(conn, name, store, a, b) for name in kpi_reads.ACTIVITY}
        facts = k.Facts(
            sales=sales, returns=returns, pickups=kpi_reads.pickups_placed(conn, store, a, b),
            overdue_now=overdue, signups=sum(did["signups"].values()),
            returning_customers=kpi_reads.returning_customers(conn, (s.customer_id for s in sales), a),
            notes=sum(did["notes"].values()), tasks_done=sum(did["tasks_done"].values()),
            outreach=sum(did["outreach"].values()))
        board = k.leaderboard(kpi_reads.associates(conn, store), returns=returns, sales=sales, **did)
        return k.kpi_set(facts, ready_within_hours), sales, returns, board
