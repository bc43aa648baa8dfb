# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesAppraisalReset(models.TransientModel):
    """An administrator's reset to draft, with a reason: of appraisals, or of confirmed targets."""

    _name = "sales.appraisal.reset"
    _description = "Reset to Draft"

    reason = fields.Text(required=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.model
    def _action_open(self, records):
        """The window action opening this wizard for ``records`` (appraisals or targets).

        The caller has checked that the user may reset them (sales administrators only);
        this checks they may write them.
        """
        records.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reset to Draft"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": records.ids, "active_model": records._name},
        }

    def action_reset(self):
        self.ensure_one()
        model = self.env.context.get("active_model") or "sales.appraisal"
        if model not in ("sales.appraisal", "sales.target"):
            raise UserError(self.env._("Only appraisals and sales targets are reset to draft here."))
        records = self.env[model].browse(self.env.context.get("active_ids", [])).exists()
        records._reset_to_draft(self.reason)
        return {"type": "ir.actions.act_window_close"}
