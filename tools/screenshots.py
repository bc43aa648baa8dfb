"""Take the README's screenshots from a running Odoo (./run.sh) in headless Chromium.

usage: python tools/screenshots.py [--url http://localhost:8069] [--db sales_process_mgmt]
                                   [--out docs/screenshots] [--only NAME ...]

Needs the Python package ``playwright`` in an environment of its own (it requires a
newer greenlet than Odoo's pin, so not in Odoo's venv), Debian's ``chromium`` (nothing
is downloaded) and a CJK font (Debian's ``fonts-wqy-microhei``), without which the
Chinese shots show empty boxes. Logs in as admin, switches the user's language through
JSON-RPC and captures each page of SHOTS in English (``*_en.png``), Simplified
Chinese (``*_zh_CN.png``) and, where asked, Traditional Chinese.
"""

import argparse
import html
import io
import json
import time
import urllib.request
from pathlib import Path

import openpyxl
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]

# Each shot: a path under /odoo ("{id}" is replaced by the record that "find" finds
# with search_read, "{ref}" by the record of the xml id "ref"), then optional steps:
# "search" (typed into the search box), "click" (CSS selectors clicked in order),
# "xlsx" (an action whose file is rendered as a table instead of a page), "zoom"
# (the page's zoom factor, to fit wide views).
# "xlsx" (an action whose file is rendered as a table instead of a page),
# "prepare" ([(model, method, domain, *args)]: the method is called on the records
# found before the page opens; "ref:xml.id" values stand for record ids) and
# "{ref:xml.id}" in a click selector (the record's id), "scroll" (a selector
# scrolled to the top), "wait_after" (a selector waited for after the clicks), "wait"
# (the selector that says the page is there) and "settle" (ms to let its data load).
BOTH = ["en_US", "zh_CN"]
SHOTS = [
    {"name": "apps", "path": "/odoo/apps", "search": "Sales Process", "langs": BOTH},
    {"name": "crm_menu", "path": "/odoo/crm", "langs": BOTH,
     "click": ['[data-menu-xmlid="sales_process_mgmt.menu_spm_showroom"]']},
    # The leader's Team Pipeline (admin leads the demo Showroom team): the process's columns only.
    {"name": "pipeline", "langs": BOTH + ["zh_TW"], "zoom": 0.5,
     "path": "/odoo/action-sales_process_mgmt.crm_lead_action_team_pipeline"},
    {"name": "checklist", "langs": BOTH, "ref": "sales_process_mgmt.crm_lead_showroom_liu_demo",
     "path": "/odoo/crm/{ref}", "click": ['.o_notebook a.nav-link[name="spm_checklist"]']},
    {"name": "visit", "langs": BOTH, "path": "/odoo/action-sales_process_mgmt.sales_visit_action/{id}",
     "find": ("sales.visit", [("counts_as_group", "=", True), ("lead_id", "!=", False)])},
    {"name": "a_card", "langs": BOTH, "path": "/odoo/action-sales_process_mgmt.crm_lead_action_a_cards/{id}",
     "find": ("crm.lead", [("is_a_card", "=", True), ("type", "=", "opportunity"), ("user_id", "!=", False)])},
    {"name": "test_drive", "langs": BOTH, "ref": "sales_process_mgmt.test_drive_1_demo",
     "path": "/odoo/action-sales_process_mgmt.sales_test_drive_action/{ref}"},
    {"name": "defeat_analysis", "langs": BOTH, "path": "/odoo/action-sales_process_mgmt.sales_defeat_analysis_action",
     "click": [".o_switch_view.o_pivot"]},
    {"name": "daily_report", "langs": BOTH, "path": "/odoo/action-sales_process_mgmt.sales_daily_report_action",
     "click": [".o_switch_view.o_graph"]},
    # the pivot with the rates (archive, test-drive, closing, defeat), per salesperson
    {"name": "daily_report_rates", "langs": BOTH + ["zh_TW"], "zoom": 0.6,
     "path": "/odoo/action-sales_process_mgmt.sales_daily_report_action",
     "click": [".o_switch_view.o_pivot", ".o_pivot_header_cell_opened"]},
    {"name": "appraisal", "langs": BOTH, "ref": "sales_process_mgmt.sales_appraisal_demo_demo",
     "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action/{ref}"},
    {"name": "appraisal_not_assessable", "langs": BOTH,
     "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action/{id}",
     "find": ("sales.appraisal", [("unassessable_count", ">", 0), ("user_id.login", "!=", "admin")])},
    {"name": "appraisal_resolve", "langs": BOTH,
     "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action/{id}",
     "find": ("sales.appraisal", [("unassessable_count", ">", 0), ("user_id.login", "!=", "admin")]),
     "click": ['.o_data_row.text-warning button[name="action_resolve"]']},
    {"name": "team_comparison", "langs": BOTH,
     "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action_analysis",
     "click": [".o_switch_view.o_graph"]},
    {"name": "stage_guidance", "langs": BOTH, "ref": "sales_process_mgmt.crm_lead_showroom_sun_demo",
     "path": "/odoo/crm/{ref}"},
    {"name": "approval_request", "langs": BOTH, "ref": "sales_process_mgmt.crm_lead_showroom_sun_demo",
     "path": "/odoo/crm/{ref}",
     # the demo's salesperson asks; the leader (admin) sees the request
     "prepare": [
         ("crm.lead", "write", [("id", "=", "ref:sales_process_mgmt.crm_lead_showroom_sun_demo")],
          {"user_id": "ref:base.user_demo"}),
         ("sales.checklist.line", "action_spm_request_approval", [
             ("item_id", "=", "ref:sales_process_mgmt.item_showroom_closing_concession"),
             ("lead_id", "=", "ref:sales_process_mgmt.crm_lead_showroom_sun_demo"),
             ("approval_state", "=", False)]),
     ],
     "click": ['.o_notebook a.nav-link[name="spm_checklist"]'], "scroll": ".o_notebook"},
    {"name": "transition_dialog", "langs": BOTH, "ref": "sales_process_mgmt.crm_lead_showroom_sun_demo",
     "path": "/odoo/crm/{ref}", "wait_after": ".modal .o_spm_transition",
     "click": ['.o_statusbar_status button[data-value="{ref:sales_process_mgmt.stage_showroom_delivery}"]']},
    {"name": "targets", "langs": ["en_US"], "path": "/odoo/action-sales_process_mgmt.sales_target_action"},
    {"name": "workbook", "langs": BOTH, "xlsx": ("sales.appraisal", [])},
    {"name": "forecast", "langs": BOTH, "path": "/odoo/action-sales_process_mgmt.sales_forecast_report_action"},
    # the director's dashboard (spreadsheet_dashboard), its pivots rendered in the user's language
    {"name": "dashboard", "langs": BOTH, "zoom": 0.8, "ref": "sales_process_mgmt.spreadsheet_dashboard_sales_process",
     "path": "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action?dashboard_id={ref}",
     "wait": ".o_spreadsheet_dashboard_action", "wait_after": ".o-spreadsheet", "settle": 6000},
]


def rpc(url, path, params, cookie=None):
    req = urllib.request.Request(
        url + path,
        data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
        headers={"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        body = json.loads(resp.read())
        if body.get("error"):
            raise RuntimeError(body["error"])
        return body["result"], resp.headers.get("Set-Cookie")


class Session:
    def __init__(self, url, db, login, password):
        self.url = url
        res, cookie = rpc(url, "/web/session/authenticate", {"db": db, "login": login, "password": password})
        self.uid = res["uid"]
        self.cookie = cookie.split(";")[0]

    def call(self, model, method, *args, **kwargs):
        return rpc(self.url, "/web/dataset/call_kw", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs,
        }, cookie=self.cookie)[0]

    def set_lang(self, lang):
        self.call("res.users", "write", [self.uid], {"lang": lang})

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)],
                         fields=["res_id"])
        return rows[0]["res_id"]

    def find(self, model, domain):
        return self.call(model, "search", domain, limit=1, order="id")[0]

    def download(self, path):
        req = urllib.request.Request(self.url + path, headers={"Cookie": self.cookie})
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.read()


def xlsx_html(data):
    """The workbook's sheets as HTML tables, as a spreadsheet would show the cells."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    parts = ['<html><body style="font-family:sans-serif;font-size:13px;margin:16px">']
    for sheet in book.worksheets:
        parts.append(f"<h3>{html.escape(sheet.title)}</h3><table style='border-collapse:collapse'>")
        for row in sheet.iter_rows(max_row=12, max_col=14, values_only=True):
            if all(v is None for v in row):
                continue
            cells = "".join(
                f"<td style='border:1px solid #bbb;padding:3px 8px'>{html.escape('' if v is None else str(v))}</td>"
                for v in row
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def take(page, session, shot, out, lang):
    suffix = "en" if lang == "en_US" else lang
    path = out / f"{shot['name']}_{suffix}.png"
    if shot.get("xlsx"):
        model, domain = shot["xlsx"]
        ids = session.call(model, "search", domain)
        action = session.call(model, "action_export_xlsx", ids, context={"lang": lang})
        page.set_content(xlsx_html(session.download(action["url"])))
        page.screenshot(path=str(path), full_page=False)
        print("wrote", path)
        return
    target = shot["path"]
    if "{ref}" in target:
        target = target.replace("{ref}", str(session.ref(shot["ref"])))
    if "{id}" in target:
        target = target.replace("{id}", str(session.find(*shot["find"])))
    def deref(value):
        # "ref:module.name" stands for the id of that record
        if isinstance(value, str) and value.startswith("ref:"):
            return session.ref(value[4:])
        if isinstance(value, dict):
            return {k: deref(v) for k, v in value.items()}
        return value

    for model, method, domain, *args in shot.get("prepare", []):
        ids = session.call(model, "search", [(f, op, deref(v)) for f, op, v in domain])
        if ids:
            session.call(model, method, ids, *[deref(arg) for arg in args])
    page.goto(session.url + target, wait_until="domcontentloaded")
    page.wait_for_selector(shot.get("wait", ".o_action_manager .o_view_controller"), timeout=60000)
    page.wait_for_timeout(shot.get("settle", 1500))
    if shot.get("search"):
        box = page.locator(".o_searchview_input").first
        box.fill(shot["search"])
        box.press("Enter")
        page.wait_for_timeout(1500)
    for click in shot.get("click", []):
        while "{ref:" in click:
            start = click.index("{ref:")
            end = click.index("}", start)
            click = click[:start] + str(session.ref(click[start + 5:end])) + click[end + 1:]
        page.locator(click).first.click()
        page.wait_for_timeout(1500)
    if shot.get("zoom"):
        # zoomed out so that every column of a wide pipeline is in the picture
        page.evaluate("(zoom) => { document.body.style.zoom = zoom; }", str(shot["zoom"]))
        page.wait_for_timeout(800)
    if shot.get("scroll"):
        page.locator(shot["scroll"]).first.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(800)
    if shot.get("wait_after"):
        page.wait_for_selector(shot["wait_after"], timeout=30000)
        page.wait_for_timeout(1000)
    page.screenshot(path=str(path), full_page=False)
    print("wrote", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://localhost:8069")
    ap.add_argument("--db", default="sales_process_mgmt")
    ap.add_argument("--login", default="admin")
    ap.add_argument("--password", default="admin")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = [s for s in SHOTS if not args.only or s["name"] in args.only]
    langs = sorted({lang for s in shots for lang in s["langs"]}, key=lambda x: x != "en_US")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        try:
            session = Session(args.url, args.db, args.login, args.password)
            for lang in langs:
                session.set_lang(lang)
                ctx = browser.new_context(viewport={"width": 1440, "height": 900})
                page = ctx.new_page()
                page.goto(args.url + f"/web/login?db={args.db}")
                page.fill("input[name=login]", args.login)
                page.fill("input[name=password]", args.password)
                page.click("button[type=submit]")
                page.wait_for_url("**/odoo**", timeout=60000)
                for shot in shots:
                    if lang in shot["langs"]:
                        take(page, session, shot, out, lang)
                ctx.close()
                time.sleep(0.2)
        finally:
            Session(args.url, args.db, args.login, args.password).set_lang("en_US")
            browser.close()


if __name__ == "__main__":
    main()
