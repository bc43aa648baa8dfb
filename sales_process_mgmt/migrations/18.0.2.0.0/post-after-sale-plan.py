# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The after-sale plan's steps take their name and note from shipped, translated
activity types (new in 18.0.2.0.0) instead of English copies on the templates.

The plan data is ``noupdate``: templates the company left as shipped (same step
summary) are switched to their activity type; edited ones are left alone.
"""

from odoo import SUPERUSER_ID, api

STEPS = {
    "thanks": "Thank-you call",
    "usage": "Early usage check",
    "satisfaction": "Satisfaction check",
    "first_service": "First maintenance reminder",
    "service_12": "Annual maintenance reminder",
    "inspection": "Annual inspection reminder",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for step, summary in STEPS.items():
        template = env.ref(
            f"sales_process_mgmt.mail_activity_plan_after_sale_{step}", raise_if_not_found=False
        )
        activity_type = env.ref(
            f"sales_process_mgmt.mail_activity_type_after_sale_{step}", raise_if_not_found=False
        )
        if template and activity_type and template.summary == summary:
            template.write({"activity_type_id": activity_type.id, "summary": False, "note": False})
