"""Install, upgrade, uninstall and reinstall sales_process_mgmt on real Odoo 18.

Run by ./test.sh after it has built the test database; each test works on a
copy of that database (``createdb -T``) so the copies never disturb each other.
Needs: SPM_TEST_DB, SPM_ODOO_CONF, SPM_VENV_PY, ODOO_SRC, SPM_INSTALL_LOG and the
PG* variables, all set by test.sh.
"""

import os
import re
import subprocess
import uuid

import pytest

MODULE = "sales_process_mgmt"
REQUIRED = ("SPM_TEST_DB", "SPM_ODOO_CONF", "SPM_VENV_PY", "ODOO_SRC", "SPM_INSTALL_LOG")
pytestmark = pytest.mark.skipif(
    any(not os.environ.get(v) for v in REQUIRED),
    reason="lifecycle tests run from ./test.sh with Odoo found",
)
# A log line at WARNING or above, in Odoo's format: "... <pid> LEVEL <db> <logger>: msg"
PROBLEM = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")


def _odoo(db, *args, command=None, stdin=None, logfile=None):
    cmd = [
        os.environ["SPM_VENV_PY"],
        os.path.join(os.environ["ODOO_SRC"], "odoo-bin"),
        *([command] if command else []),
        "-c",
        os.environ["SPM_ODOO_CONF"],
        "-d",
        db,
        *args,
    ]
    if logfile:
        cmd.append(f"--logfile={logfile}")
    return subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "TZ": "UTC"},
    )


def _module_problems(log_text):
    """Warnings and errors raised while our module loads or that name it."""
    problems, inside = [], False
    for line in log_text.splitlines():
        if f"Loading module {MODULE}" in line or f"loading {MODULE}/" in line:
            inside = True
        if PROBLEM.match(line) and (inside or MODULE in line):
            problems.append(line)
        if re.search(rf"Module {MODULE} loaded in|modules? loaded in", line):
            inside = False
    return problems


@pytest.fixture
def db_copy():
    name = f"{os.environ['SPM_TEST_DB']}_life_{uuid.uuid4().hex[:6]}"
    subprocess.run(["createdb", "-T", os.environ["SPM_TEST_DB"], name], check=True)
    yield name
    subprocess.run(["dropdb", "--if-exists", name], check=False)


def _state(db):
    out = subprocess.run(
        ["psql", "-d", db, "-Atqc", f"select state from ir_module_module where name = '{MODULE}'"],
        capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


def test_install_log_has_no_warning_or_error():
    with open(os.environ["SPM_INSTALL_LOG"], encoding="utf-8") as fh:
        text = fh.read()
    assert f"Loading module {MODULE}" in text or f"loading {MODULE}/" in text, (
        "the install log does not show the module loading"
    )
    assert _module_problems(text) == []


def test_upgrade_is_clean(db_copy, tmp_path):
    log = tmp_path / "upgrade.log"
    res = _odoo(db_copy, "-u", MODULE, "--stop-after-init", logfile=str(log))
    text = log.read_text(encoding="utf-8")
    assert res.returncode == 0, text[-3000:]
    assert _module_problems(text) == []
    assert _state(db_copy) == "installed"


def test_uninstall_then_reinstall(db_copy, tmp_path):
    script = (
        f"mod = env['ir.module.module'].search([('name', '=', '{MODULE}')])\n"
        "mod.button_immediate_uninstall()\n"
        "env.cr.commit()\n"
        f"left = env['ir.model.data'].search_count([('module', '=', '{MODULE}')])\n"
        "print('SPM-LEFT', left)\n"
    )
    log = tmp_path / "uninstall.log"
    res = _odoo(db_copy, "--no-http", command="shell", stdin=script, logfile=str(log))
    text = log.read_text(encoding="utf-8")
    assert res.returncode == 0, res.stderr[-3000:] + text[-3000:]
    assert "SPM-LEFT 0" in res.stdout, res.stdout[-2000:]
    assert _state(db_copy) == "uninstalled"
    problems = [ln for ln in text.splitlines() if PROBLEM.match(ln) and "ERROR" in ln]
    assert problems == []
    # Our tables are gone with the module.
    tables = subprocess.run(
        ["psql", "-d", db_copy, "-Atqc",
         "select count(*) from pg_tables where tablename like 'sales\\_%' and schemaname = 'public'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert tables == "0"

    log2 = tmp_path / "reinstall.log"
    res = _odoo(db_copy, "-i", MODULE, "--stop-after-init", logfile=str(log2))
    text2 = log2.read_text(encoding="utf-8")
    assert res.returncode == 0, text2[-3000:]
    assert _module_problems(text2) == []
    assert _state(db_copy) == "installed"
