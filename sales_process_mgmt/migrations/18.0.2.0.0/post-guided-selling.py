# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Guided selling on an upgraded database.

The shipped stages and items are ``noupdate`` records: an upgrade skips the new
``data/crm_stage_guidance_data.xml`` for them. Load it once here, then put back
the item descriptions a customer had written (only empty ones are filled).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.convert import convert_file


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    langs = [code for code, _name in env["res.lang"].get_installed()]
    items = env["sales.checklist.item"].with_context(active_test=False).search([("description", "!=", False)])
    kept = {lang: {item.id: item.with_context(lang=lang).description for item in items} for lang in langs}
    convert_file(
        env, "sales_process_mgmt", "data/crm_stage_guidance_data.xml", {}, mode="init", noupdate=True
    )
    for lang, descriptions in kept.items():
        for item in items.with_context(lang=lang):
            if item.description != descriptions[item.id]:
                item.description = descriptions[item.id]
