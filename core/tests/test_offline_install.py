"""Air-gapped install: build the bundle from the local wheel cache, install it with no network.

Slow (several minutes: ~100 wheels installed into a fresh venv, then every migration), so it is
marked ``slow`` and runs only with HOSO_SLOW_TESTS=1 (``make test-slow``). The install
runs in a new network namespace (``unshare -n``: no interface but loopback) when the machine
allows it, and with pip pointed at no index and an unreachable proxy either way.
"""

import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CACHE = BASE_DIR / "var" / "bundle-cache" / "wheels"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("HOSO_SLOW_TESTS") != "1",
                       reason="slow: run with HOSO_SLOW_TESTS=1 (make test-slow)"),
]


def _run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=1500, **kwargs)
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    return result


def _no_network_prefix() -> list[str]:
    """``unshare -n`` when permitted here (root or user namespaces), else nothing."""
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"],
                                                  capture_output=True).returncode == 0:
        return ["unshare", "-n", "--"]
    return []


def test_bundle_installs_and_runs_with_no_network(tmp_path):
    started = time.monotonic()
    env = {**os.environ, "HOSO_BUNDLE_DIST": str(tmp_path / "dist"),
           "HOSO_WHEEL_CACHE": str(CACHE), "PYTHON": sys.executable}
    # Fills the cache once (network, on a connected machine); afterwards builds from it alone.
    env["HOSO_BUNDLE_OFFLINE"] = "1" if CACHE.exists() and any(CACHE.glob("*.whl")) else "0"
    _run([str(BASE_DIR / "scripts" / "bundle.sh")], cwd=BASE_DIR, env=env)
    bundle = next((tmp_path / "dist").glob("hoso-bundle-*.tar.gz"))
    built = time.monotonic()

    with tarfile.open(bundle) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    root = next((tmp_path / "unpacked").iterdir())
    wheels = list((root / "wheels").glob("*.whl"))
    assert len(wheels) >= 90
    assert (root / "src" / "static" / "vendor").is_dir()  # vendored assets travel with it

    install_env = {key: value for key, value in os.environ.items()
                   if not key.startswith(("HOSO_", "PIP_", "VIRTUAL_ENV"))}
    venv_bin = str(Path(sys.executable).parent)
    install_env.update({
        "PATH": os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin),
        # The new venv is made from the base interpreter, not from this test's venv.
        "PYTHON": str(Path(sys.base_prefix) / "bin" / "python3"),
        "HOSO_VAR_DIR": str(tmp_path / "var"), "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1", "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
    })
    target = tmp_path / "hoso"
    result = _run([*_no_network_prefix(), str(root / "install-offline.sh"), str(target)],
                  env=install_env)
    assert "System check identified no issues" in result.stdout + result.stderr
    installed = time.monotonic()

    # The installed copy runs from its own venv, with its own packages.
    venv_python = target / ".venv" / "bin" / "python"
    where = _run([str(venv_python), "-c", "import django, docxtpl; print(django.__file__)"],
                 env=install_env).stdout
    assert str(target / ".venv") in where
    _run([str(venv_python), "manage.py", "check"], cwd=target, env=install_env)
    print(f"\nbundle {bundle.stat().st_size / 2**20:.0f} MiB, {len(wheels)} wheels; "
          f"build {built - started:.0f} s, offline install (venv, wheels, migrate, collectstatic, "
          f"check) {installed - built:.0f} s")
