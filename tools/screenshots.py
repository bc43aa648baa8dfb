"""Take the README's screenshots from a running Odoo (./run.sh) in headless Chromium.

usage: python tools/screenshots.py [--url http://localhost:8069] [--db sales_process_mgmt]
                                   [--out docs/screenshots] [--only NAME ...]
(on the demo database of ./run.sh: it needs the demo's users)

Needs the Python package ``playwright`` in an environment of its own (it requires a
newer greenlet than Odoo's pin, so not in Odoo's venv), Debian's ``chromium`` (nothing
is downloaded) and a CJK font (Debian's ``fonts-wqy-microhei``), without which the
Chinese shots show empty boxes. Logs in as the demo user each shot names (the
salesperson, the team leader or the administrator; passwords equal logins), switches
that user's language through JSON-RPC and captures each page of SHOTS in English
(``*_en.png``), Simplified Chinese (``*_zh_CN.png``) and, where asked, Traditional
Chinese; each user's language is restored afterwards.
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
# (the page's zoom factor, to fit wide views), "viewport" (a wider window for the shot),
# "prepare" ([(model, method, domain, *args)]: the method is called on the records
# found before the page opens; "ref:xml.id" values stand for record ids) and
# "{ref:xml.id}" in a click selector (the record's id), "scroll" (a selector
# scrolled to the top), "wait_after" (a selector waited for after the clicks), "wait"
# (the selector that says the page is there) and "settle" (ms to let its data load).
BOTH = ["en_US", "zh_CN"]
VIEWPORT = {"width": 1440, "height": 900}
# Who takes each shot ("as": a login of the demo, see the README): the demo's dealership
# is Jinhai Motors; its Showroom team is led by zhouming, with the salespeople lina,
# wanglei and emma. The administrator works in the dealership's company for the shots.
LEADER, LINA, EMMA, ADMIN = "zhouming", "lina", "emma", "admin"
DEALER = "sales_process_mgmt.res_company_dealer_demo"
SHOTS = [
    {"name": "apps", "as": ADMIN, "path": "/odoo/apps", "search": "Sales Process", "langs": BOTH},
    {
        "name": "crm_menu",
        "as": LINA,
        "path": "/odoo/crm",
        "langs": BOTH,
        "click": ['[data-menu-xmlid="sales_process_mgmt.menu_spm_showroom"]'],
    },
    # The leader's Team Pipeline: the process's columns only.
    {
        "name": "pipeline",
        "as": LEADER,
        "langs": BOTH + ["zh_TW"],
        "zoom": 0.5,
        "path": "/odoo/action-sales_process_mgmt.crm_lead_action_team_pipeline",
    },
    {
        "name": "checklist",
        "as": EMMA,
        "langs": BOTH,
        "ref": "sales_process_mgmt.crm_lead_showroom_liu_demo",
        "path": "/odoo/crm/{ref}",
        "click": ['.o_notebook a.nav-link[name="spm_checklist"]'],
        "scroll": ".o_notebook",
    },
    {
        "name": "visit",
        "as": LINA,
        "langs": BOTH,
        "path": "/odoo/action-sales_process_mgmt.sales_visit_action/{id}",
        "find": ("sales.visit", [("counts_as_group", "=", True), ("lead_id", "!=", False)]),
    },
    {
        "name": "a_card",
        "as": LINA,
        "langs": BOTH,
        "path": "/odoo/action-sales_process_mgmt.crm_lead_action_a_cards/{id}",
        "find": (
            "crm.lead",
            [
                ("is_a_card", "=", True),
                ("type", "=", "opportunity"),
                ("is_a_card_held", "=", True),
                ("stage_id.sequence", ">=", 40),
            ],
        ),
    },
    {
        "name": "test_drive",
        "as": LINA,
        "langs": BOTH + ["zh_TW"],
        "ref": "sales_process_mgmt.test_drive_1_demo",
        "path": "/odoo/action-sales_process_mgmt.sales_test_drive_action/{ref}",
    },
    {
        "name": "defeat_analysis",
        "as": LEADER,
        "langs": BOTH + ["zh_TW"],
        "path": "/odoo/action-sales_process_mgmt.sales_defeat_analysis_action",
        "click": [".o_switch_view.o_pivot"],
    },
    {
        "name": "daily_report",
        "as": LEADER,
        "langs": BOTH,
        # the whole month on the floor, not only this calendar month (the default filter)
        "path": "/odoo/action-sales_process_mgmt.sales_daily_report_action",
        "click": [".o_searchview_facet .o_facet_remove", ".o_switch_view.o_graph"],
    },
    # the pivot with the rates (archive, test-drive, closing, defeat), per salesperson
    {
        "name": "daily_report_rates",
        "as": LEADER,
        "langs": BOTH + ["zh_TW"],
        "zoom": 0.6,
        "path": "/odoo/action-sales_process_mgmt.sales_daily_report_action",
        "click": [
            ".o_searchview_facet .o_facet_remove",
            ".o_switch_view.o_pivot",
            ".o_pivot_header_cell_opened",
        ],
    },
    # a salesperson's own rows: their figures and their targets' share, per model
    {
        "name": "daily_report_salesperson",
        "as": LINA,
        "langs": BOTH,
        "zoom": 0.6,
        "path": "/odoo/action-sales_process_mgmt.sales_daily_report_action",
        "click": [
            ".o_searchview_facet .o_facet_remove",
            ".o_switch_view.o_pivot",
            ".o_pivot_header_cell_opened",
        ],
    },
    {
        "name": "appraisal",
        "as": EMMA,
        "langs": BOTH,
        "ref": "sales_process_mgmt.sales_appraisal_demo_previous_demo",
        "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action/{ref}",
    },
    {
        "name": "appraisal_not_assessable",
        "as": LEADER,
        "langs": BOTH,
        "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action/{id}",
        "find": ("sales.appraisal", [("unassessable_count", ">", 0), ("user_id.login", "!=", "admin")]),
    },
    {
        "name": "appraisal_resolve",
        "as": LEADER,
        "langs": BOTH,
        "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action/{id}",
        "find": ("sales.appraisal", [("unassessable_count", ">", 0), ("user_id.login", "!=", "admin")]),
        "click": ['.o_data_row.text-warning button[name="action_resolve"]'],
    },
    {
        "name": "team_comparison",
        "as": LEADER,
        "langs": BOTH,
        "path": "/odoo/action-sales_process_mgmt.sales_appraisal_action_analysis",
        "click": [".o_switch_view.o_graph"],
    },
    {
        "name": "stage_guidance",
        "as": LINA,
        "langs": BOTH,
        "ref": "sales_process_mgmt.crm_lead_showroom_sun_demo",
        "path": "/odoo/crm/{ref}",
    },
    {
        "name": "approval_request",
        "as": LEADER,
        "langs": BOTH,
        "ref": "sales_process_mgmt.crm_lead_showroom_sun_demo",
        "path": "/odoo/crm/{ref}",
        # the salesperson (lina) asks; the team leader sees the request
        "prepare_as": LINA,
        "prepare": [
            (
                "sales.checklist.line",
                "action_spm_request_approval",
                [
                    ("item_id", "=", "ref:sales_process_mgmt.item_showroom_closing_concession"),
                    ("lead_id", "=", "ref:sales_process_mgmt.crm_lead_showroom_sun_demo"),
                    ("approval_state", "=", False),
                ],
            ),
        ],
        "click": ['.o_notebook a.nav-link[name="spm_checklist"]'],
        "scroll": ".o_notebook",
    },
    {
        "name": "transition_dialog",
        "as": LINA,
        "langs": BOTH,
        "ref": "sales_process_mgmt.crm_lead_showroom_sun_demo",
        "path": "/odoo/crm/{ref}",
        "wait_after": ".modal .o_spm_transition",
        "click": [
            '.o_statusbar_status button[data-value="{ref:sales_process_mgmt.stage_showroom_delivery}"]'
        ],
    },
    {
        "name": "targets",
        "as": ADMIN,
        "langs": ["en_US"],
        "path": "/odoo/action-sales_process_mgmt.sales_target_action",
        "click": [".o_group_header"],
    },
    {"name": "workbook", "as": LEADER, "langs": BOTH, "xlsx": ("sales.appraisal", [])},
    {
        "name": "forecast",
        "as": LEADER,
        "langs": BOTH + ["zh_TW"],
        # the three months and the total side by side
        "viewport": {"width": 2100, "height": 900},
        "path": "/odoo/action-sales_process_mgmt.sales_forecast_report_action",
    },
    # the director's dashboard (spreadsheet_dashboard), its pivots rendered in the user's language
    {
        "name": "dashboard",
        "as": LEADER,
        "langs": BOTH + ["zh_TW"],
        # wide and tall enough for the whole sheet (the charts at its right, the tables below)
        "viewport": {"width": 2000, "height": 2250},
        "zoom": 0.8,
        "ref": "sales_process_mgmt.spreadsheet_dashboard_sales_process",
        "path": "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action?dashboard_id={ref}",
        "wait": ".o_spreadsheet_dashboard_action",
        "wait_after": ".o-spreadsheet",
        "settle": 6000,
    },
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
        self.company_ids = None  # None: the user's default company
        self.resolver = None  # the session that reads xml ids (the administrator's)

    def call(self, model, method, *args, **kwargs):
        if self.company_ids:
            kwargs["context"] = {"allowed_company_ids": self.company_ids, **kwargs.get("context", {})}
        return rpc(
            self.url,
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
            cookie=self.cookie,
        )[0]

    def set_lang(self, lang):
        self.call("res.users", "write", [self.uid], {"lang": lang})

    def ref(self, xmlid):
        # xml ids are read by the administrator: a salesperson may not read ir.model.data
        module, name = xmlid.split(".")
        rows = (self.resolver or self).call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
        )
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


def take(page, sessions, shot, out, lang):
    session = sessions[shot["as"]]
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

    preparer = sessions[shot.get("prepare_as", shot["as"])] if shot.get("prepare") else None
    for model, method, domain, *args in shot.get("prepare", []):
        ids = preparer.call(model, "search", [(f, op, deref(v)) for f, op, v in domain])
        if ids:
            preparer.call(model, method, ids, *[deref(arg) for arg in args])
    if shot.get("viewport"):
        page.set_viewport_size(shot["viewport"])
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
            click = click[:start] + str(session.ref(click[start + 5 : end])) + click[end + 1 :]
        page.locator(click).first.click()
        page.wait_for_timeout(1500)
    # the pointer off the buttons it clicked (no tooltip in the picture)
    page.mouse.move(page.viewport_size["width"] // 2, page.viewport_size["height"] - 5)
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
    if shot.get("viewport"):
        page.set_viewport_size(VIEWPORT)
    print("wrote", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://localhost:8069")
    ap.add_argument("--db", default="sales_process_mgmt")
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = [s for s in SHOTS if not args.only or s["name"] in args.only]
    logins = sorted({s["as"] for s in shots} | {s["prepare_as"] for s in shots if s.get("prepare_as")})
    # the demo users' passwords are their logins
    sessions = {login: Session(args.url, args.db, login, login) for login in logins}
    langs_before = {
        login: session.call("res.users", "read", [session.uid], ["lang"])[0]["lang"]
        for login, session in sessions.items()
    }
    resolver = sessions.get(ADMIN) or Session(args.url, args.db, ADMIN, ADMIN)
    for session in sessions.values():
        session.resolver = resolver
    if ADMIN in sessions:
        sessions[ADMIN].company_ids = [resolver.ref(DEALER)]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        try:
            for login in logins:
                session = sessions[login]
                mine = [s for s in shots if s["as"] == login]
                langs = sorted({lang for s in mine for lang in s["langs"]}, key=lambda x: x != "en_US")
                for lang in langs:
                    session.set_lang(lang)
                    ctx = browser.new_context(viewport=VIEWPORT)
                    if session.company_ids:
                        # the web client's company switcher: work in the dealership
                        ctx.add_cookies(
                            [
                                {
                                    "name": "cids",
                                    "value": "-".join(map(str, session.company_ids)),
                                    "url": args.url,
                                }
                            ]
                        )
                    page = ctx.new_page()
                    page.goto(args.url + f"/web/login?db={args.db}")
                    page.fill("input[name=login]", login)
                    page.fill("input[name=password]", login)
                    page.click("button[type=submit]")
                    page.wait_for_url("**/odoo**", timeout=60000)
                    for shot in mine:
                        if lang in shot["langs"]:
                            take(page, sessions, shot, out, lang)
                    ctx.close()
                    time.sleep(0.2)
        finally:
            for login, session in sessions.items():
                session.set_lang(langs_before[login])
            browser.close()


if __name__ == "__main__":
    main()
