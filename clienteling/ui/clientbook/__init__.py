"""My clients: the associate's client book and due follow-ups."""

from clienteling.ui.clientbook.screen import MyClientsScreen

__all__ = ["MyClientsScreen"]
