"""one customer per email address

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

Emails are stored lower-case; a partial unique index makes the duplicate check of
``customer.create`` / ``customer.update`` hold when two terminals sign up the same person at the
same moment (the check alone would let both in).
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute("CREATE UNIQUE INDEX IF NOT EXISTS ux_customers_email ON customers (email) WHERE email IS NOT NULL")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ux_customers_email")
