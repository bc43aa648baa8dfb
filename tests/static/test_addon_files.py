"""Static checks of the addon's files that no linter makes: no Odoo needed.

tools/lint.sh checks the rest with the kept tools: the manifest (pylint-odoo), XML
syntax, headers, duplicate ids, files not loaded (oca-checks-odoo-module), .po
syntax and placeholders (oca-checks-po); installing the addon checks what the data
files refer to, and the lifecycle layer that the install log has no warning (a model
without access rules). Here: the translations are complete in zh_CN and zh_TW,
README.rst is generated from its fragments, the manifest's order and demo ids, and
a few rules of the tooling.
"""

import ast
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "sales_process_mgmt"
MANIFEST = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
LANGS = ("zh_CN", "zh_TW")


def test_security_loads_before_views_and_demo_ids_end_in_demo():
    data = MANIFEST["data"]
    access = data.index("security/ir.model.access.csv")
    for i, rel in enumerate(data):
        if rel.startswith(("views/", "wizard/", "report/")):
            assert i > access, f"{rel} loads before the access rules"
    for rel in MANIFEST.get("demo", []):
        tree = etree.parse(str(ADDON / rel))
        for rec in tree.iter("record"):
            assert rec.get("id", "").endswith("_demo"), f"demo id {rec.get('id')} in {rel}"


@pytest.mark.parametrize("lang", LANGS)
def test_po_is_complete(lang):
    pot = polib.pofile(str(ADDON / "i18n/sales_process_mgmt.pot"))
    po = polib.pofile(str(ADDON / f"i18n/{lang}.po"))
    assert po.metadata.get("Language") == lang
    pot_ids = {(e.msgctxt, e.msgid) for e in pot}
    po_ids = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    assert pot_ids - po_ids == set(), f"{lang}.po misses entries of the .pot (run tools/i18n.sh)"
    untranslated = [e.msgid for e in po if not e.obsolete and not e.msgstr]
    assert untranslated == [], f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert fuzzy == []


def test_readme_rst_is_generated_from_fragments():
    res = subprocess.run([sys.executable, str(ROOT / "tools/gen_readme_rst.py"), "--check"], check=False)
    assert res.returncode == 0, "README.rst is stale: run python tools/gen_readme_rst.py"


def test_package_installs_wait_for_the_debian_lock():
    """apt-get waits for another program's package lock instead of exiting with 100."""
    lib = (ROOT / "tools" / "lib.sh").read_text(encoding="utf-8")
    calls = [
        line
        for line in lib.splitlines()
        if "apt-get" in line and not line.strip().startswith("#") and "command -v" not in line
    ]
    assert calls
    assert all("lock[@]" in line for line in calls), calls
    assert "DPkg::Lock::Timeout=" in lib


def test_peer_deselections_are_explained():
    """Every Odoo core test the peer layer deselects names why (a comment above it)."""
    lines = (ROOT / "tests" / "peer" / "deselect.txt").read_text(encoding="utf-8").splitlines()
    previous = ""
    for line in lines:
        if line.strip() and not line.startswith("#"):
            assert "::" in line, line
            assert previous.startswith("#"), f"no reason given above {line}"
        previous = line if line.strip() else previous
