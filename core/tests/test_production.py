"""Production mode: settings refuse missing secrets, `check --deploy` is clean, and gunicorn
(hoso/gunicorn.conf.py, 2 workers, loopback) serves pages and hashed static files with the
security headers. Each test runs hoso in a subprocess with the production environment."""

import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def production_env(static_root: Path, **extra) -> dict:
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith("HOSO_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        HOSO_DEBUG="0",
        HOSO_SECRET_KEY=secrets.token_urlsafe(50),
        HOSO_FIELD_KEY=secrets.token_hex(32),
        HOSO_ALLOWED_HOSTS="127.0.0.1,localhost",
        HOSO_STATIC_ROOT=str(static_root),
        HOSO_VAR_DIR=str(static_root.parent / "var"),
        DJANGO_SETTINGS_MODULE="hoso.settings",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=timeout,
    )


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory) -> Path:
    """`collectstatic` once for this module (hashed and compressed files, as production)."""
    static_root = tmp_path_factory.mktemp("prod") / "static"
    result = manage(production_env(static_root), "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    assert (static_root / "staticfiles.json").exists()
    return static_root


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = production_env(tmp_path / "static")
    for missing in ("HOSO_SECRET_KEY", "HOSO_FIELD_KEY"):
        result = manage({k: v for k, v in env.items() if k != missing}, "check")
        assert result.returncode != 0
        assert f"{missing} must be set" in result.stderr
    result = manage(dict(env, HOSO_FIELD_KEY="abc"), "check")
    assert result.returncode != 0 and "64 hex characters" in result.stderr


def test_check_deploy_is_clean(collected_static):
    result = manage(production_env(collected_static), "check", "--deploy", "--fail-level",
                    "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_reports_static_files_not_collected(tmp_path):
    result = manage(production_env(tmp_path / "static"), "check", "--deploy")
    assert "hoso.W001" in result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def subprocess_database_url(tmp_path: Path) -> str:
    """The test database, reachable from another process: PostgreSQL's test database itself, or
    for SQLite (in memory) a file copy of it."""
    from django.db import connection

    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = tmp_path / "hoso.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_pages_and_static_files_with_security_headers(collected_static, tmp_path):
    port = _free_port()
    env = production_env(
        collected_static, HOSO_DATABASE_URL=subprocess_database_url(tmp_path),
        HOSO_BIND=f"127.0.0.1:{port}", HOSO_WEB_WORKERS="2", HOSO_DB_CONN_MAX_AGE="0",
        HOSO_ACCESS_LOG="",
    )
    log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "hoso/gunicorn.conf.py", "hoso.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    https = {"X-Forwarded-Proto": "https"}
    try:
        for _ in range(300):
            try:
                if fetch(base + "/health/", **https)[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        with open(f"/proc/{server.pid}/task/{server.pid}/children") as handle:
            assert len(handle.read().split()) == 2  # HOSO_WEB_WORKERS

        # Plain HTTP is sent to HTTPS (the proxy in front terminates TLS).
        status, headers, _ = fetch(base + "/tai-khoan/dang-nhap/")
        assert status == 301 and headers["Location"].startswith("https://")

        status, headers, body = fetch(base + "/tai-khoan/dang-nhap/", **https)
        assert status == 200
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload")
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        cookies = headers.get_all("Set-Cookie")
        assert cookies and all("Secure" in cookie and "HttpOnly" in cookie or
                               cookie.startswith("csrftoken=") and "Secure" in cookie
                               for cookie in cookies)

        # Static files: hashed names from the manifest, served by whitenoise, compressed,
        # cached for good, with the same headers.
        css = re.search(rb'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"',
                        body)
        assert css, body[:2000]
        status, headers, data = fetch(base + css.group(1).decode(), **https,
                                      **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
        assert headers["Content-Type"].startswith("text/css")
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert len(data) > 1000
        # No CDN anywhere in the page.
        assert b"https://" not in re.sub(rb'xmlns="[^"]*"', b"", body)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
