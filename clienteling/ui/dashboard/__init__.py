"""The manager dashboard screen (store KPIs, charts, leaderboard, CSV export), behind a manager PIN."""

from clienteling.ui.dashboard.screen import DashboardScreen

__all__ = ["DashboardScreen"]
