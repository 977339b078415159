"""Applying a device's mutations in sequence order, exactly once.

Each mutation runs in its own write transaction that also records the result and the device's
``last_seq``: either all of it commits or none of it does, so a retry after a lost response finds
the stored result instead of applying twice. The device row is locked first, so two concurrent
pushes from one device (a retry racing the original) queue instead of interleaving.

The same transaction writes the mutation's audit row (``audit.write_audit``), applied or refused;
a mutation naming an associate who is not on the staff of the device's store is refused
``unknown_associate`` whatever it would have done.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import orjson
from sqlalchemy import Engine, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from sync import protocol
from sync.server.context import DeviceContext
from sync.server.db import read_tx, write_tx
from sync.server.erasure import ERASED_ARGS
from sync.server.errors import ApiError
from sync.server.models import UNIQUE_EMAIL, devices, mutations
from sync.server.mutations import REGISTRY
from sync.server.mutations.audit import unknown_associate, write_audit
from sync.server.mutations.base import Handler, MutationContext, Rejected
from sync.server.mutations.incidents import record_incident
from sync.server.versions import PENDING, stamp

log = logging.getLogger(__name__)


# Built once (a push runs each of them; see base._get_statement).
_LAST_SEQ = select(devices.c.last_seq).where(devices.c.id == bindparam("device_id"))
_LAST_SEQ_LOCKED = _LAST_SEQ.with_for_update()
_ID_TAKEN = select(mutations.c.device_id, mutations.c.seq).where(mutations.c.id == bindparam("mutation_id"))
_RECORD = insert(mutations)
_SET_LAST_SEQ = update(devices).where(devices.c.id == bindparam("device_id")).values(last_seq=bindparam("new_seq"))


def _result(m: protocol.Mutation, status: str, code: str | None = None, message: str | None = None,
            state: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"id": m.id, "seq": m.seq, "status": status, "code": code, "message": message,
            "state": state or {"upserts": [], "deletes": []}}


def push(engine: Engine, device: DeviceContext, batch: list[protocol.Mutation]) -> dict[str, Any]:
    """Apply a batch; returns the PushResponse dict. Raises ApiError 409 on a sequence gap."""
    results: list[dict[str, Any]] = []
    last_seq = None
    for m in batch:
        result, last_seq = apply_one(engine, device, m)
        results.append(result)
    if last_seq is None:
        with read_tx(engine) as conn:
            last_seq = conn.execute(_LAST_SEQ, {"device_id": device.id}).scalar_one()
    return {"results": results, "last_seq": last_seq}


def apply_one(engine: Engine, device: DeviceContext, m: protocol.Mutation) -> tuple[dict[str, Any], int]:
    """Apply (or replay) one mutation; returns its result and the device's last_seq afterwards."""
    with write_tx(engine) as conn:
        last_seq = conn.execute(_LAST_SEQ_LOCKED, {"device_id": device.id}).scalar_one()
        if m.seq <= last_seq:
            return _replay(conn, device, m), last_seq
        if m.seq > last_seq + 1:
            raise ApiError(409, protocol.ERR_SEQUENCE_GAP,
                           f"mutation seq {m.seq} arrived but the server has applied up to {last_seq}",
                           last_seq=last_seq)
        reused = conn.execute(_ID_TAKEN, {"mutation_id": m.id}).first()
        if reused is not None:
            # The id is taken by another mutation: refuse, but consume the seq so the queue moves on.
            result = _result(m, "rejected", protocol.REJECT_INVALID_ARGUMENTS,
                             "this mutation id was already used by another mutation")
        else:
            unsafe = unsafe_args(m.args)
            if unsafe is not None:
                # Neither handled nor stored: such args would break the JSON column or the feed.
                result, applied_at = _refuse_args(conn, device, m, unsafe)
                stored_args = UNSAFE_ARGS
            else:
                result, applied_at = _run_handler(conn, device, m)
                stored_args = ERASED_ARGS if result["code"] == protocol.REJECT_ERASED else m.args
            conn.execute(_RECORD, {
                "id": m.id, "device_id": device.id, "seq": m.seq, "name": m.name, "associate_id": m.associate_id,
                "local_time": m.local_time, "args": stored_args, "status": result["status"], "code": result["code"],
                "message": result["message"], "result": result, "applied_at": applied_at})
        conn.execute(_SET_LAST_SEQ, {"device_id": device.id, "new_seq": m.seq})
        _stamp_state(conn, result)
        return result, m.seq


def _stamp_state(conn, result: dict[str, Any]) -> None:
    """Stamp the transaction's rows now, as its last statements before COMMIT (the scope heads'
    locks are held from here to the commit, not through the handler), and put the versions into
    the result's state, read while its rows were still pending. The stored copy of the result
    keeps the pending versions: a replay reads the state again."""
    versions = stamp(conn)
    for group in result["state"]["upserts"]:
        version = versions.get(group["scope"])
        for row in group["rows"]:
            if row[-1] == PENDING:
                row[-1] = version


UNSAFE_ARGS = {"_refused": "unsafe arguments, not stored"}
_INT64 = 2 ** 63


def unsafe_args(args: dict[str, Any]) -> str | None:
    """Why these args cannot be stored and replicated safely (``protocol.MAX_ARGS_BYTES``), or None."""
    pending: list[tuple[Any, int]] = [(args, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > protocol.MAX_ARGS_DEPTH:
            return f"arguments nest deeper than {protocol.MAX_ARGS_DEPTH} levels"
        if isinstance(value, float) and not math.isfinite(value):
            return "arguments must not hold NaN or infinity"
        if isinstance(value, int) and not -_INT64 <= value < _INT64:
            return "an integer in the arguments is out of range"
        if isinstance(value, str) and "\x00" in value:
            return "text must not contain NUL characters"  # PostgreSQL text cannot hold them
        if isinstance(value, dict):
            pending.extend((k, depth + 1) for k in value)
            pending.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value)
    size = len(orjson.dumps(args))
    if size > protocol.MAX_ARGS_BYTES:
        return f"arguments of {size} bytes are over the limit of {protocol.MAX_ARGS_BYTES}"
    return None


def _refuse_args(conn, device: DeviceContext, m: protocol.Mutation, why: str) -> tuple[dict[str, Any], str]:
    ctx = MutationContext(conn=conn, device=device, mutation=m.model_copy(update={"args": {}}))
    result = _result(m, "rejected", protocol.REJECT_INVALID_ARGUMENTS, why)
    write_audit(ctx, result)
    return result, ctx.now


def _run_handler(conn, device: DeviceContext, m: protocol.Mutation) -> tuple[dict[str, Any], str]:
    ctx = MutationContext(conn=conn, device=device, mutation=m)
    handler = REGISTRY.get(m.name)
    if handler is None:
        result = _result(m, "rejected", protocol.REJECT_UNKNOWN_MUTATION, f"unknown mutation {m.name!r}")
    else:
        try:
            message = _handle(ctx, handler)
            result = _result(m, "applied", message=message)
        except Rejected as r:
            log.info("mutation %s (%s, seq %s) rejected: %s", m.id, m.name, m.seq, r.code)
            result = _result(m, "rejected", r.code, r.message)
            # After the savepoint rolled back, in the transaction that records the result.
            record_incident(ctx, r)
        except OperationalError:
            raise  # transient (lock timeout, deadlock, lost connection): 5xx, the terminal retries
        except IntegrityError as exc:
            # A unique rule another terminal won a moment ago (e.g. the same email signed up twice).
            log.info("mutation %s (%s, seq %s) rejected: duplicate", m.id, m.name, m.seq)
            result = _result(m, "rejected", protocol.REJECT_DUPLICATE, _duplicate_message(exc))
        except (DBAPIError, ArithmeticError, ValueError, TypeError, KeyError, LookupError) as exc:
            # A mutation this server cannot process must not block the device's queue for ever:
            # it is recorded as rejected (the seq moves on) and logged as a bug.
            # Type and ids only: database errors carry bound parameters (names, emails) in their text.
            log.error("mutation %s (%s, seq %s) failed inside its handler: %s", m.id, m.name, m.seq,
                      type(exc).__name__)
            result = _result(m, "rejected", protocol.REJECT_SERVER_ERROR,
                             f"the central service could not process this change ({type(exc).__name__}); "
                             "it has been logged for support")
    # In the transaction that records the result: with the effect when applied, alone when refused.
    write_audit(ctx, result)
    if handler is not None:
        result["state"] = ctx.state()
    return result, ctx.now


def _handle(ctx: MutationContext, handler: Handler) -> str | None:
    """Run the handler in a savepoint, so a refusal raised after some writes leaves nothing behind.

    A stranger's mutation (``unknown_associate``) still runs, only to learn which rows it touches:
    the result must carry their server state so the terminal undoes its local change. It is then
    rolled back whatever it did, and refused as the stranger's, without an incident."""
    stranger = unknown_associate(ctx)
    try:
        with ctx.conn.begin_nested():
            message = handler(ctx, ctx.mutation.args)
            if stranger is not None:
                raise stranger
            return message
    except OperationalError:
        raise  # transient: the terminal retries, whoever it names
    except Exception:
        if stranger is not None:
            raise stranger from None
        raise


def _duplicate_message(exc: IntegrityError) -> str:
    """What a unique-rule refusal tells the associate: the customers' email rule by name, else neutral."""
    text = str(exc.orig)
    if UNIQUE_EMAIL.name in text or "customers.email" in text:  # PostgreSQL names the index, SQLite the column
        return "another terminal recorded a customer with the same email a moment ago"
    return "another terminal recorded the same thing a moment ago (duplicate id)"


def _replay(conn, device: DeviceContext, m: protocol.Mutation) -> dict[str, Any]:
    stored = conn.execute(select(mutations.c.id, mutations.c.result)
                          .where(mutations.c.device_id == device.id, mutations.c.seq == m.seq)).first()
    if stored is None or stored.id != m.id:
        return _result(m, "rejected", protocol.REJECT_INVALID_ARGUMENTS,
                       f"sequence number {m.seq} was already used by another mutation")
    # The outcome is the stored one, but the state is read now: rows may have moved on since, and
    # a stale state would leave the terminal showing what the server refused.
    ctx = MutationContext(conn=conn, device=device, mutation=m)
    for group in stored.result["state"].get("upserts", []):
        for row in group["rows"]:
            ctx.touch(group["entity"], row[0], group["scope"])
    for group in stored.result["state"].get("deletes", []):
        for row_id in group["ids"]:
            ctx.touch(group["entity"], row_id, group["scope"])
    return {**stored.result, "state": ctx.state()}
