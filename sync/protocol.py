"""The wire protocol between a terminal and the central service.

All endpoints live under ``/v1`` and speak JSON (responses may be gzip-compressed; clients send
``Accept-Encoding: gzip``). Every call but ``/v1/health`` and ``/v1/enroll`` carries
``Authorization: Bearer <device token>``; the device's scopes are derived from that token.

Endpoints
---------
``GET  /v1/health``     -> :class:`Health`
``POST /v1/enroll``     :class:`EnrollRequest` -> :class:`EnrollResponse` (one-time code)
``GET  /v1/device``     -> :class:`DeviceInfo`
``POST /v1/snapshot``   :class:`SnapshotRequest` -> :class:`SnapshotPage`
``POST /v1/changes``    :class:`ChangesRequest` -> :class:`ChangesResponse` (long-poll)
``POST /v1/mutations``  :class:`PushRequest` -> :class:`PushResponse`
``POST /v1/customers/search`` :class:`CustomerSearchRequest` -> :class:`CustomerSearchResponse`
``POST /v1/customers/fetch``  :class:`CustomerFetchRequest` -> :class:`CustomerFetchResponse`

Rows travel as :class:`EntityRows`: column names once, then one array per row, in the column
order of ``sync.entities`` followed by the row's version (column ``_version``).

Errors are HTTP status codes with an :class:`ErrorBody`: 401 ``unauthorized`` / ``revoked``,
403 ``forbidden_scope``, 400 ``bad_cursor`` / ``bad_request``, 409 ``sequence_gap``,
426 ``protocol_version``. Business-rule refusals are *not* HTTP errors: they are mutation
results with status ``rejected``.

Authenticated calls may also carry the terminal's health in ``X-Clienteling-*`` headers (see
"Terminal health" below): no extra request, and a server that ignores them loses nothing.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

import orjson
from pydantic import AfterValidator, BaseModel, Field

from sync.entities import ENTITIES, Entity

PROTOCOL_VERSION = 1
VERSION_COLUMN = "_version"
MAX_PAGE_ROWS = 20_000
DEFAULT_PAGE_ROWS = 5_000
MAX_WAIT_S = 30.0
MAX_REQUEST_BYTES = 16 * 1024 * 1024
"""A request body larger than this is refused ``413 too_large`` before it is parsed."""
MAX_ARGS_BYTES = 128 * 1024
"""A mutation whose ``args`` serialise to more than this is rejected ``invalid_arguments`` (its
args are not stored); so is one whose args hold NaN or infinity, an integer outside 64 bits, a NUL
character or nesting deeper than ``MAX_ARGS_DEPTH``: none of these can be stored and replicated
safely."""
MAX_ARGS_DEPTH = 16

# Mutation names the central service understands.
NOTE_ADD = "note.add"
CUSTOMER_UPDATE = "customer.update"
LOYALTY_REDEEM = "loyalty.redeem"
PICKUP_COLLECT = "pickup.collect"
CUSTOMER_CREATE = "customer.create"
TASK_ADD = "task.add"
TASK_COMPLETE = "task.complete"
OUTREACH_LOG = "outreach.log"
HOLD_CREATE = "hold.create"
PICKUP_PICK = "pickup.pick"
PICKUP_READY = "pickup.ready"
PICKUP_CANCEL = "pickup.cancel"
RETURN_CREATE = "return.create"
INCIDENT_RESOLVE = "incident.resolve"
MUTATION_NAMES = (NOTE_ADD, CUSTOMER_UPDATE, LOYALTY_REDEEM, PICKUP_COLLECT, CUSTOMER_CREATE,
                  TASK_ADD, TASK_COMPLETE, OUTREACH_LOG, HOLD_CREATE, PICKUP_PICK, PICKUP_READY,
                  PICKUP_CANCEL, RETURN_CREATE, INCIDENT_RESOLVE)
"""Arguments (all ids client-generated UUIDs unless said otherwise):

- ``note.add`` {note_id, customer_id, body}
- ``customer.update`` {customer_id, fields: {first_name, last_name, email, phone, birthday,
  preferences, consent}} (any subset), optionally ``preferences_base``: the preferences the
  terminal showed when the associate edited them; then only the changes from it are applied
  (``merge_preferences``), else ``preferences`` replaces the stored ones whole
- ``customer.create`` {customer_id, first_name, last_name, email, phone, birthday, preferences,
  consent}: a loyalty sign-up at the counter; home store = the device's store, assigned
  associate = the mutation's associate, tier member, 0 points; the server assigns the loyalty
  number (null in the cache until the result arrives) and keeps the client's id. Rejected
  ``duplicate`` when another customer has the same email (state: that customer's row).
- ``loyalty.redeem`` {ledger_id, customer_id, points, description, override?: {manager_id, reason}}:
  ``override`` when a manager approved going over the terminal's offline cap (the approver must be
  an active manager of the device's store, else ``manager_required``).
- ``pickup.pick`` {order_id, lines: [{line_id, picked_qty, short_reason?}]}: at the pickup store,
  placed | picking -> picking; ``picked_qty`` 0..qty, below qty only with a ``short_reason``
  (SHORT_REASONS). Lines not named keep their values.
- ``pickup.ready`` {order_id}: placed | picking -> ready (ready_at = server time) once every line
  is picked in full or short with a reason and at least one unit is picked; the central service
  queues a "ready for pickup" notification to the customer.
- ``pickup.cancel`` {order_id, reason}: placed | picking | ready -> cancelled (closed_at), nothing
  handed over yet.
- ``pickup.collect`` {handover_id, order_id, lines?: [{line_id, qty}], verification: {method,
  code?, id_type?, id_last4?}, collector_name?}: a handover at the pickup store. ``lines`` omitted
  = every picked unit not yet collected (lines handed over in full are left out); ``handover_id``
  omitted = the mutation id (``line_ids``, a list of whole lines, is the older form and still
  accepted, with the same rule). Verification ``pickup_code`` needs the order's ``code``;
  ``id_document`` needs ``id_type`` (non-empty) and ``id_last4`` (exactly 4 letters or digits);
  otherwise ``invalid_arguments`` (no incident). Rejected ``already_collected`` (message: who, where,
  when) when a named unit was handed over already, ``not_collectable`` when the order is not
  ready here; either refusal also records an incident for the manager. The order becomes
  collected when every picked unit is; a handovers row records who, how and what.
- ``return.create`` {return_id, order_id?, customer_id?, lines: [{return_line_id, line_id?, sku,
  qty, reason, condition, disposition}], refund_method, override?: {manager_id, reason},
  counter_refund_cents?}: a return at the device's store; with ``order_id`` each line names its
  order ``line_id``; without (receipt-less) ``customer_id`` is required and lines name a ``sku``.
  Rules: sync.policy
  (window per category, final sale, condition, receipt-less price and limits, refund methods).
  The server prices the refund, reverses the points earned on the lines (ledger kind reverse),
  adds restocked units to this store's on_hand and the order lines' returned_qty. Rejected
  ``exceeds_purchased`` beyond qty - returned_qty, ``not_returnable`` against the rules,
  ``manager_required`` for a receipt-less return over the limits without an ``override`` by a
  manager of this store; a refusal records an incident with both sides' details.
  ``counter_refund_cents`` (int >= 0, optional) is the refund the terminal priced and gave. When it
  is above the server's price (e.g. a receipt-less price from the terminal's cached region), the
  return is still applied and records ``refund_cents`` = the counter figure (the money is handed
  over; ``return_lines`` keep the server's price per line), and an open incident (kind return,
  code ``refund_above_price``, both figures in message and details) is written in the same
  transaction. The receipt-less allowance counts the higher of the two figures.
- ``incident.resolve`` {incident_id, resolution}: by a manager of the incident's store
  (``forbidden`` otherwise): open -> resolved.

pickup.pick / ready / cancel refuse a wrong state or another store's order as ``not_collectable``;
ready, cancel and resolve repeated on an order or incident already in that state are applied with
no change.
- ``task.add`` {task_id, customer_id, title, due_on (YYYY-MM-DD)}: a follow-up, status open.
- ``task.complete`` {task_id}: open -> done (done_at = server time); done already: applied, no-op.
- ``outreach.log`` {task_id, customer_id, channel, body}: a contact made on a channel; rejected
  ``no_consent`` unless the customer opted in on that channel.
- ``hold.create`` {hold_id, customer_id, sku, qty, expires_at}: puts stock aside at the device's
  store; rejected ``insufficient_stock`` unless on_hand - reserved >= qty (state: the inventory
  row); on success the hold (location scope) and inventory.reserved += qty (stock scope).
"""

# pickup.collect verification methods: the pickup code (checked against the order), or an ID
# document the associate looked at (its type and last digits are recorded).
VERIFY_PICKUP_CODE = "pickup_code"
VERIFY_ID_DOCUMENT = "id_document"
VERIFY_METHODS = (VERIFY_PICKUP_CODE, VERIFY_ID_DOCUMENT)

# Why a pickup line was picked short.
SHORT_REASONS = ("not_found", "damaged", "wrong_item", "other")
# Returns: reason codes, item condition, what happens to the item, how the money goes back.
RETURN_REASONS = ("changed_mind", "wrong_size", "defective", "not_as_described", "late_delivery",
                  "other")
RETURN_CONDITIONS = ("new", "opened", "damaged")
RETURN_DISPOSITIONS = ("restock", "damaged", "vendor")
REFUND_METHODS = ("original_tender", "store_credit", "exchange")

# Rejection codes (MutationResult.code when status == "rejected").
REJECT_UNKNOWN_MUTATION = "unknown_mutation"
REJECT_INVALID_ARGUMENTS = "invalid_arguments"
REJECT_NOT_FOUND = "not_found"
REJECT_FORBIDDEN = "forbidden"
REJECT_INSUFFICIENT_POINTS = "insufficient_points"
REJECT_ALREADY_COLLECTED = "already_collected"
REJECT_NOT_COLLECTABLE = "not_collectable"
REJECT_DUPLICATE = "duplicate"
REJECT_SERVER_ERROR = "server_error"
REJECT_NO_CONSENT = "no_consent"
REJECT_INSUFFICIENT_STOCK = "insufficient_stock"
REJECT_EXCEEDS_PURCHASED = "exceeds_purchased"
REJECT_NOT_RETURNABLE = "not_returnable"
REJECT_MANAGER_REQUIRED = "manager_required"
# The mutation names an associate_id that is nobody on the staff (a missing associate_id is still
# accepted: outboxes written before sign-in existed carry none; staff of another store are accepted:
# one moved while a terminal was offline still did what it recorded).
REJECT_UNKNOWN_ASSOCIATE = "unknown_associate"
# The mutation is about a customer erased under GDPR (``erase-customer``): nothing about them is kept.
REJECT_ERASED = "erased"
# Incident code of an *applied* return.create whose counter_refund_cents was above the server's price.
INCIDENT_REFUND_ABOVE_PRICE = "refund_above_price"

# ErrorBody.code values.
ERR_UNAUTHORIZED = "unauthorized"
ERR_REVOKED = "revoked"
ERR_FORBIDDEN_SCOPE = "forbidden_scope"
ERR_BAD_CURSOR = "bad_cursor"
ERR_BAD_REQUEST = "bad_request"
ERR_SEQUENCE_GAP = "sequence_gap"
ERR_PROTOCOL_VERSION = "protocol_version"
ERR_INVALID_CODE = "invalid_code"
ERR_TOO_LARGE = "too_large"
ERR_NOT_FOUND = "not_found"
ERR_METHOD_NOT_ALLOWED = "method_not_allowed"
ERR_SERVER_ERROR = "server_error"
ERR_UNAVAILABLE = "unavailable"  # 503: the database failed for a moment (connection lost, lock timeout); retry

# ----- terminal health ----------------------------------------------------------------------------
# A terminal reports its health with the requests it already makes: every authenticated call may
# carry these headers, each one optional (absent = "not known now": the server keeps what it had).
# The server trusts none of them: a malformed value is ignored, counts are clipped to
# HEALTH_MAX_COUNT, a last sync in the future counts as now, a cache age to HEALTH_MAX_AGE_S. It
# records them (with ``last_seen_at``) at most once a minute per device, and at once when the
# version, an outbox count or the error changes. ``clienteling-central devices`` lists them.
HEALTH_VERSION = "X-Clienteling-Version"
"""The app version (``clienteling.__version__``; 1-64 of ``A-Z a-z 0-9 . + _ -``)."""
HEALTH_OUTBOX_PENDING = "X-Clienteling-Outbox-Pending"
"""Outbox entries not yet accepted by the server (decimal integer)."""
HEALTH_OUTBOX_REJECTED = "X-Clienteling-Outbox-Rejected"
"""Outbox entries the server rejected (the "needs attention" badge; decimal integer)."""
HEALTH_LAST_SYNC = "X-Clienteling-Last-Sync"
"""The terminal's last complete pull, ISO-8601 UTC by its own clock."""
HEALTH_CACHE_AGE = "X-Clienteling-Cache-Age"
"""Seconds since the cache's least recently synced scope was last brought up to date (an age,
not a time, so a terminal's wrong clock does not matter)."""
HEALTH_LAST_ERROR = "X-Clienteling-Last-Error"
"""The kind of the failure replication is stuck on (``protocol``, ``disk_full``, ...; 1-32 of
``a-z _``), or ``none``. Never a message: messages can quote customer data."""
HEALTH_NO_ERROR = "none"
HEALTH_MAX_COUNT = 1_000_000_000
HEALTH_MAX_AGE_S = 10 * 366 * 24 * 3600


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    return value


Text = Annotated[str, AfterValidator(_no_nul), Field(json_schema_extra={"pattern": r"^[^\x00]*$"})]
"""A string of a request: PostgreSQL text cannot hold NUL, so a request carrying one is ``400
bad_request`` rather than a database error."""


class ErrorBody(BaseModel):
    code: str
    message: str
    last_seq: int | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    protocol_version: int = PROTOCOL_VERSION
    server_time: str


class EnrollRequest(BaseModel):
    code: Text = Field(min_length=4, max_length=64)
    app_version: Text = Field(default="", max_length=64)
    hostname: Text = Field(default="", max_length=255)


class DeviceInfo(BaseModel):
    device_id: str
    store_id: str
    store_name: str
    region: str
    scopes: list[str]
    server_epoch: str
    protocol_version: int = PROTOCOL_VERSION


class EnrollResponse(DeviceInfo):
    token: str


class EntityRows(BaseModel):
    """Rows of one entity. ``scope`` is set where the envelope does not imply it (results)."""

    entity: str
    scope: str | None = None
    columns: list[str]
    rows: list[list[Any]]


class EntityIds(BaseModel):
    """Deleted rows (tombstones) of one entity."""

    entity: str
    scope: str | None = None
    ids: list[str]


class SnapshotRequest(BaseModel):
    scope: str
    cursor: str | None = None
    page_rows: int = Field(default=DEFAULT_PAGE_ROWS, ge=1, le=MAX_PAGE_ROWS)


class SnapshotPage(BaseModel):
    """One page of a scope's snapshot. Rows with version <= ``version`` only; rows changed
    later arrive through the change feed from ``changes_cursor``."""

    scope: str
    version: int
    entities: list[EntityRows]
    cursor: str | None = Field(description="resume token for the next page; null when done")
    done: bool
    changes_cursor: str = Field(description="where the change feed continues after this snapshot")
    total_rows: int = Field(description="rows in the whole snapshot (for progress)")
    rows_before: int = Field(description="rows sent in earlier pages of this snapshot")


class ChangesRequest(BaseModel):
    cursors: dict[str, str] = Field(description="scope -> changes cursor")
    wait_s: float = Field(default=0.0, ge=0.0, le=MAX_WAIT_S)
    page_rows: int = Field(default=DEFAULT_PAGE_ROWS, ge=1, le=MAX_PAGE_ROWS)


class ScopeChanges(BaseModel):
    """Changes of one scope after its cursor, in commit order. ``reset``: the cursor is too old
    or from another epoch; re-snapshot the scope (keep pending mutations)."""

    upserts: list[EntityRows] = []
    deletes: list[EntityIds] = []
    cursor: str
    more: bool = False
    reset: bool = False
    version: int


class ChangesResponse(BaseModel):
    scopes: dict[str, ScopeChanges]
    server_time: str
    last_seq: int | None = Field(
        default=None,
        description="the push hint: the last mutation seq the server applied for this device; a "
                    "terminal holding pending mutations pushes them at once")


class Mutation(BaseModel):
    id: Text = Field(description="client-generated UUID", min_length=8, max_length=64)
    seq: int = Field(ge=1, description="per-device sequence number, from 1, no gaps")
    name: Text = Field(max_length=64)
    associate_id: Text | None = Field(default=None, max_length=64)
    local_time: Text = Field(max_length=40)
    args: dict[str, Any]


class PushRequest(BaseModel):
    mutations: list[Mutation] = Field(max_length=500)


class StateDelta(BaseModel):
    """The authoritative state of what a mutation touched (scopes set on each group)."""

    upserts: list[EntityRows] = []
    deletes: list[EntityIds] = []


class MutationResult(BaseModel):
    id: str
    seq: int
    status: Literal["applied", "rejected"]
    code: str | None = None
    message: str | None = None
    state: StateDelta = StateDelta()


class PushResponse(BaseModel):
    results: list[MutationResult]
    last_seq: int


class CustomerSearchRequest(BaseModel):
    """Online fallback of the counter search: customers of every region (not only the cached one).
    Matches a loyalty number, an email or a phone number exactly (phone compared by digits, or
    by its last 7+ digits), or names by prefix (first and last, any order)."""

    q: Text = Field(min_length=2, max_length=100)
    limit: int = Field(default=20, ge=1, le=50)


class CustomerSearchResponse(BaseModel):
    customers: list[EntityRows] = Field(description="customer rows, one group per scope")


class CustomerFetchRequest(BaseModel):
    customer_id: Text = Field(min_length=1, max_length=64)


class CustomerFetchResponse(BaseModel):
    """Everything the profile shows of one customer (customer, orders and lines, ledger, notes,
    tasks), with scopes, for the terminal to cache what the associate opened."""

    state: StateDelta


def merge_consent(stored: Any, given: dict[str, Any], event_time: str, now: str) -> dict[str, Any]:
    """``customer.update`` consent semantics, the same on both sides: channels not given are kept;
    per channel the later decision wins, so a terminal that was offline since morning cannot undo
    an opt-out recorded elsewhere at noon. A missing time means the event time; a time in the
    future counts as now."""
    if isinstance(stored, (str, bytes)):
        stored = orjson.loads(stored)
    merged = dict(stored) if isinstance(stored, dict) else {}
    for channel, decision in given.items():
        if not isinstance(decision, dict):
            continue
        at = min(decision.get("at") or event_time, now)
        current = merged.get(channel)
        if isinstance(current, dict) and (current.get("at") or "") > at:
            continue  # what is stored is newer
        merged[channel] = {"opt_in": bool(decision.get("opt_in")), "at": at}
    return merged


PREFERENCE_LISTS = ("brands", "styles", "colours")


def merge_preferences(stored: Any, base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """``customer.update`` preferences sent with ``preferences_base``, the same on both sides: only
    what the associate changed from ``base`` (what the terminal showed) is applied to what is
    stored, so another terminal's edit to other sizes, brands, styles or colours stands. A size
    set, changed or cleared is applied per category; a list item added or removed is added
    (at the end) or removed."""
    if isinstance(stored, (str, bytes)):
        stored = orjson.loads(stored)
    stored = stored if isinstance(stored, dict) else {}
    sizes = dict(stored.get("sizes") or {})
    old_sizes, new_sizes = base.get("sizes") or {}, given.get("sizes") or {}
    for category in {*old_sizes, *new_sizes}:
        if old_sizes.get(category) != new_sizes.get(category):
            if category in new_sizes:
                sizes[category] = new_sizes[category]
            else:
                sizes.pop(category, None)
    merged: dict[str, Any] = {"sizes": sizes}
    for key in PREFERENCE_LISTS:
        old, new, now = base.get(key) or [], given.get(key) or [], list(stored.get(key) or [])
        removed = [item for item in old if item not in new]
        merged[key] = [item for item in now if item not in removed] + \
            [item for item in new if item not in old and item not in now]
    return merged


# ----- checksums: the same on both sides --------------------------------------------------------

def canonical_value(value: Any, type_: str) -> Any:
    """Normalise a stored value so that SQLite, PostgreSQL and the cache hash alike."""
    if value is None:
        return None
    if type_ == "bool":
        return bool(value)
    if type_ == "int":
        return int(value)
    if type_ == "float":
        return round(float(value), 9)
    if type_ == "json":
        return orjson.loads(value) if isinstance(value, (str, bytes)) else value
    return str(value)


def row_hash(entity: Entity, values: tuple | list) -> int:
    """64-bit hash of one row's values in entity column order."""
    canon = [canonical_value(v, c.type) for v, c in zip(values, entity.columns)]
    digest = hashlib.blake2b(orjson.dumps(canon, option=orjson.OPT_SORT_KEYS), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class ChecksumAccumulator:
    """Order-independent checksum of one entity's rows: count and sum of row hashes mod 2**64."""

    def __init__(self, entity_name: str) -> None:
        self.entity = ENTITIES[entity_name]
        self.rows = 0
        self._sum = 0

    def add(self, values: tuple | list) -> None:
        self.rows += 1
        self._sum = (self._sum + row_hash(self.entity, values)) & 0xFFFFFFFFFFFFFFFF

    @property
    def checksum(self) -> str:
        return f"{self._sum:016x}"


def scope_checksum(entity_stats: dict[str, dict[str, Any]]) -> str:
    """Checksum of a scope from its entities' ``{"rows": n, "checksum": hex}`` (empty ones skipped)."""
    lines = sorted(f"{name}:{s['rows']}:{s['checksum']}" for name, s in entity_stats.items() if s["rows"])
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=8).hexdigest()
