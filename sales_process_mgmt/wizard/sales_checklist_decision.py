# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesChecklistDecision(models.TransientModel):
    """Approve or reject an approval item, or mark an item not applicable, with a comment."""

    _name = "sales.checklist.decision"
    _inherit = ["sales.app.fields.mixin"]
    _description = "Checklist Decision"
    # the line decided on is set when the dialog opens (create checks the user may act on it)
    _spm_app_fields = frozenset({"line_id", "transition_id"})

    line_id = fields.Many2one("sales.checklist.line", required=True, ondelete="cascade", readonly=True)
    item_id = fields.Many2one(related="line_id.item_id", string="Item")
    lead_id = fields.Many2one(related="line_id.lead_id", string="Opportunity")
    mode = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject"), ("na", "Not Applicable")],
        required=True,
        readonly=True,
    )
    comment = fields.Text()
    transition_id = fields.Many2one("sales.stage.transition", ondelete="cascade", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        decisions = super().create(vals_list)
        for decision in decisions:
            # The related fields read as superuser: only for lines the user may act on.
            decision.line_id.check_access("write")
        return decisions

    def write(self, vals):
        self._spm_check_app_fields(vals)
        return super().write(vals)

    def action_confirm(self):
        self.ensure_one()
        self.line_id._spm_decide(self.mode, self.comment)
        if self.transition_id:
            return self.transition_id._spm_move_or_reopen()
        return True
