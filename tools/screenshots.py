"""Take the README's screenshots from a running Odoo (./run.sh) in headless Chromium.

usage: python tools/screenshots.py [--url http://localhost:8069] [--db sales_process_mgmt]
                                   [--out docs/screenshots] [--only NAME ...]

Needs the Python package ``playwright`` (the browser is Debian's ``chromium``;
nothing is downloaded). Logs in as admin, switches the user's language through
JSON-RPC and captures each page of SHOTS in English (``*_en.png``), Simplified
Chinese (``*_zh_CN.png``) and, where asked, Traditional Chinese.
"""

import argparse
import json
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]

# name, path (after /odoo), optional steps, languages
SHOTS = [
    {"name": "apps", "path": "/odoo/apps", "search": "Sales Process", "langs": ["en_US", "zh_CN"]},
    {"name": "crm_menu", "path": "/odoo/crm", "langs": ["en_US", "zh_CN"]},
]


def rpc(url, path, params, cookie=None):
    req = urllib.request.Request(
        url + path,
        data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode(),
        headers={"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 - local Odoo only
        body = json.loads(resp.read())
        if body.get("error"):
            raise RuntimeError(body["error"])
        return body["result"], resp.headers.get("Set-Cookie")


def set_lang(url, db, login, password, lang):
    res, cookie = rpc(url, "/web/session/authenticate", {"db": db, "login": login, "password": password})
    uid = res["uid"]
    rpc(url, "/web/dataset/call_kw", {
        "model": "res.users", "method": "write", "args": [[uid], {"lang": lang}], "kwargs": {},
    }, cookie=cookie.split(";")[0])


def take(page, url, shot, out, lang):
    page.goto(url + shot["path"], wait_until="domcontentloaded")
    page.wait_for_selector(shot.get("wait", ".o_action_manager .o_view_controller"), timeout=60000)
    page.wait_for_timeout(1500)
    if shot.get("search"):
        box = page.locator(".o_searchview_input").first
        box.fill(shot["search"])
        box.press("Enter")
        page.wait_for_timeout(1500)
    if shot.get("open_menu"):
        page.locator(".o_menu_sections button, .o_menu_sections a").filter(has_text=shot["menu_label"][lang]).first.click()
        page.wait_for_timeout(800)
    for click in shot.get("clicks", []):
        page.locator(click).first.click()
        page.wait_for_timeout(1000)
    suffix = "en" if lang == "en_US" else lang
    path = out / f"{shot['name']}_{suffix}.png"
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
            for lang in langs:
                set_lang(args.url, args.db, args.login, args.password, lang)
                ctx = browser.new_context(viewport={"width": 1440, "height": 900})
                page = ctx.new_page()
                page.goto(args.url + f"/web/login?db={args.db}")
                page.fill("input[name=login]", args.login)
                page.fill("input[name=password]", args.password)
                page.click("button[type=submit]")
                page.wait_for_url("**/odoo**", timeout=60000)
                for shot in shots:
                    if lang in shot["langs"]:
                        take(page, args.url, shot, out, lang)
                ctx.close()
                time.sleep(0.2)
        finally:
            set_lang(args.url, args.db, args.login, args.password, "en_US")
            browser.close()


if __name__ == "__main__":
    main()
