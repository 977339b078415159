"""sync.datagen: determinism, contract shape, and the business invariants the rest of the system relies on."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from sync import scopes
from sync.datagen import SIZES, Batch, clusters, ean13_valid, generate, luhn_valid
from sync.datagen.codes import PICKUP_ALPHABET
from sync.datagen.extras import ASSOCIATE_PIN, MANAGER_PIN
from sync.entities import ENTITIES
from sync.pins import verify_pin
from sync.policy import DEFAULT_POLICY, Policy
from sync.protocol import RETURN_CONDITIONS, RETURN_DISPOSITIONS, RETURN_REASONS

NOW = datetime(2025, 6, 15, 14, 30, tzinfo=UTC)
NOW_ISO = "2025-06-15T14:30:00Z"
ORDER = ["stores", "associates", "customers", "loyalty_ledger", "styles", "products", "inventory", "orders",
         "order_lines", "notes", "holds", "tasks", "handovers", "returns", "return_lines", "settings", "pins"]
PY_TYPES = {"str": (str,), "int": (int,), "float": (float,), "bool": (bool,), "json": (dict, list)}


def collect(batches) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = defaultdict(list)
    for b in batches:
        out[b.entity].extend(b.rows)
    return dict(out)


def dicts(data: dict[str, list[tuple]], entity: str) -> list[dict]:
    names = ("scope", *ENTITIES[entity].column_names)
    return [dict(zip(names, row, strict=True)) for row in data[entity]]


def col(entity: str, name: str) -> int:
    """Position of a column in a row tuple (after the scope)."""
    return ENTITIES[entity].column_names.index(name) + 1


@pytest.fixture(scope="module")
def tiny() -> dict[str, list[tuple]]:
    return collect(generate("tiny", seed=7, now=NOW))


@pytest.fixture(scope="module")
def t(tiny):
    """Entity name -> list of row dicts."""
    return {e: dicts(tiny, e) for e in tiny}


def test_same_inputs_give_identical_bytes_and_other_seeds_differ(tiny):
    again = collect(generate("tiny", seed=7, now=NOW))
    assert orjson.dumps(again) == orjson.dumps(tiny)
    other = collect(generate("tiny", seed=8, now=NOW))
    assert other["customers"] != tiny["customers"]
    assert other["products"] != tiny["products"]


def test_now_moves_dates_but_not_the_catalogue(tiny):
    later = collect(generate("tiny", seed=7, now=datetime(2025, 9, 1, tzinfo=UTC)))
    assert [r[:5] + r[6:] for r in later["styles"]] == [r[:5] + r[6:] for r in tiny["styles"]]  # season aside
    assert later["orders"] != tiny["orders"]


def test_entities_come_in_order_in_bounded_batches():
    batches = list(generate("tiny", seed=7, now=NOW, batch_rows=50))
    assert all(isinstance(b, Batch) and 0 < len(b.rows) <= 50 for b in batches)
    seen = [e for e, _ in itertools.groupby(b.entity for b in batches)]
    assert seen == ORDER  # contiguous, in order, affinity left to the server
    assert sum(len(b.rows) for b in batches) == sum(len(r) for r in collect(generate("tiny", 7, NOW)).values())


def test_rows_match_the_entity_columns_and_types(tiny):
    for entity, rows in tiny.items():
        columns = ENTITIES[entity].columns
        for row in rows:
            assert len(row) == len(columns) + 1, entity
            for col, value in zip(columns, row[1:], strict=True):
                if value is None:
                    assert col.nullable, f"{entity}.{col.name} is None"
                else:
                    assert type(value) in PY_TYPES[col.type], f"{entity}.{col.name}={value!r}"


def test_check_digits():
    assert ean13_valid("4006381333931") and not ean13_valid("4006381333932")
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")


def test_barcodes_and_loyalty_numbers_are_valid_and_unique(t):
    barcodes = [p["barcode"] for p in t["products"]]
    assert all(ean13_valid(b) and b[0] == "2" for b in barcodes)
    assert len(set(barcodes)) == len(barcodes)
    loyalty = [c["loyalty_number"] for c in t["customers"]]
    assert all(len(n) == 10 and luhn_valid(n) for n in loyalty)
    assert len(set(loyalty)) == len(loyalty)


def test_ids_emails_numbers_and_codes_are_unique(t):
    for entity, rows in t.items():
        ids = [r["id"] for r in rows]
        assert len(set(ids)) == len(ids), entity
    for entity, column in (("customers", "email"), ("associates", "email"), ("orders", "order_number")):
        values = [r[column] for r in t[entity]]
        assert len(set(values)) == len(values), column
    codes = [o["pickup_code"] for o in t["orders"] if o["fulfilment"] == "pickup"]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 6 and set(c) <= set(PICKUP_ALPHABET) for c in codes)
    assert all(o["pickup_code"] is None for o in t["orders"] if o["fulfilment"] != "pickup")
    assert all(re.fullmatch(r"C\d{7}", c["id"]) for c in t["customers"])
    assert all(re.fullmatch(r"SKU-\d{7}", p["id"]) for p in t["products"])
    assert all(i["id"] == f"{i['location_id']}:{i['sku']}" for i in t["inventory"])


def test_points_are_the_ledger_sum_and_the_balance_never_goes_negative(t):
    ledger = defaultdict(list)
    for e in t["loyalty_ledger"]:
        ledger[e["customer_id"]].append(e)
    for c in t["customers"]:
        entries = sorted(ledger[c["id"]], key=lambda e: (e["created_at"], e["id"]))
        assert c["points"] == sum(e["points"] for e in entries)
        running = list(itertools.accumulate(e["points"] for e in entries))
        assert min(running, default=0) >= 0, c["id"]
    kinds = Counter(e["kind"] for e in t["loyalty_ledger"])
    assert {"earn", "redeem", "reverse", "adjust"} <= set(kinds)
    assert all(e["points"] < 0 for e in t["loyalty_ledger"] if e["kind"] in ("redeem", "reverse"))


def test_earn_and_reverse_follow_the_orders(t):
    orders = {o["id"]: o for o in t["orders"]}
    lines = defaultdict(list)
    for line in t["order_lines"]:
        lines[line["order_id"]].append(line)
    earned = {e["order_id"]: e["points"] for e in t["loyalty_ledger"] if e["kind"] == "earn"}
    completed = {oid for oid, o in orders.items() if o["status"] in ("completed", "delivered", "collected")}
    assert set(earned) == completed
    assert all(earned[oid] == orders[oid]["total_cents"] // 100 for oid in completed)
    reversed_ = defaultdict(int)
    for e in t["loyalty_ledger"]:
        if e["kind"] == "reverse":
            reversed_[e["order_id"]] += e["points"]
    for oid, pts in reversed_.items():
        assert -pts == sum(ln["returned_qty"] * ln["price_cents"] // 100 for ln in lines[oid])


def test_historical_returns_match_the_returned_lines_and_the_ledger(t):
    assert t["returns"] and t["return_lines"]
    orders = {o["id"]: o for o in t["orders"]}
    lines = {ln["id"]: ln for ln in t["order_lines"]}
    returns = {r["id"]: r for r in t["returns"]}
    stores = {s["id"] for s in t["stores"]}
    staff = {a["id"]: a["store_id"] for a in t["associates"]}
    back = Counter()
    for rl in t["return_lines"]:
        ret, line = returns[rl["return_id"]], lines[rl["order_line_id"]]
        assert line["order_id"] == ret["order_id"] and rl["sku"] == line["sku"] and rl["scope"] == ret["scope"]
        assert rl["refund_cents"] == rl["qty"] * line["price_cents"]
        assert rl["reason"] in RETURN_REASONS and rl["condition"] in RETURN_CONDITIONS
        assert rl["disposition"] in RETURN_DISPOSITIONS
        back[line["id"]] += rl["qty"]
    assert back == Counter({i: ln["returned_qty"] for i, ln in lines.items() if ln["returned_qty"]})
    per_return = defaultdict(list)
    for rl in t["return_lines"]:
        per_return[rl["return_id"]].append(rl)
    reverse = Counter()
    for e in t["loyalty_ledger"]:
        if e["kind"] == "reverse":
            reverse[e["order_id"], e["created_at"], e["store_id"]] -= e["points"]
    points = Counter()
    for r in t["returns"]:
        o = orders[r["order_id"]]
        assert r["scope"] == o["scope"] and r["customer_id"] == o["customer_id"] and r["store_id"] in stores
        assert r["receipt"] is True and r["refund_method"] == "original_tender" and r["status"] == "accepted"
        assert r["refund_cents"] == sum(rl["refund_cents"] for rl in per_return[r["id"]])
        assert r["points_reversed"] == sum(rl["refund_cents"] // 100 for rl in per_return[r["id"]])
        assert r["associate_id"] is None or staff[r["associate_id"]] == r["store_id"]
        assert o["placed_at"] < r["created_at"] <= NOW_ISO
        points[r["order_id"], r["created_at"], r["store_id"]] += r["points_reversed"]
    assert points == reverse
    reasons = Counter(rl["reason"] for rl in t["return_lines"])
    assert len(reasons) >= 3 and any(r["associate_id"] for r in t["returns"])


def test_lifetime_value_and_tier(t):
    value = defaultdict(int)
    for o in t["orders"]:
        if o["status"] not in ("cancelled", "expired"):
            value[o["customer_id"]] += o["total_cents"]
    floors = {"member": 0, "silver": 50_000, "gold": 150_000, "platinum": 500_000}
    for c in t["customers"]:
        assert c["lifetime_value_cents"] == value[c["id"]]
        higher = [f for f in floors.values() if f > floors[c["tier"]]]
        assert floors[c["tier"]] <= c["lifetime_value_cents"] < min(higher, default=10**12)
    assert len({c["tier"] for c in t["customers"]}) >= 2


def test_order_totals_lines_returns_and_picking(t):
    lines = defaultdict(list)
    for line in t["order_lines"]:
        lines[line["order_id"]].append(line)
    final_sale = {p["id"] for p in t["products"] if p["final_sale"]}
    returned = 0
    for o in t["orders"]:
        mine = lines[o["id"]]
        assert mine and [ln["id"] for ln in mine] == [f"{o['id']}-{n}" for n in range(1, len(mine) + 1)]
        assert o["total_cents"] == sum(ln["qty"] * ln["price_cents"] for ln in mine)
        assert o["item_count"] == sum(ln["qty"] for ln in mine)
        for ln in mine:
            assert 0 <= ln["returned_qty"] <= ln["qty"] and 0 <= ln["picked_qty"] <= ln["qty"]
            if ln["returned_qty"]:
                returned += 1
                assert o["status"] in ("completed", "delivered", "collected") and ln["sku"] not in final_sale
            if o["fulfilment"] == "pickup" and o["status"] in ("ready", "collected"):
                assert ln["picked_qty"] == ln["qty"]
            if o["status"] == "placed":
                assert ln["picked_qty"] == 0
    assert returned > 0


def test_every_pickup_state_at_every_store_with_consistent_times(t):
    pickups = [o for o in t["orders"] if o["fulfilment"] == "pickup"]
    stores = [s["id"] for s in t["stores"] if s["kind"] == "store"]
    states = {"placed", "picking", "ready", "collected", "cancelled", "expired"}
    for store in stores:
        assert {o["status"] for o in pickups if o["pickup_store_id"] == store} == states, store
    for o in pickups:
        s, placed = o["status"], o["placed_at"]
        assert o["store_id"] == "ONLINE" and o["channel"] in ("online", "app")
        if s != "cancelled":  # a cancellation may come before or after the order was ready
            assert (o["ready_at"] is not None) == (s in ("ready", "collected", "expired"))
        assert (o["collected_at"] is not None) == (s == "collected")
        assert (o["closed_at"] is not None) == (s in ("cancelled", "expired"))
        assert (o["collected_by_associate_id"] is not None) == (o["collected_at_store_id"] is not None) == \
            (s == "collected")
        times = [x for x in (placed, o["ready_at"], o["collected_at"]) if x]
        assert times == sorted(times) and times[-1] <= NOW_ISO
        if s in ("placed", "picking", "ready"):  # open ones are recent
            assert placed >= (NOW - timedelta(days=10)).strftime("%Y-%m-%d")
        if s == "collected":
            assert o["collected_at_store_id"] == o["pickup_store_id"]


def test_pickup_stores_are_in_the_customers_region(t):
    region = {s["id"]: s["region"] for s in t["stores"]}
    home = {c["id"]: c["home_store_id"] for c in t["customers"]}
    for o in t["orders"]:
        if o["fulfilment"] == "pickup":
            assert region[o["pickup_store_id"]] == region[home[o["customer_id"]]]
        elif o["fulfilment"] == "carry":
            assert o["status"] == "completed" and region[o["store_id"]] == region[home[o["customer_id"]]]
        else:
            assert o["status"] in ("placed", "shipped", "delivered", "cancelled")


def test_scopes_per_entity(t):
    stores = {s["id"]: s for s in t["stores"]}
    refs = {sid: scopes.StoreRef(sid, s["kind"], s["region"], s["lat"], s["lon"]) for sid, s in stores.items()}
    region_of = {c["id"]: scopes.region_scope(stores[c["home_store_id"]]["region"]) for c in t["customers"]}
    order_scope = {o["id"]: o["scope"] for o in t["orders"]}
    for entity in ("stores", "styles", "products"):
        assert {r["scope"] for r in t[entity]} == {scopes.CATALOG}
    assert all(a["scope"] == scopes.region_scope(stores[a["store_id"]]["region"]) for a in t["associates"])
    assert all(c["scope"] == region_of[c["id"]] for c in t["customers"])
    for entity in ("loyalty_ledger", "orders", "notes", "returns"):
        assert all(r["scope"] == region_of[r["customer_id"]] for r in t[entity]), entity
    assert all(ln["scope"] == order_scope[ln["order_id"]] for ln in t["order_lines"])
    assert all(i["scope"] == scopes.inventory_scope(refs[i["location_id"]]) for i in t["inventory"])
    assert all(h["scope"] == scopes.location_scope(h["location_id"]) for h in t["holds"])
    assert {i["scope"] for i in t["inventory"]} >= {scopes.CATALOG, "stock:S001"}


def test_locations_and_customer_homes(t):
    kinds = Counter(s["kind"] for s in t["stores"])
    assert kinds == {"store": 3, "dc": 1, "online": 1}
    assert {s["id"] for s in t["stores"] if s["kind"] != "store"} == {"DC1", "ONLINE"}
    stores = {s["id"]: s for s in t["stores"]}
    works_at = {a["id"]: a["store_id"] for a in t["associates"]}
    for c in t["customers"]:
        assert stores[c["home_store_id"]]["kind"] == "store"
        if c["assigned_associate_id"] is not None:
            assert works_at[c["assigned_associate_id"]] == c["home_store_id"]
    assert any(c["assigned_associate_id"] is None for c in t["customers"])


def test_customers_look_real(t):
    customers = t["customers"]
    names = [c["first_name"] + c["last_name"] for c in customers]
    assert sum(not n.isascii() for n in names) >= len(names) // 10  # diacritics for search
    phones = [c["phone"] for c in customers if c["phone"]]
    shapes = {re.sub(r"\d", "9", p) for p in phones}
    assert len(shapes) >= 6 and "+9 999-999-9999" in shapes and "9999999999" in shapes
    assert any(c["birthday"] is None for c in customers)
    assert all(re.fullmatch(r"[a-z0-9._]+@[a-z.]+", c["email"]) for c in customers)
    for c in customers:
        assert set(c["preferences"]) == {"sizes", "brands", "styles", "colours"}
        assert set(c["consent"]) == {"email", "sms", "phone"}
        assert c["created_at"][:10] == c["member_since"] and c["created_at"] <= c["updated_at"] <= NOW_ISO


def test_preferences_match_purchases(t):
    products = {p["id"]: p for p in t["products"]}
    order_customer = {o["id"]: o["customer_id"] for o in t["orders"]}
    bought_cats = defaultdict(set)
    for line in t["order_lines"]:
        bought_cats[order_customer[line["order_id"]]].add(products[line["sku"]]["category"])
    for c in t["customers"]:
        if bought_cats[c["id"]]:
            assert set(c["preferences"]["sizes"]) <= bought_cats[c["id"]]


def test_nothing_happens_after_now_or_before_joining(t):
    joined = {c["id"]: c["created_at"] for c in t["customers"]}
    for o in t["orders"]:
        assert joined[o["customer_id"]] <= o["placed_at"] <= NOW_ISO
        assert all(o[k] is None or o[k] <= NOW_ISO for k in ("ready_at", "collected_at", "closed_at"))
    updated = {c["id"]: c["updated_at"] for c in t["customers"]}
    assert all(joined[e["customer_id"]] <= e["created_at"] <= updated[e["customer_id"]] for e in t["loyalty_ledger"])
    assert all(n["created_at"] <= NOW_ISO for n in t["notes"])


def test_inventory_and_holds(t):
    active = {p["id"] for p in t["products"] if p["active"]}
    stock = {(i["location_id"], i["sku"]): i for i in t["inventory"]}
    assert all(0 <= i["reserved"] <= i["on_hand"] for i in t["inventory"])
    for loc in ("DC1", "ONLINE"):
        assert {sku for (where, sku) in stock if where == loc} == active
    at_store = Counter(i["on_hand"] for i in t["inventory"] if i["location_id"].startswith("S"))
    assert at_store[0] > 0 and sum(at_store[n] for n in range(4)) > sum(at_store.values()) / 2
    holds = t["holds"]
    for store in ("S001", "S002", "S003"):
        assert sum(h["status"] == "active" and h["location_id"] == store for h in holds) >= 2
    for h in holds:
        if h["status"] == "active":
            assert h["created_at"] <= NOW_ISO < h["expires_at"]
            assert stock[h["location_id"], h["sku"]]["reserved"] >= h["qty"]


def test_catalogue_variants_and_clearance(t):
    by_style = defaultdict(list)
    for p in t["products"]:
        by_style[p["style_id"]].append(p)
    assert 200 <= len(t["products"]) < 240
    for style in t["styles"]:
        variants = by_style[style["id"]]
        sizes = {p["size"] for p in variants}
        assert len({(p["colour"], p["size"]) for p in variants}) == len(variants)
        if style["category"] in ("accessories", "bags"):
            assert sizes == {"One Size"}
        elif style["category"] == "shoes":
            assert sizes <= {"5", "6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12", "13"}
    assert all(p["price_cents"] >= 1000 for p in t["products"])


@pytest.fixture(scope="module")
def demo() -> dict[str, list[tuple]]:
    data = collect(generate("demo", seed=3, now=NOW))
    return {e: data[e] for e in ("stores", "associates", "customers", "loyalty_ledger", "products", "orders",
                                 "order_lines", "notes")}


def test_regions_are_kept_apart_in_demo(demo):
    region = {s[1]: s[col("stores", "region")] for s in demo["stores"]}
    assert len({r for r in region.values() if r}) == 2
    home = col("customers", "home_store_id")
    customer_region = {c[1]: region[c[home]] for c in demo["customers"]}
    assert all(c[0] == scopes.region_scope(customer_region[c[1]]) for c in demo["customers"])
    for entity in ("loyalty_ledger", "orders", "notes"):
        who = col(entity, "customer_id")
        assert all(r[0] == scopes.region_scope(customer_region[r[who]]) for r in demo[entity]), entity
    order_scope = {o[1]: o[0] for o in demo["orders"]}
    assert all(ln[0] == order_scope[ln[col("order_lines", "order_id")]] for ln in demo["order_lines"])
    store_of = col("associates", "store_id")
    assert all(a[0] == scopes.region_scope(region[a[store_of]]) for a in demo["associates"])
    pickup, store, fulfilment = col("orders", "pickup_store_id"), col("orders", "store_id"), col("orders", "fulfilment")
    for o in demo["orders"]:
        where = o[pickup] if o[fulfilment] == "pickup" else o[store] if o[fulfilment] == "carry" else None
        assert where is None or region[where] == customer_region[o[col("orders", "customer_id")]]


def test_planted_looks_are_bought_together(demo):
    looks = clusters("demo", seed=3)
    look_of = {s: i for i, look in enumerate(looks) for s in look}
    style_of = {p[1]: p[col("products", "style_id")] for p in demo["products"]}
    assert set(look_of) == set(style_of.values()) and sum(map(len, looks)) == len(look_of)
    assert all(3 <= len(look) <= 6 for look in looks)
    baskets = defaultdict(set)
    for line in demo["order_lines"]:
        baskets[line[col("order_lines", "order_id")]].add(style_of[line[col("order_lines", "sku")]])
    multi = [b for b in baskets.values() if len(b) > 1]
    count, pairs = Counter(), Counter()
    for b in multi:
        count.update(b)
        pairs.update(itertools.combinations(sorted(b), 2))
    observed = {True: 0, False: 0}
    expected = {True: 0.0, False: 0.0}
    for a, b in itertools.combinations(sorted(count), 2):
        same = look_of[a] == look_of[b]
        observed[same] += pairs[a, b]
        expected[same] += count[a] * count[b] / len(multi)
    lift_within, lift_across = observed[True] / expected[True], observed[False] / expected[False]
    assert lift_within > 2 and lift_within > 4 * lift_across


def test_looks_show_in_customer_preferences(demo):
    prefs = col("customers", "preferences")
    tags = {c[prefs]["styles"][0] for c in demo["customers"]}
    assert len(tags) >= 5


def test_sizes_and_bad_arguments():
    assert {"tiny", "demo", "large"} <= set(SIZES)
    with pytest.raises(ValueError):
        generate("huge")
    with pytest.raises(ValueError):
        generate("tiny", now=datetime(2025, 1, 1))
    default = collect(generate("tiny", seed=1))
    midnight = datetime.now(UTC).strftime("%Y-%m-%dT00:00:00Z")
    assert max(o[col("orders", "placed_at")] for o in default["orders"]) < midnight


def test_every_collected_pickup_has_its_handover(t):
    lines = defaultdict(list)
    for ln in t["order_lines"]:
        lines[ln["order_id"]].append(ln)
    collected = {o["id"]: o for o in t["orders"] if o["fulfilment"] == "pickup" and o["status"] == "collected"}
    assert collected
    by_order = {h["order_id"]: h for h in t["handovers"]}
    assert len(by_order) == len(t["handovers"]) and set(by_order) == set(collected)
    for oid, o in collected.items():
        h = by_order[oid]
        assert (h["scope"], h["customer_id"], h["store_id"], h["associate_id"], h["collected_at"]) == \
            (o["scope"], o["customer_id"], o["pickup_store_id"], o["collected_by_associate_id"], o["collected_at"])
        assert h["method"] == "pickup_code" and h["collector_name"] is None
        assert h["lines"] == [{"line_id": ln["id"], "qty": ln["picked_qty"]} for ln in lines[oid] if ln["picked_qty"]]
        assert all(ln["collected_qty"] == ln["picked_qty"] for ln in lines[oid])


def test_the_policy_row_holds_the_defaults(t):
    (row,) = t["settings"]
    assert (row["scope"], row["id"], row["updated_at"]) == (scopes.CATALOG, "policy", NOW_ISO)
    assert Policy.from_dict(row["value"]) == DEFAULT_POLICY


def test_every_associate_has_a_demo_pin_in_their_stores_scope(t):
    pins = {r["id"]: r for r in t["pins"]}
    assert set(pins) == {a["id"] for a in t["associates"]}
    for a in t["associates"]:
        pin = pins[a["id"]]
        assert (pin["scope"], pin["store_id"]) == (scopes.location_scope(a["store_id"]), a["store_id"])
        right, wrong = (MANAGER_PIN, ASSOCIATE_PIN) if a["role"] == "manager" else (ASSOCIATE_PIN, MANAGER_PIN)
        assert verify_pin(right, pin["pin_hash"]) and not verify_pin(wrong, pin["pin_hash"])
    assert len({p["pin_hash"] for p in t["pins"]}) == len(t["pins"])  # salted
