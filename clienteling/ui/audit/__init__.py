"""The manager's audit trail screen (who did what when, filters, CSV export), behind a manager PIN."""

from clienteling.ui.audit.screen import AuditScreen

__all__ = ["AuditScreen"]
