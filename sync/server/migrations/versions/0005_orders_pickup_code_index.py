"""orders by pickup code (a scanned pickup code is looked up by it)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_orders_pickup_code ON orders (pickup_code)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_orders_pickup_code")
