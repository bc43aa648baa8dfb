# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesAppraisalReset(models.TransientModel):
    _name = "sales.appraisal.reset"
    _description = "Reset Appraisals to Draft"

    reason = fields.Text(required=True)

    def action_reset(self):
        self.ensure_one()
        appraisals = self.env["sales.appraisal"].browse(self.env.context.get("active_ids", []))
        appraisals._reset_to_draft(self.reason)
        return {"type": "ir.actions.act_window_close"}
