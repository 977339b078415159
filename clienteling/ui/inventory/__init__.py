"""The inventory screen: product search, a style's size x colour grid, stock across channels, holds."""

from clienteling.ui.inventory.screen import InventoryScreen

__all__ = ["InventoryScreen"]
