"""Associate sign-in on the shared terminal: the sign-in screen and the idle lock."""

from clienteling.ui.signin.idle import IdleLock
from clienteling.ui.signin.screen import SignInScreen

__all__ = ["IdleLock", "SignInScreen"]
