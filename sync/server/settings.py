"""Central configuration rows (entity ``settings``, catalog scope): the return and pickup policy."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, select

from sync.policy import DEFAULT_POLICY, POLICY_SETTING, Policy, PolicyError
from sync.scopes import CATALOG
from sync.server import clock
from sync.server.models import ENTITY_TABLES
from sync.server.versions import stamp, upsert_rows

log = logging.getLogger(__name__)


def load_policy(conn: Connection) -> Policy:
    """The policy in force: the ``policy`` settings row, or the defaults when it is missing or unreadable."""
    settings = ENTITY_TABLES["settings"]
    value = conn.execute(select(settings.c.value).where(settings.c.id == POLICY_SETTING)).scalar_one_or_none()
    if value is None:
        return DEFAULT_POLICY
    try:
        return Policy.from_dict(value)
    except PolicyError as exc:
        log.warning("the stored policy is unusable (%s); using the defaults", exc)
        return DEFAULT_POLICY


def write_policy(conn: Connection, policy: Policy) -> int:
    """Replace the policy row (terminals receive it through the change feed); returns its version."""
    upsert_rows(conn, "settings", CATALOG, [{"id": POLICY_SETTING, "value": policy.to_dict(),
                                             "updated_at": clock.now_iso()}])
    return stamp(conn)[CATALOG]
