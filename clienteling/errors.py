"""The base of errors that carry a message meant for the user (not a bug report)."""


class UserFacingError(Exception):
    """An expected failure whose ``str()`` tells the user what happened and what to do."""
