"""Install, upgrade, uninstall and reinstall sales_process_mgmt on real Odoo 18.

Run by ./test.sh after it has built the test database; each test works on a
copy of that database (``createdb -T``) so the copies never disturb each other.
Needs: SPM_TEST_DB, SPM_ODOO_CONF, SPM_VENV_PY, ODOO_SRC, SPM_INSTALL_LOG and the
PG* variables, all set by test.sh.
"""

import ast
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
        cmd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
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
        capture_output=True,
        text=True,
        check=True,
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


def test_run_sh_upgrades_the_database_only_when_the_addon_changed(db_copy):
    """./run.sh on an existing database: click-odoo-update upgrades the addon when its
    checksum differs from the one stored in the database (here: none stored yet, as on
    a database of the previous run.sh), stores it, and the next run upgrades nothing."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "SPM_DB": db_copy, "SPM_HTTP_PORT": os.environ.get("SPM_TEST_HTTP_PORT", "8169")}

    def run_sh():
        res = subprocess.run(
            [os.path.join(root, "run.sh"), "--stop-after-init", "--log-level=warn"],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        out = res.stdout + res.stderr
        assert res.returncode == 0, out[-3000:]
        return out

    first = run_sh()
    assert f"Updating addons for their hash changed: {MODULE}." in first, first[-3000:]
    assert "Database updated, new checksums stored" in first, first[-3000:]
    second = run_sh()
    assert "No module needs updating, update is not performed." in second, second[-3000:]
    assert "hash changed" not in second
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
        [
            "psql",
            "-d",
            db_copy,
            "-Atqc",
            "select count(*) from pg_tables where tablename like 'sales\\_%' and schemaname = 'public'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert tables == "0"

    log2 = tmp_path / "reinstall.log"
    res = _odoo(db_copy, "-i", MODULE, "--stop-after-init", logfile=str(log2))
    text2 = log2.read_text(encoding="utf-8")
    assert res.returncode == 0, text2[-3000:]
    assert _module_problems(text2) == []
    assert _state(db_copy) == "installed"


# ---------------------------------------------------------------------------
# Upgrade from the previous release
# ---------------------------------------------------------------------------
PREVIOUS_RELEASE = "5a4459a"  # the last release that landed: manifest 18.0.4.0.0
PREVIOUS_VERSION = "18.0.4.0.0"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _psql(db, query):
    return subprocess.run(
        ["psql", "-d", db, "-Atqc", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _records(db):
    """Every record of the addon's tables, and the stored figures the reports and KPIs
    read, per record: {name: set of rows}."""
    models = _psql(
        db,
        (
            "select m.model from ir_model m join ir_model_data d on d.model = 'ir.model' and d.res_id = m.id "
            f"where d.module = '{MODULE}' and not m.transient order by 1"
        ),
    ).split()
    records = {}
    for model in models:
        table = model.replace(".", "_")
        kind = _psql(db, f"select relkind from pg_class where relname = '{table}'")
        if kind == "r":  # tables only: report views are recomputed by design
            records[f"rows {model}"] = set(_psql(db, f"select id from {table}").split())
    queries = {
        "A cards": "select id, a_card_date from crm_lead where is_a_card",
        "visit groups": "select id, counted_date from sales_visit where counts_as_group",
        "C cards": "select id, sale_order_id, completeness::numeric(12,2) from sales_c_card where active",
        "satisfaction": "select id, c_card_id, score::numeric(12,2) from sales_satisfaction",
        "leads": "select id, expected_revenue::numeric(16,2), active from crm_lead",
        "orders": "select id, state, amount_total::numeric(16,2) from sale_order",
        "card states": "select id, card_state from crm_lead where card_state is not null",
        "checklist lines": "select id, lead_id, item_id, done, done_user_id from sales_checklist_line",
        "test drives": "select id, lead_id, state from sales_test_drive",
        "defeat requests": "select id, lead_id, state from sales_defeat_request",
        "targets": (
            "select id, state, amount_target::numeric(16,2), unit_target::numeric(16,2), "
            "product_tmpl_id from sales_target"
        ),
        "appraisals": "select id, state, total_score::numeric(12,2), grade_id from sales_appraisal",
        "appraisal lines": (
            "select id, target::numeric(16,2), actual::numeric(16,2), score::numeric(12,2) "
            "from sales_appraisal_line"
        ),
    }
    for name, query in queries.items():
        records[name] = set(_psql(db, query).splitlines())
    return records


def _manifest_version():
    with open(os.path.join(REPO, MODULE, "__manifest__.py"), encoding="utf-8") as fh:
        return ast.literal_eval(fh.read())["version"]


@pytest.fixture
def previous_release_db(tmp_path):
    if subprocess.run(
        ["git", "-C", REPO, "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"],
        capture_output=True,
        check=False,
    ).returncode:
        pytest.fail(f"commit {PREVIOUS_RELEASE} (previous release) is not in this git checkout")
    old = tmp_path / "previous"
    old.mkdir()
    archive = subprocess.run(
        ["git", "-C", REPO, "archive", PREVIOUS_RELEASE, MODULE], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    name = f"{os.environ['SPM_TEST_DB']}_prev_{uuid.uuid4().hex[:6]}"
    odoo_addons = os.path.join(os.environ["ODOO_SRC"], "odoo", "addons")
    log = tmp_path / "previous-install.log"
    res = _odoo(
        name, f"--addons-path={old},{odoo_addons}", "-i", MODULE, "--stop-after-init", logfile=str(log)
    )
    try:
        assert res.returncode == 0, log.read_text(encoding="utf-8")[-3000:]
        assert PREVIOUS_VERSION == _psql(
            name, f"select latest_version from ir_module_module where name = '{MODULE}'"
        )
        yield name
    finally:
        subprocess.run(["dropdb", "--if-exists", name], check=False)


def test_upgrade_from_previous_release_keeps_every_record(previous_release_db, tmp_path):
    db = previous_release_db
    before = _records(db)
    log = tmp_path / "upgrade-previous.log"
    res = _odoo(db, "-u", MODULE, "--stop-after-init", logfile=str(log))
    text = log.read_text(encoding="utf-8")
    assert res.returncode == 0, text[-3000:]
    assert _module_problems(text) == []
    assert (
        _psql(db, f"select latest_version from ir_module_module where name = '{MODULE}'")
        == _manifest_version()
    )
    after = _records(db)
    # Every record of the previous release is still there, with the same figures; an
    # upgrade may add records (new shipped data), never lose or change one.
    for name, rows in before.items():
        if not name.startswith("rows "):
            assert rows, f"the previous release's database has no {name}: the check would prove nothing"
        missing = rows - after.get(name, set())
        assert not missing, (
            f"{name}: {len(missing)} of {len(rows)} lost or changed by the upgrade, e.g. {sorted(missing)[:5]}"
        )
    # migrated: count reasons are codes, the held cards' numbers are in the rule's table
    reasons = set(
        _psql(
            db, "select distinct not_counted_reason from sales_visit where not_counted_reason is not null"
        ).split("\n")
    ) - {""}
    assert reasons and all(re.fullmatch(r"[a-z0-9_]+", reason) for reason in reasons), reasons
    held_without_number = _psql(
        db,
        (
            "select count(*) from crm_lead l left join crm_stage s on s.id = l.stage_id "
            "where l.is_a_card and l.active and not coalesce(s.is_won, false) "
            "and not exists (select 1 from sales_a_card_number n where n.lead_id = l.id)"
        ),
    )
    assert held_without_number == "0"
