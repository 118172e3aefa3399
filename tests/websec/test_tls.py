"""`valgus web --certfile/--keyfile` serves HTTPS (docs/web.md, LAN deployment): a real server
with a self-signed certificate on SQLite and on PostgreSQL, a client that verifies it, Secure
cookies and HSTS."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import ssl
from pathlib import Path

import httpx
import pytest
from tests.e2e.server import PASSWORD, USER, live_server
from tests.store.conftest import db_url  # noqa: F401 - SQLite, and PostgreSQL when set


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 / localhost and its key (PEM), as the docs' openssl line."""
    x509 = pytest.importorskip("cryptography.x509", reason="cryptography is not installed")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "valgus.clinic.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certfile, keyfile


def test_https_with_a_certificate(tmp_path: Path, db_url: str) -> None:  # noqa: F811
    certfile, keyfile = _self_signed(tmp_path)
    trust = ssl.create_default_context(cafile=str(certfile))
    args = ("--certfile", str(certfile), "--keyfile", str(keyfile))
    server = live_server(tmp_path / "server", extra_args=args, tls=trust, db_url=db_url)
    with server as (base, with_login):
        assert base.startswith("https://") and with_login
        with httpx.Client(base_url=base, verify=trust, follow_redirects=False) as client:
            page = client.get("/login")
            assert page.status_code == 200 and "Log in" in page.text
            assert page.headers["strict-transport-security"].startswith("max-age=")
            cookie = page.headers["set-cookie"]
            assert "valgus_session=" in cookie and "; secure" in cookie.lower()
            assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
            token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
            assert token is not None
            login = client.post(
                "/login",
                data={"username": USER, "password": PASSWORD, "csrf_token": token.group(1)},
                headers={"Origin": base},
            )
            assert login.status_code == 303, login.text[:200]
            assert "; secure" in login.headers["set-cookie"].lower()
            assert client.get("/athletes").status_code == 200  # the Secure cookie came back
            added = client.post(
                "/api/athletes",
                json={"code": "TLS1", "team": "U19"},
                headers={"X-CSRF-Token": _csrf(client), "Origin": base},
            )
            assert added.status_code == 201, added.text[:200]
            assert client.get("/api/athletes/TLS1").json()["athlete"]["team"] == "U19"
        with pytest.raises(httpx.HTTPError):  # the certificate is checked: not trusted by default
            httpx.get(base + "/login", timeout=5)
        with pytest.raises(httpx.HTTPError):  # no plain HTTP on the HTTPS port
            httpx.get(base.replace("https://", "http://") + "/login", timeout=5)


def _csrf(client: httpx.Client) -> str:
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/athletes").text)
    assert token is not None
    return token.group(1)


def test_certificate_and_key_go_together(tmp_path: Path) -> None:
    import subprocess
    import sys

    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    for args, message in (
        (["--certfile", str(cert)], "--certfile and --keyfile go together"),
        (["--certfile", str(cert), "--keyfile", str(tmp_path / "nope.pem")], "not a readable"),
        (["--certfile", str(cert), "--keyfile", str(cert)], "cannot serve HTTPS with cert.pem"),
    ):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "valgus.cli.main",
                "web",
                "--no-browser",
                "--db",
                f"sqlite:///{tmp_path / 'v.db'}",
                "--results",
                str(tmp_path / "r"),
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2 and message in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
