"""Where the device token and the cache key live: the OS credential store, behind a Protocol.

``keyring`` is the default (Windows Credential Manager, macOS Keychain, Secret Service).
A 0600 JSON file is the opt-in fallback for kiosks and CI (``credential_store = "file"``).
Tests use :class:`MemoryCredentialStore` and never touch the real keychain.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

DEVICE_TOKEN = "device_token"
CACHE_KEY = "cache_key"
CREDENTIALS_FILE = "credentials.json"


class CredentialStoreUnavailable(RuntimeError):
    """No usable OS credential store; the message tells IT what to do."""


class CredentialStore(Protocol):
    """Named secrets (strings)."""

    def get(self, name: str) -> str | None:
        """The secret, or None if it is not stored."""
        ...

    def set(self, name: str, value: str) -> None:
        """Store (or replace) the secret."""
        ...

    def delete(self, name: str) -> None:
        """Forget the secret (no error if it is absent)."""
        ...


def new_cache_key() -> str:
    """32 random bytes, hex: the raw SQLCipher key (no passphrase derivation needed)."""
    return secrets.token_hex(32)


class MemoryCredentialStore:
    """In-memory secrets for tests."""

    def __init__(self, initial: dict[str, str] | None = None) -> None:
        self.secrets: dict[str, str] = dict(initial or {})

    def get(self, name: str) -> str | None:
        return self.secrets.get(name)

    def set(self, name: str, value: str) -> None:
        self.secrets[name] = value

    def delete(self, name: str) -> None:
        self.secrets.pop(name, None)


_UNAVAILABLE_HELP = (
    "No OS credential store is available ({detail}). On Linux this needs a Secret Service "
    "(GNOME Keyring or KWallet) in the user's session. For kiosks and CI, IT can set "
    "CLIENTELING_CREDENTIAL_STORE=file (or credential_store = \"file\" in terminal.toml) to keep "
    "the secrets in a 0600 file in the data folder instead."
)


class KeyringCredentialStore:
    """Secrets in the OS credential store via ``keyring``, under one service name."""

    def __init__(self, service: str = "clienteling") -> None:
        import keyring
        import keyring.errors

        self.service = service
        self._keyring = keyring
        self._errors = keyring.errors
        backend = keyring.get_keyring()
        if _is_fail_backend(backend):
            raise CredentialStoreUnavailable(_UNAVAILABLE_HELP.format(detail=type(backend).__name__))

    def _call(self, fn, *args):  # type: ignore[no-untyped-def]
        try:
            return fn(self.service, *args)
        except self._errors.NoKeyringError as exc:
            raise CredentialStoreUnavailable(_UNAVAILABLE_HELP.format(detail=exc)) from None
        except self._errors.KeyringLocked as exc:
            raise CredentialStoreUnavailable(f"the OS credential store is locked: {exc}") from None
        except self._errors.InitError as exc:
            raise CredentialStoreUnavailable(_UNAVAILABLE_HELP.format(detail=exc)) from None

    def get(self, name: str) -> str | None:
        return self._call(self._keyring.get_password, name)

    def set(self, name: str, value: str) -> None:
        self._call(self._keyring.set_password, name, value)

    def delete(self, name: str) -> None:
        try:
            self._call(self._keyring.delete_password, name)
        except self._errors.PasswordDeleteError:
            pass  # already gone: deleting is idempotent


def _is_fail_backend(backend: object) -> bool:
    from keyring.backends import fail

    if isinstance(backend, fail.Keyring):
        return True
    # A chainer with nothing behind it behaves like the fail backend.
    inner = getattr(backend, "backends", None)
    return inner is not None and not list(inner)


class FileCredentialStore:
    """Secrets in a JSON file created with mode 0600 (opt-in; a warning is logged once)."""

    _warned: set[str] = set()

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        if str(self.path) not in FileCredentialStore._warned:
            FileCredentialStore._warned.add(str(self.path))
            log.warning("credential_store=file: the device token and cache key are stored on disk "
                        "in %s (protected only by file permissions)", self.path)

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise CredentialStoreUnavailable(f"cannot read the credentials file {self.path}: {exc}") from None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _write(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        # Created 0600 from the start (no window where the file is world-readable), then renamed
        # over the old one so a crash never leaves half a file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass

    def get(self, name: str) -> str | None:
        with self._lock:
            return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        with self._lock:
            data = self._read()
            data[name] = value
            self._write(data)

    def delete(self, name: str) -> None:
        with self._lock:
            data = self._read()
            if data.pop(name, None) is not None:
                self._write(data)


def keyring_service_for(data_dir: str | os.PathLike[str]) -> str:
    """One keyring service per data folder, so two installs on one machine do not collide."""
    return f"clienteling:{Path(data_dir).expanduser().resolve()}"


def credential_store_for(config) -> CredentialStore:  # type: ignore[no-untyped-def]
    """The store chosen by ``config.credential_store`` (``keyring`` or ``file``)."""
    if config.credential_store == "file":
        return FileCredentialStore(Path(config.data_dir) / CREDENTIALS_FILE)
    return KeyringCredentialStore(keyring_service_for(config.data_dir))
