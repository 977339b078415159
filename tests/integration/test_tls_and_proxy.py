"""TLS and proxies on real sockets: the central service behind https with a private CA is refused
without the configured CA bundle and accepted with it, and a configured proxy carries the
traffic (plain http to a loopback central, and https through CONNECT)."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import certifi
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from clienteling.config import Config
from clienteling.security import MemoryCredentialStore
from clienteling.terminal import Terminal
from sync.client import SyncClient, SyncError
from tests.integration.conftest import STORE

pytestmark = pytest.mark.asyncio


# ----- certificates ------------------------------------------------------------------------------

@dataclass
class TlsFiles:
    ca: Path
    cert: Path
    key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_tls_files(folder: Path) -> TlsFiles:
    """A private CA and a server certificate it signed for 127.0.0.1 and localhost."""
    now = dt.datetime.now(dt.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_cert = (x509.CertificateBuilder().subject_name(_name("Test private CA")).issuer_name(_name("Test private CA"))
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
               .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    files.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    return files


# ----- loopback servers --------------------------------------------------------------------------

async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        writer.close()


async def _splice(a: tuple[asyncio.StreamReader, asyncio.StreamWriter],
                  b: tuple[asyncio.StreamReader, asyncio.StreamWriter]) -> None:
    await asyncio.gather(_pipe(a[0], b[1]), _pipe(b[0], a[1]), return_exceptions=True)


class LoopbackServer:
    """An asyncio server on 127.0.0.1 in its own thread; subclasses implement ``handle``."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.loop.set_exception_handler(lambda _loop, _context: None)  # refused handshakes are expected
        self.thread = threading.Thread(target=self.loop.run_forever, name=type(self).__name__, daemon=True)
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self.handle, "127.0.0.1", 0, ssl=ssl_context), self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        async def close() -> None:
            self.server.close()
            await self.server.wait_closed()
        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


class TlsFront(LoopbackServer):
    """The central service behind https: terminates TLS and relays to its plain-http port."""

    def __init__(self, upstream_port: int, files: TlsFiles) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(files.cert, files.key)
        self.upstream_port = upstream_port
        super().__init__(context)
        self.url = f"https://127.0.0.1:{self.port}"

    async def handle(self, reader, writer) -> None:
        upstream = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        await _splice((reader, writer), upstream)


class RecordingProxy(LoopbackServer):
    """A forward HTTP proxy that records each request line: CONNECT tunnels, and plain http
    requests forwarded one per connection."""

    def __init__(self) -> None:
        self.request_lines: list[str] = []
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"

    async def handle(self, reader, writer) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        line, *headers = head.decode("latin-1").split("\r\n")
        self.request_lines.append(line)
        method, target, version = line.split(" ")
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = await asyncio.open_connection(host, int(port))
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await _splice((reader, writer), upstream)
            return
        url = urlsplit(target)
        kept = [h for h in headers if h and not h.lower().startswith(("connection:", "proxy-", "keep-alive:"))]
        length = next((int(h.split(":", 1)[1]) for h in kept if h.lower().startswith("content-length:")), 0)
        body = await reader.readexactly(length)
        up_reader, up_writer = await asyncio.open_connection(url.hostname, url.port)
        path = url.path + (f"?{url.query}" if url.query else "")
        request = f"{method} {path} {version}\r\n" + "".join(f"{h}\r\n" for h in kept) + "Connection: close\r\n\r\n"
        up_writer.write(request.encode("latin-1") + body)
        await up_writer.drain()
        await _pipe(up_reader, writer)
        up_writer.close()


# ----- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _no_environment_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_central(central, tls_files) -> Iterator[TlsFront]:
    front = TlsFront(int(central.url.rsplit(":", 1)[1]), tls_files)
    yield front
    front.stop()


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    server = RecordingProxy()
    yield server
    server.stop()


async def _health(url: str, **kw) -> str:
    client = SyncClient(url, attempts=1, timeout_s=10, **kw)
    try:
        return (await client.health()).status
    finally:
        await client.aclose()


# ----- tests -------------------------------------------------------------------------------------

async def test_tls_is_verified_against_the_configured_ca_bundle(tls_central, tls_files):
    for verify in (True, certifi.where()):  # the built-in authorities, or another bundle
        with pytest.raises(SyncError) as err:
            await _health(tls_central.url, verify=verify)
        assert err.value.kind == "protocol" and "TLS" in err.value.message
    assert await _health(tls_central.url, verify=str(tls_files.ca))


async def test_terminal_uses_the_ca_bundle_from_its_config(central, tls_central, tls_files, tmp_path):
    plain = Config(data_dir=tmp_path / "plain")
    with pytest.raises(SyncError) as err:
        await Terminal.enroll(plain, MemoryCredentialStore(), tls_central.url, central.enroll_code(STORE))
    assert err.value.kind == "protocol"
    config = Config(data_dir=tmp_path / "private-ca", ca_bundle=str(tls_files.ca))
    credentials = MemoryCredentialStore()
    terminal = await Terminal.enroll(config, credentials, tls_central.url, central.enroll_code(STORE))
    await terminal.aclose()
    terminal = Terminal.open(config, credentials)  # the reopened terminal trusts the same CA
    try:
        assert (await terminal.client.device()).store_id == STORE
    finally:
        await terminal.aclose()


async def test_plain_http_to_a_loopback_central_never_crosses_the_proxy(central, proxy, tmp_path):
    assert await _health(central.url, proxy=proxy.url)  # the token and the data would go in clear
    assert proxy.request_lines == []


async def test_a_terminal_enrols_and_syncs_through_the_proxy(central, tls_central, tls_files, proxy, tmp_path):
    config = Config(data_dir=tmp_path / "term", proxy=proxy.url, ca_bundle=str(tls_files.ca))
    terminal = await Terminal.enroll(config, MemoryCredentialStore(), tls_central.url,
                                     central.enroll_code(STORE))
    try:
        await terminal.client.device()
    finally:
        await terminal.aclose()
    assert proxy.request_lines and all(line == f"CONNECT 127.0.0.1:{tls_central.port} HTTP/1.1"
                                       for line in proxy.request_lines)


async def test_https_goes_through_the_proxy_in_a_tunnel(tls_central, tls_files, proxy):
    assert await _health(tls_central.url, verify=str(tls_files.ca), proxy=proxy.url)
    assert proxy.request_lines == [f"CONNECT 127.0.0.1:{tls_central.port} HTTP/1.1"]
    with pytest.raises(SyncError) as err:  # the tunnel does not bypass verification
        await _health(tls_central.url, proxy=proxy.url)
    assert err.value.kind == "protocol"
