"""Static checks of the addon's files: no Odoo needed.

Manifest consistency, XML well-formedness, every data file loaded, access CSV
pointing at real models and groups, translations parseable and complete.
"""

import ast
import csv
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "sales_process_mgmt"
MANIFEST = ast.literal_eval((ADDON / "__manifest__.py").read_text(encoding="utf-8"))
DATA_DIRS = ("views", "security", "data", "demo", "wizard", "report")
LANGS = ("zh_CN", "zh_TW")
# Groups of the Odoo modules we depend on that access rules may name.
KNOWN_GROUPS = {
    "base.group_user",
    "base.group_system",
    "base.group_portal",
    "base.group_public",
    "sales_team.group_sale_salesman",
    "sales_team.group_sale_salesman_all_leads",
    "sales_team.group_sale_manager",
}


def _addon_models():
    """Models the addon defines or extends: {model name}."""
    names = set()
    for py in ADDON.rglob("*.py"):
        if "tests" in py.parts:
            continue
        for m in re.finditer(r"""_(?:name|inherit)\s*=\s*['"]([\w.]+)['"]""", py.read_text(encoding="utf-8")):
            names.add(m.group(1))
    return names


def _addon_groups():
    ids = set()
    for xml in (ADDON / "security").glob("*.xml"):
        for rec in etree.parse(str(xml)).iter("record"):
            if rec.get("model") == "res.groups":
                ids.add(f"sales_process_mgmt.{rec.get('id')}")
    return ids


def test_manifest_keys():
    assert MANIFEST["version"].startswith("18.0.")
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", MANIFEST["version"])
    assert MANIFEST["license"] == "LGPL-3"
    assert MANIFEST["application"] is True
    assert MANIFEST["installable"] is True
    assert MANIFEST["category"] == "Sales"
    assert {"crm", "sale_crm"} <= set(MANIFEST["depends"])
    assert MANIFEST["summary"].strip()


def test_manifest_files_exist_and_all_data_files_are_loaded():
    listed = MANIFEST.get("data", []) + MANIFEST.get("demo", [])
    assert len(listed) == len(set(listed)), "a file is listed twice"
    for rel in listed:
        assert (ADDON / rel).is_file(), f"manifest lists a missing file: {rel}"
    for path in ADDON.rglob("*"):
        rel = path.relative_to(ADDON).as_posix()
        if path.suffix in (".xml", ".csv") and rel.split("/")[0] in DATA_DIRS:
            assert rel in listed, f"not loaded by the manifest: {rel}"


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


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(ADDON).as_posix() for p in ADDON.rglob("*.xml")), ids=str
)
def test_xml_is_well_formed_and_uses_odoo18_syntax(path):
    tree = etree.parse(str(ADDON / path))
    text = (ADDON / path).read_text(encoding="utf-8")
    if tree.getroot().tag == "odoo":
        assert "<tree" not in text, "Odoo 18 uses <list>, not <tree>"
        assert " attrs=" not in text and " states=" not in text, "attrs/states are gone since 17"


def test_access_csv_refers_to_real_models_and_groups():
    models = _addon_models()
    groups = KNOWN_GROUPS | _addon_groups()
    with open(ADDON / "security/ir.model.access.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    header = "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink"
    assert (ADDON / "security/ir.model.access.csv").read_text(encoding="utf-8").splitlines()[0] == header
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate access ids"
    model_xmlids = {"model_" + m.replace(".", "_") for m in models}
    for row in rows:
        model_ref = row["model_id:id"].split(".")[-1]
        assert model_ref in model_xmlids, f"{row['id']}: unknown model {row['model_id:id']}"
        if row["group_id:id"]:
            group = row["group_id:id"] if "." in row["group_id:id"] else f"sales_process_mgmt.{row['group_id:id']}"
            assert group in groups, f"{row['id']}: unknown group {group}"
        for perm in ("perm_read", "perm_write", "perm_create", "perm_unlink"):
            assert row[perm] in ("0", "1")


def _created_models():
    """Models the addon creates (not only extends), abstract mixins left out (no table, no access)."""
    created = set()
    for sub in ("models", "wizard", "report"):
        for py in (ADDON / sub).glob("*.py"):
            text = py.read_text(encoding="utf-8")
            for cls in re.split(r"\nclass ", text)[1:]:
                if "models.AbstractModel" in cls.split("\n", 1)[0]:
                    continue
                name = re.search(r"""\n    _name\s*=\s*['"]([\w.]+)['"]""", cls)
                inherit = re.search(r"""\n    _inherit\s*=\s*\[?\s*['"]([\w.]+)['"]""", cls)
                if name and not (inherit and inherit.group(1) == name.group(1)):
                    created.add(name.group(1))
    return created


def test_every_new_model_has_access_rules():
    """Each model the addon creates (not only extends) has at least one access line."""
    created = _created_models()
    assert "sales.visit" in created and "crm.lead" not in created
    text = (ADDON / "security/ir.model.access.csv").read_text(encoding="utf-8")
    for model in created:
        assert "model_" + model.replace(".", "_") in text, f"{model} has no access rule"


def test_pot_exists():
    assert (ADDON / "i18n/sales_process_mgmt.pot").is_file()
    assert not (ADDON / "i18n/en.po").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_po_parses_and_is_complete(lang):
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


@pytest.mark.parametrize("lang", LANGS)
def test_po_placeholders_survive_translation(lang):
    po = polib.pofile(str(ADDON / f"i18n/{lang}.po"))
    placeholder = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
    for entry in po:
        if entry.msgstr:
            assert sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(entry.msgstr)), (
                f"{lang}: placeholders differ in {entry.msgid!r}"
            )


def test_readme_rst_is_generated_from_fragments():
    res = subprocess.run([sys.executable, str(ROOT / "tools/gen_readme_rst.py"), "--check"], check=False)
    assert res.returncode == 0, "README.rst is stale: run python tools/gen_readme_rst.py"


def test_package_installs_wait_for_the_debian_lock():
    """apt-get waits for another program's package lock instead of exiting with 100."""
    lib = (ROOT / "tools" / "lib.sh").read_text(encoding="utf-8")
    calls = [line for line in lib.splitlines() if "apt-get" in line and not line.strip().startswith("#")
             and "command -v" not in line]
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
