"""The addon as a Python wheel, the way OCA addons are installed (pip install odoo-addon-<name>).

Builds ``odoo-addon-sales_process_mgmt`` with whool (sales_process_mgmt/pyproject.toml),
checks its metadata against the manifest, installs it into a throwaway virtual
environment that sees Odoo 18 and its dependencies but not this repository, and
installs the addon from there into a fresh database: Odoo finds it through the
``odoo.addons`` namespace, with the repository off the addons path.

Run by ./test.sh (needs SPM_VENV_PY, ODOO_SRC, SPM_TEST_DB and the PG* variables).
"""

import ast
import hashlib
import os
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "sales_process_mgmt"
REQUIRED = ("SPM_TEST_DB", "SPM_VENV_PY", "ODOO_SRC")
pytestmark = pytest.mark.skipif(
    any(not os.environ.get(v) for v in REQUIRED),
    reason="the wheel test runs from ./test.sh with Odoo found",
)


def _run(*cmd, **kwargs):
    res = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=900, **kwargs)
    assert res.returncode == 0, f"{' '.join(map(str, cmd))}\n{res.stdout[-2000:]}\n{res.stderr[-3000:]}"
    return res


def _venv_python(path):
    return path / "bin" / "python"


@pytest.fixture(scope="module")
def build_python():
    """A small cached environment with the pinned build backend (whool)."""
    req = ROOT / "requirements-build.txt"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sales_process_mgmt"
    venv = cache / f"venv-build-{hashlib.sha1(req.read_bytes()).hexdigest()[:12]}"
    if not (venv / ".complete").exists():
        _run(sys.executable, "-m", "venv", "--clear", str(venv))
        _run(str(_venv_python(venv)), "-m", "pip", "install", "-q", "-r", str(req))
        (venv / ".complete").touch()
    return _venv_python(venv)


@pytest.fixture(scope="module")
def wheel(build_python, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    _run(
        str(build_python),
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        str(out),
        str(ADDON),
    )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_metadata_follows_the_manifest(wheel):
    manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode())
    assert meta["Name"] == "odoo-addon-sales_process_mgmt"
    # whool versions a wheel after the manifest, plus the number of commits since the
    # manifest's version last changed (OCA's post-version strategy): 18.0.2.0.0 or 18.0.2.0.0.N
    assert re.fullmatch(re.escape(manifest["version"]) + r"(\.\d+)?", meta["Version"]), meta["Version"]
    requires = meta.get_all("Requires-Dist")
    assert "odoo==18.0.*" in requires
    for dep in manifest["external_dependencies"]["python"]:
        assert dep in requires, f"{dep} of the manifest is not a dependency of the wheel"
    # The addon sits in the odoo/addons namespace, with its data, translations and assets.
    for rel in ("__manifest__.py", "i18n/zh_CN.po", "i18n/zh_TW.po", "security/ir.model.access.csv"):
        assert f"odoo/addons/sales_process_mgmt/{rel}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".orig", ".rej"))]


def test_odoo_installs_the_addon_from_the_wheel(wheel, tmp_path):
    # A throwaway environment: Odoo 18 and its pinned dependencies (the test venv's
    # site-packages and ODOO_SRC through a .pth file), not this repository.
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", str(venv))
    base = _run(os.environ["SPM_VENV_PY"], "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    site = Path(
        _run(
            str(_venv_python(venv)), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    (site / "spm_odoo.pth").write_text(f"{base.stdout.strip()}\n{os.environ['ODOO_SRC']}\n", encoding="utf-8")
    # --no-deps: Odoo comes from its source tree here, not from a pip-installed "odoo" distribution.
    _run(str(_venv_python(venv)), "-m", "pip", "install", "-q", "--no-deps", str(wheel))
    where = _run(
        str(_venv_python(venv)), "-c", "import odoo.addons.sales_process_mgmt as m; print(m.__file__)"
    ).stdout.strip()
    assert where.startswith(str(site)), where

    db = f"{os.environ['SPM_TEST_DB']}_wheel"
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
    odoo_addons = os.path.join(os.environ["ODOO_SRC"], "odoo", "addons")
    args = [f"--addons-path={odoo_addons}"]  # the repository is deliberately not on it
    for opt, env in (
        ("--db_host", "PGHOST"),
        ("--db_port", "PGPORT"),
        ("--db_user", "PGUSER"),
        ("--db_password", "PGPASSWORD"),
    ):
        if os.environ.get(env):
            args.append(f"{opt}={os.environ[env]}")
    try:
        _run(
            str(_venv_python(venv)),
            os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
            "-d",
            db,
            *args,
            "-i",
            "sales_process_mgmt",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
            env={**os.environ, "TZ": "UTC"},
        )
        state = _run(
            "psql",
            "-d",
            db,
            "-Atqc",
            "select state || ' ' || latest_version from ir_module_module where name = 'sales_process_mgmt'",
        ).stdout.strip()
        manifest = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
        assert state == f"installed {manifest['version']}"
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
