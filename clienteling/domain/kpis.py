"""Store KPIs for the manager dashboard: periods in the store's calendar and every formula (pure).

The definitions are shared with the central SQL (``sync.server.kpis``): both must agree exactly.
Times are ISO-8601 UTC strings as on the wire; periods are half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from statistics import median
from typing import Iterable, Literal, Mapping, Sequence
from zoneinfo import ZoneInfo

PeriodKind = Literal["today", "week", "month", "custom"]
KINDS: tuple[str, ...] = ("today", "week", "month", "custom")


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str) -> datetime:
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


@dataclass(frozen=True)
class Period:
    """A half-open UTC range ``[start, end)``; ``label`` is English (the UI translates by ``kind``)."""

    kind: str
    start: str
    end: str
    label: str


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def period_for(kind: PeriodKind, now: datetime, tz: str, start_date: date | None = None,
               end_date: date | None = None) -> Period:
    """The period of ``kind`` ending ``now`` in the store's time zone ``tz`` (custom: whole local days)."""
    zone = ZoneInfo(tz or "UTC")
    local = now.astimezone(zone)
    if kind == "today":
        start, label = _local_midnight(local.date(), zone), "Today"
    elif kind == "week":
        start, label = _local_midnight(local.date() - timedelta(days=local.weekday()), zone), "This week"
    elif kind == "month":
        start, label = _local_midnight(local.date().replace(day=1), zone), "This month"
    elif kind == "custom":
        if start_date is None or end_date is None:
            raise ValueError("a custom period needs start_date and end_date")
        if end_date < start_date:
            start_date, end_date = end_date, start_date
        end = _local_midnight(end_date + timedelta(days=1), zone)
        return Period(kind, _iso(_local_midnight(start_date, zone)), _iso(end),
                      f"{start_date.isoformat()} – {end_date.isoformat()}")
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    # Times are stored to the second: the period runs to the end of now's second, so a sale made
    # earlier in this very second (stored as its start) is in it.
    end = now.replace(microsecond=0) + timedelta(seconds=1) if now.microsecond else now
    return Period(kind, _iso(start), _iso(end), label)


def previous(period: Period) -> Period:
    """The period of the same length immediately before ``period``."""
    start, end = _parse(period.start), _parse(period.end)
    before = start - (end - start)
    return Period(period.kind, _iso(before), period.start, "Previous period")


def local_days(period: Period, tz: str) -> list[str]:
    """The local dates (YYYY-MM-DD) that ``period`` touches, in order."""
    zone = ZoneInfo(tz or "UTC")
    first = _parse(period.start).astimezone(zone).date()
    end = _parse(period.end)
    last = (end - timedelta(seconds=1)).astimezone(zone).date() if end > _parse(period.start) else first
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def local_day(moment: str, tz: str) -> str:
    """The store-local date of a UTC time."""
    return _parse(moment).astimezone(ZoneInfo(tz or "UTC")).date().isoformat()


# ----- facts in, figures out -------------------------------------------------------------------

@dataclass(frozen=True)
class Sale:
    """One sale counted at the store: ``at`` is placed_at (carry) or collected_at (pickup)."""

    order_id: str
    customer_id: str | None
    total_cents: int
    item_count: int
    at: str
    associate_id: str | None = None  # the customer's assigned associate


@dataclass(frozen=True)
class ReturnFact:
    refund_cents: int
    units: int
    created_at: str
    associate_id: str | None = None


@dataclass(frozen=True)
class Pickup:
    """A pickup order placed at the store in the period (BOPIS figures)."""

    status: str
    placed_at: str
    ready_at: str | None


@dataclass(frozen=True)
class KpiSet:
    gross_sales_cents: int
    net_sales_cents: int
    orders: int
    units: int
    aov_cents: int
    upt: float
    returns_cents: int
    returns_units: int
    return_rate_value: float
    return_rate_units: float
    bopis_orders: int
    bopis_ready_within_sla: float
    bopis_median_minutes_to_ready: float | None
    bopis_pickup_rate: float | None
    bopis_overdue_now: int
    signups: int
    repeat_purchase_rate: float | None
    notes: int
    tasks_done: int
    outreach: int


@dataclass(frozen=True)
class LeaderRow:
    associate_id: str
    name: str
    signups: int
    notes: int
    tasks_done: int
    outreach: int
    handovers: int
    returns_taken: int
    client_sales_cents: int


@dataclass(frozen=True)
class Dashboard:
    store_id: str
    store_name: str
    period: Period
    previous: Period
    current: KpiSet
    before: KpiSet
    daily: tuple[tuple[str, int, int], ...]
    daily_before: tuple[tuple[str, int, int], ...]
    leaderboard: tuple[LeaderRow, ...]
    as_of: str | None


def aov(gross_cents: int, orders: int) -> int:
    return gross_cents // orders if orders else 0


def upt(units: int, orders: int) -> float:
    return units / orders if orders else 0.0


def ratio(part: float, whole: float) -> float:
    """``part / whole``, 0.0 when ``whole`` is zero."""
    return part / whole if whole else 0.0


def minutes_between(start: str, end: str) -> float:
    return (_parse(end) - _parse(start)).total_seconds() / 60.0


def ready_within_sla(pickups: Iterable[Pickup], ready_within_hours: float) -> float:
    """Share of pickups that became ready within the SLA, among those with ``ready_at`` (0.0 when none)."""
    spans = [minutes_between(p.placed_at, p.ready_at) for p in pickups if p.ready_at]
    return ratio(sum(1 for m in spans if m <= ready_within_hours * 60), len(spans))


def median_minutes_to_ready(pickups: Iterable[Pickup]) -> float | None:
    spans = [minutes_between(p.placed_at, p.ready_at) for p in pickups if p.ready_at]
    return float(median(spans)) if spans else None


def pickup_rate(pickups: Iterable[Pickup]) -> float | None:
    """Share collected among pickups that ended collected or expired (None when none did)."""
    ended = [p.status for p in pickups if p.status in ("collected", "expired")]
    return ended.count("collected") / len(ended) if ended else None


def repeat_rate(period_customers: Iterable[str | None], returning: Iterable[str]) -> float | None:
    """Share of the period's distinct buyers who had ordered before the period (None when no buyers)."""
    buyers = {c for c in period_customers if c}
    if not buyers:
        return None
    return len(buyers & set(returning)) / len(buyers)


@dataclass(frozen=True)
class Facts:
    """What the cache (or any source) knows about one store and period; :func:`kpi_set` turns it into figures."""

    sales: Sequence[Sale]
    returns: Sequence[ReturnFact]
    pickups: Sequence[Pickup]
    overdue_now: int
    signups: int
    returning_customers: frozenset[str]
    notes: int
    tasks_done: int
    outreach: int


def kpi_set(f: Facts, ready_within_hours: float) -> KpiSet:
    gross = sum(s.total_cents for s in f.sales)
    orders = len(f.sales)
    units = sum(s.item_count for s in f.sales)
    returns_cents = sum(r.refund_cents for r in f.returns)
    returns_units = sum(r.units for r in f.returns)
    return KpiSet(
        gross_sales_cents=gross, net_sales_cents=gross - returns_cents, orders=orders, units=units,
        aov_cents=aov(gross, orders), upt=upt(units, orders), returns_cents=returns_cents,
        returns_units=returns_units, return_rate_value=ratio(returns_cents, gross),
        return_rate_units=ratio(returns_units, units), bopis_orders=len(f.pickups),
        bopis_ready_within_sla=ready_within_sla(f.pickups, ready_within_hours),
        bopis_median_minutes_to_ready=median_minutes_to_ready(f.pickups),
        bopis_pickup_rate=pickup_rate(f.pickups), bopis_overdue_now=f.overdue_now, signups=f.signups,
        repeat_purchase_rate=repeat_rate((s.customer_id for s in f.sales), f.returning_customers),
        notes=f.notes, tasks_done=f.tasks_done, outreach=f.outreach)


def daily(days: Sequence[str], sales: Iterable[Sale], returns: Iterable[ReturnFact], tz: str
          ) -> tuple[tuple[str, int, int], ...]:
    """(local date, net sales cents, orders) for each of ``days``."""
    net = dict.fromkeys(days, 0)
    count = dict.fromkeys(days, 0)
    for s in sales:
        day = local_day(s.at, tz)
        if day in net:
            net[day] += s.total_cents
            count[day] += 1
    for r in returns:
        day = local_day(r.created_at, tz)
        if day in net:
            net[day] -= r.refund_cents
    return tuple((d, net[d], count[d]) for d in days)


def leaderboard(associates: Sequence[tuple[str, str]], *, signups: Mapping[str | None, int],
                notes: Mapping[str | None, int], tasks_done: Mapping[str | None, int],
                outreach: Mapping[str | None, int], handovers: Mapping[str | None, int],
                returns: Iterable[ReturnFact], sales: Iterable[Sale]) -> tuple[LeaderRow, ...]:
    """One row per (id, name) associate; client sales are the sales of the customers assigned to them.
    Best first: client sales, then all activity, then name."""
    taken: dict[str | None, int] = {}
    for r in returns:
        taken[r.associate_id] = taken.get(r.associate_id, 0) + 1
    client: dict[str | None, int] = {}
    for s in sales:
        client[s.associate_id] = client.get(s.associate_id, 0) + s.total_cents
    rows = [LeaderRow(a, name, signups.get(a, 0), notes.get(a, 0), tasks_done.get(a, 0), outreach.get(a, 0),
                      handovers.get(a, 0), taken.get(a, 0), client.get(a, 0)) for a, name in associates]
    return tuple(sorted(rows, key=_leader_key))


def _leader_key(row: LeaderRow) -> tuple[int, int, str, str]:
    activity = row.signups + row.notes + row.tasks_done + row.outreach + row.handovers + row.returns_taken
    return (-row.client_sales_cents, -activity, row.name, row.associate_id)



def _money(cents: int) -> str:
    return f"{cents / 100:.2f}"


KPI_FIELDS: tuple[str, ...] = tuple(KpiSet.__dataclass_fields__)


def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def tables(d: Dashboard) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Every dashboard table as (header, rows) of strings, for CSV export (name -> table)."""
    kpis = [[name, _cell(name, getattr(d.current, name)), _cell(name, getattr(d.before, name))]
            for name in KPI_FIELDS]
    n = max(len(d.daily), len(d.daily_before))
    days = []
    for i in range(n):
        cur = d.daily[i] if i < len(d.daily) else ("", 0, 0)
        old = d.daily_before[i] if i < len(d.daily_before) else ("", 0, 0)
        days.append([cur[0], _money(cur[1]) if cur[0] else "", str(cur[2]) if cur[0] else "",
                     old[0], _money(old[1]) if old[0] else "", str(old[2]) if old[0] else ""])
    leaders = [[r.associate_id, r.name, str(r.signups), str(r.notes), str(r.tasks_done), str(r.outreach),
                str(r.handovers), str(r.returns_taken), _money(r.client_sales_cents)] for r in d.leaderboard]
    return {
        "kpis": (["kpi", f"current ({d.period.start} to {d.period.end})",
                  f"previous ({d.previous.start} to {d.previous.end})"], kpis),
        "daily": (["date", "net_sales", "orders", "previous_date", "previous_net_sales", "previous_orders"], days),
        "leaderboard": (["associate_id", "name", "signups", "notes", "tasks_done", "outreach", "handovers",
                         "returns_taken", "client_sales"], leaders),
    }
