"""Secrets of the terminal: the credential store (device token, cache key)."""

from clienteling.security.credentials import (
    CACHE_KEY,
    DEVICE_TOKEN,
    CredentialStore,
    CredentialStoreUnavailable,
    FileCredentialStore,
    KeyringCredentialStore,
    MemoryCredentialStore,
    credential_store_for,
    new_cache_key,
)

__all__ = ["CACHE_KEY", "DEVICE_TOKEN", "CredentialStore", "CredentialStoreUnavailable",
           "FileCredentialStore", "KeyringCredentialStore", "MemoryCredentialStore",
           "credential_store_for", "new_cache_key"]
