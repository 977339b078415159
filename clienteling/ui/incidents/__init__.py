"""Flags for the store manager (incidents the central service recorded)."""

from clienteling.ui.incidents.panel import IncidentsPanel

__all__ = ["IncidentsPanel"]
