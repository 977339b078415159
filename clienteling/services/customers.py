"""Customer use cases: search, profile, edits."""

from __future__ import annotations

from typing import Any

from sync import protocol as p

from clienteling.cache import Cache, effects, repos
from clienteling.cache.search import search_customers
from clienteling.domain.models import (Customer, CustomerHit, CustomerProfile, LedgerEntry, Note, Order,
                                       OutboxEntry)
from clienteling.domain.rules import DomainError, check_customer_fields, check_preferences, consent_with
from clienteling.services.clock import Clock, iso, utc_now


class CustomerService:
    """Find and read customers; queue profile edits. Methods are synchronous (run them on the
    DbWorker)."""

    def __init__(self, cache: Cache, clock: Clock = utc_now) -> None:
        self.cache = cache
        self.clock = clock

    def search(self, text: str, limit: int = 50) -> list[CustomerHit]:
        """Ranked hits for a name, email, phone (any format or last digits) or loyalty number."""
        with self.cache.read() as conn:
            return search_customers(conn, text, limit)

    def get(self, customer_id: str) -> Customer | None:
        """The full profile, or None if it is not in this terminal's cache."""
        with self.cache.read() as conn:
            return repos.get_customer(conn, customer_id)

    def notes(self, customer_id: str, limit: int = 200) -> list[Note]:
        """Notes on the customer, newest first (``pending`` = not yet confirmed by the server)."""
        with self.cache.read() as conn:
            return repos.notes_of(conn, customer_id, limit)

    def orders(self, customer_id: str, limit: int = 100) -> list[Order]:
        """The customer's orders across channels, newest first (without lines)."""
        with self.cache.read() as conn:
            return repos.find_orders(conn, customer_id=customer_id, limit=limit)

    def ledger(self, customer_id: str, limit: int = 200) -> list[LedgerEntry]:

        """The customer's loyalty ledger, newest first (``pending`` = local only)."""
        with self.cache.read() as conn:
            return repos.ledger_of(conn, customer_id, limit)

    def update(self, customer_id: str, fields: dict[str, Any], associate_id: str | None,
               preferences_base: dict[str, Any] | None = None) -> OutboxEntry:
        """Change profile fields locally now and queue ``customer.update`` (one transaction);
        with ``preferences_base``, only the preferences' changes from it are applied."""
        fields = check_customer_fields(fields)
        with self.cache.write() as conn:
            if repos.customer_scope(conn, customer_id) is None:
                raise DomainError("not_found", "This customer is not in this terminal's cache.")
            args: dict[str, Any] = {"customer_id": customer_id, "fields": fields}
            if preferences_base is not None:
                args["preferences_base"] = preferences_base
            return effects.record(conn, p.CUSTOMER_UPDATE, args, associate_id, iso(self.clock()))

    def profile(self, customer_id: str) -> CustomerProfile | None:
        """Everything the 360 screen shows, read in one transaction (a consistent picture)."""
        with self.cache.read() as conn:
            customer = repos.get_customer(conn, customer_id)
            if customer is None:
                return None
            orders = repos.orders_with_lines(conn, customer_id)
            notes = repos.notes_of(conn, customer_id)
            tasks = repos.tasks_of(conn, customer_id)
            people = {customer.assigned_associate_id} | {n.associate_id for n in notes} \
                | {t.associate_id for t in tasks}
            stores = {o.store_id for o in orders} | {o.pickup_store_id for o in orders} \
                | {n.store_id for n in notes}
            return CustomerProfile(
                customer=customer,
                balance=repos.balance_of(conn, customer_id),  # type: ignore[arg-type]
                orders=tuple(orders), ledger=tuple(repos.ledger_of(conn, customer_id)),
                notes=tuple(notes), tasks=tuple(tasks),
                rejected=tuple(repos.rejected_for_customer(conn, customer_id)),
                pending_changes=repos.pending_count_for_customer(conn, customer_id),
                associate_names=repos.associate_names(conn, people),  # type: ignore[arg-type]
                store_names=repos.store_names(conn, stores),  # type: ignore[arg-type]
                data_as_of=repos.last_sync_at(conn, repos.customer_scope(conn, customer_id)),
            )

    def set_preferences(self, customer_id: str, preferences: dict[str, Any], associate_id: str | None,
                        base: dict[str, Any] | None = None) -> OutboxEntry:
        """Save the customer's preferences (sizes, brands, styles, colours), validated, as edited
        from ``base`` (what the screen showed; default: what the cache holds now). Only the
        changes travel as such: the server and this cache apply them to what they hold, so
        another terminal's edit to other sizes or brands is not undone (``merge_preferences``)."""
        if base is None:
            with self.cache.read() as conn:
                customer = repos.get_customer(conn, customer_id)
            base = (customer.preferences if customer is not None else None) or {}
        return self.update(customer_id, {"preferences": check_preferences(preferences)}, associate_id,
                           preferences_base=_preferences_base(base))

    def set_consent(self, customer_id: str, channel: str, opt_in: bool, associate_id: str | None) -> OutboxEntry:
        """Record an opt-in or opt-out on one channel, timestamped now. Only that channel is sent:
        the server merges per channel (the later decision wins), so a stale copy of the others
        held by this terminal can never overwrite a newer decision made elsewhere."""
        with self.cache.read() as conn:
            customer = repos.get_customer(conn, customer_id)
        if customer is None:
            raise DomainError("not_found", "This customer is not in this terminal's cache.")
        change = consent_with({}, channel, opt_in, iso(self.clock()))
        return self.update(customer_id, {"consent": change}, associate_id)


def _preferences_base(prefs: Any) -> dict[str, Any]:
    """``prefs`` in the protocol's shape, as stored (not validated: it is what the screen showed,
    whatever older data it holds)."""
    prefs = prefs if isinstance(prefs, dict) else {}
    sizes = prefs.get("sizes") if isinstance(prefs.get("sizes"), dict) else {}
    base: dict[str, Any] = {"sizes": {str(k): str(v) for k, v in sizes.items()}}
    for key in p.PREFERENCE_LISTS:
        items = prefs.get(key)
        base[key] = [str(item) for item in items] if isinstance(items, list) else []
    return base
