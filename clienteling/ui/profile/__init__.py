"""Customer 360: the profile screen and its tabs."""

from clienteling.ui.profile.screen import CustomerProfileScreen

__all__ = ["CustomerProfileScreen"]
