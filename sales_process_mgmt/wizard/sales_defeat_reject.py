# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class SalesDefeatReject(models.TransientModel):
    """The comment of a rejected defeat request."""

    _name = "sales.defeat.reject"
    _description = "Reject a Defeat Request"

    request_ids = fields.Many2many("sales.defeat.request", string="Defeat Requests", required=True)
    comment = fields.Text(required=True, help="Why the card is not lost: what to try next with the customer.")

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        # only a reviewer of every request opens the dialog
        wizards.request_ids._spm_check_review()
        return wizards

    def action_confirm(self):
        self.ensure_one()
        self.request_ids._spm_reject(self.comment)
        return {"type": "ir.actions.act_window_close"}
