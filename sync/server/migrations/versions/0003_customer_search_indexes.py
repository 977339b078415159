"""customer search indexes (names by prefix, phone by its last digits)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Expression indexes serve ``/v1/customers/search`` across all regions: lower-cased first and
last names (a prefix is a range scan), and the last 7 digits of the phone number with its punctuation removed. Email and
loyalty number already have indexes (emails are stored lower-case). The expressions must match
``sync.server.routes_customers`` character for character.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0003'
down_revision: Union[str, None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_DIGITS = ("replace(replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), "
           "'(', ''), ')', ''), '.', ''), '/', ''), '+', '')")
INDEXES = {
    "ix_customers_lower_last_name": "lower(last_name)",
    "ix_customers_lower_first_name": "lower(first_name)",
    "ix_customers_phone_last7": f"substr({_DIGITS}, length({_DIGITS}) - 6)",
}
"""Index name -> expression (the same text on SQLite and PostgreSQL)."""


def upgrade() -> None:
    for name, expr in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON customers ({expr})")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
