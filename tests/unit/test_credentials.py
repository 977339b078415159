"""Credential stores: memory, 0600 file, keyring behind an in-memory backend (never the real one)."""

from __future__ import annotations

import logging
import os
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from clienteling.config import Config
from clienteling.security import (
    CredentialStoreUnavailable,
    FileCredentialStore,
    KeyringCredentialStore,
    MemoryCredentialStore,
    credential_store_for,
    new_cache_key,
)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.data = {}

    def get_password(self, service, username):
        return self.data.get((service, username))

    def set_password(self, service, username, password):
        self.data[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError
        if (service, username) not in self.data:
            raise PasswordDeleteError("missing")
        del self.data[(service, username)]


@pytest.fixture
def fake_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_memory_store_roundtrip():
    store = MemoryCredentialStore()
    store.set("device_token", "t")
    assert store.get("device_token") == "t"
    store.delete("device_token")
    store.delete("device_token")
    assert store.get("device_token") is None


def test_file_store_is_0600_and_warns_once(tmp_path, caplog):
    path = tmp_path / "sub" / "credentials.json"
    with caplog.at_level(logging.WARNING):
        store = FileCredentialStore(path)
        FileCredentialStore(path)
    assert sum("stored on disk" in r.message for r in caplog.records) == 1
    store.set("cache_key", "ab" * 32)
    store.set("device_token", "tok")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert FileCredentialStore(path).get("cache_key") == "ab" * 32
    store.delete("cache_key")
    assert store.get("cache_key") is None and store.get("device_token") == "tok"


def test_keyring_store_uses_the_backend(fake_keyring):
    store = KeyringCredentialStore("svc")
    store.set("device_token", "tok")
    assert fake_keyring.data == {("svc", "device_token"): "tok"}
    assert store.get("device_token") == "tok"
    store.delete("device_token")
    store.delete("device_token")  # idempotent
    assert store.get("device_token") is None


def test_fail_backend_explains_the_file_option():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(CredentialStoreUnavailable) as err:
            KeyringCredentialStore("svc")
    finally:
        keyring.set_keyring(previous)
    assert "CLIENTELING_CREDENTIAL_STORE=file" in str(err.value)


def test_credential_store_for_config(tmp_path, fake_keyring):
    file_store = credential_store_for(Config(data_dir=tmp_path, credential_store="file"))
    assert isinstance(file_store, FileCredentialStore) and file_store.path == tmp_path / "credentials.json"
    ring = credential_store_for(Config(data_dir=tmp_path, credential_store="keyring"))
    assert isinstance(ring, KeyringCredentialStore) and str(tmp_path.resolve()) in ring.service


def test_cache_key_is_32_random_bytes():
    a, b = new_cache_key(), new_cache_key()
    assert len(a) == 64 and a != b and bytes.fromhex(a)
