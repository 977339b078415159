"""``customer.update`` (profile fields an associate may change at the counter) and
``customer.create`` (a loyalty sign-up at the counter)."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import select

from sync import protocol
from sync.codes import luhn_digit
from sync.scopes import region_scope
from sync.server.models import ENTITY_TABLES
from sync.server.mutations.base import MutationContext, Rejected, parse_args

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")


class Preferences(BaseModel):
    """Sizes per category, favourite brands, styles and colours."""

    model_config = ConfigDict(extra="forbid")
    sizes: dict[str, str] = {}
    brands: list[str] = []
    styles: list[str] = []
    colours: list[str] = []


class Consent(BaseModel):
    """Consent for one channel; ``at`` defaults to when the change happened."""

    model_config = ConfigDict(extra="forbid")
    opt_in: bool
    at: str | None = None


class CustomerFields(BaseModel):
    """The profile fields a terminal may change; only the fields sent are updated."""

    model_config = ConfigDict(extra="forbid")
    first_name: str = Field(default="", min_length=1, max_length=100)
    last_name: str = Field(default="", min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    birthday: str | None = None
    preferences: Preferences | None = None
    consent: dict[Literal["email", "sms", "phone"], Consent] | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        v = (v or "").strip()
        if v and not _EMAIL.match(v):
            raise ValueError("not an email address")
        return v.lower() or None

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        v = (v or "").strip()
        if not v:
            return None
        digits = sum(ch.isdigit() for ch in v)
        if not _PHONE_CHARS.match(v) or not 7 <= digits <= 15:
            raise ValueError("a phone number has 7 to 15 digits")
        return v

    @field_validator("birthday")
    @classmethod
    def _birthday(cls, v: str | None) -> str | None:
        if not v:
            return None
        try:
            born = date.fromisoformat(v)
        except ValueError:
            raise ValueError("not a date (YYYY-MM-DD)") from None
        if born > date.today() or born.year < 1900:
            raise ValueError("not a plausible birthday")
        return born.isoformat()


class CustomerUpdateArgs(BaseModel):
    """Arguments of ``customer.update``."""

    model_config = ConfigDict(extra="forbid")
    customer_id: str = Field(min_length=1, max_length=64)
    fields: CustomerFields
    preferences_base: Preferences | None = None


def _refuse_taken_email(ctx: MutationContext, email: str | None, customer_id: str) -> None:
    """Rejected ``duplicate`` when another customer has this email (a unique index backs this
    check against two terminals racing; see migration 0004)."""
    if not email:
        return
    table = ENTITY_TABLES["customers"]
    other = ctx.conn.execute(select(table.c.id, table.c.scope, table.c.loyalty_number)
                             .where(table.c.email == email, table.c.id != customer_id).limit(1)).first()
    if other is not None:
        if other.scope in ctx.device.scopes:
            ctx.touch("customers", other.id)  # the associate can open the existing customer
        raise Rejected(protocol.REJECT_DUPLICATE,
                       f"a customer with this email already exists (loyalty card {other.loyalty_number})")


def customer_update(ctx: MutationContext, raw: dict[str, Any]) -> None:
    """Validate and set the given profile fields; ``updated_at`` becomes server time."""
    ctx.touch("customers", raw.get("customer_id"))
    args = parse_args(CustomerUpdateArgs, raw)
    given = args.fields.model_fields_set
    if not given:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "fields: nothing to update")
    customer = ctx.get_visible("customers", args.customer_id, "this customer", lock=True)
    values = args.fields.model_dump(include=given)
    if values.get("email"):
        _refuse_taken_email(ctx, values["email"], args.customer_id)
    if "consent" in given and values["consent"] is not None:
        values["consent"] = protocol.merge_consent(customer["consent"], values["consent"], ctx.event_time(), ctx.now)
    if values.get("preferences") is not None and args.preferences_base is not None:
        values["preferences"] = protocol.merge_preferences(customer["preferences"], args.preferences_base.model_dump(),
                                                           values["preferences"])
    ctx.upsert("customers", customer["scope"], {"id": args.customer_id, **values, "updated_at": ctx.now})


class CustomerCreateArgs(BaseModel):
    """Arguments of ``customer.create``: a new customer's fields under a client-generated id."""

    model_config = ConfigDict(extra="forbid")
    customer_id: str = Field(min_length=8, max_length=64)
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    birthday: str | None = None
    preferences: Preferences | None = None
    consent: dict[Literal["email", "sms", "phone"], Consent] | None = None

    _email = field_validator("email")(CustomerFields._email.__func__)  # type: ignore[attr-defined]
    _phone = field_validator("phone")(CustomerFields._phone.__func__)  # type: ignore[attr-defined]
    _birthday = field_validator("birthday")(CustomerFields._birthday.__func__)  # type: ignore[attr-defined]


def new_loyalty_number(ctx: MutationContext) -> str:
    """A 10-digit loyalty number (first digit 1-9, Luhn check digit) no customer has yet."""
    table = ENTITY_TABLES["customers"]
    while True:
        body = str(100_000_000 + secrets.randbelow(900_000_000))
        number = body + luhn_digit(body)
        if ctx.conn.execute(select(table.c.id).where(table.c.loyalty_number == number)).first() is None:
            return number


def customer_create(ctx: MutationContext, raw: dict[str, Any]) -> str:
    """Create the customer under the client's id in the device's region; the server assigns the
    loyalty number. Rejected ``duplicate`` when another customer has the same email."""
    ctx.touch("customers", raw.get("customer_id"))
    args = parse_args(CustomerCreateArgs, raw)
    if not args.email and not args.phone:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "an email address or a phone number is required")
    table = ENTITY_TABLES["customers"]
    ctx.refuse_erased(args.customer_id)
    if ctx.get("customers", args.customer_id) is not None:
        raise Rejected(protocol.REJECT_INVALID_ARGUMENTS, "this customer id is already taken")
    _refuse_taken_email(ctx, args.email, args.customer_id)
    when = ctx.event_time()
    consent = {ch: {"opt_in": c.opt_in, "at": c.at or when} for ch, c in (args.consent or {}).items()}
    number = new_loyalty_number(ctx)
    ctx.upsert("customers", region_scope(ctx.device.region), {
        "id": args.customer_id, "loyalty_number": number, "first_name": args.first_name.strip(),
        "last_name": args.last_name.strip(), "email": args.email, "phone": args.phone,
        "birthday": args.birthday, "home_store_id": ctx.device.store_id,
        "assigned_associate_id": ctx.mutation.associate_id, "tier": "member", "points": 0,
        "lifetime_value_cents": 0, "member_since": when[:10],
        "preferences": (args.preferences or Preferences()).model_dump(), "consent": consent,
        "last_visit_at": when, "created_at": ctx.now, "updated_at": ctx.now})
    return f"loyalty number {number}"


HANDLERS = {protocol.CUSTOMER_UPDATE: customer_update, protocol.CUSTOMER_CREATE: customer_create}
