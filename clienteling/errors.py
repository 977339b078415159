"""The base of errors that carry a message meant for the user (not a bug report)."""


class UserFacingError(Exception):
    """An expected failure whose ``str()`` tells the user what happened and what to do."""


def user_facing_errors() -> tuple[type[BaseException], ...]:
    """Exception types whose message is shown as is (no traceback) at the command line."""
    from sync.client import SyncError

    from clienteling.cache.errors import CacheError
    from clienteling.security.credentials import CredentialStoreUnavailable
    from clienteling.terminal import NotEnrolled, Revoked, UnsentWrites

    return (UserFacingError, SyncError, CacheError, CredentialStoreUnavailable, NotEnrolled, Revoked,
            UnsentWrites)
