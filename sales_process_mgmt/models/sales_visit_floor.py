# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class SalesVisit(models.Model):
    _inherit = "sales.visit"

    test_drive_ids = fields.One2many("sales.test.drive", "visit_id", string="Test Drives")

    def action_spm_book_test_drive(self):
        """Open a new test drive prefilled from the visit: its A card, customer, model
        and salesperson."""
        self.ensure_one()
        if not self.lead_id:
            raise UserError(
                self.env._(
                    "Create or link the visitor's A card first: a test drive belongs to an opportunity."
                )
            )
        return self.env["sales.test.drive"]._spm_new_test_drive_action(
            {
                "default_lead_id": self.lead_id.id,
                "default_visit_id": self.id,
                "default_partner_id": (self.partner_id or self.lead_id.partner_id).id,
                "default_user_id": self.user_id.id or self.env.uid,
                "default_team_id": self.team_id.id,
                "default_product_tmpl_id": (self.intended_model_id or self.lead_id.intended_model_id).id,
            }
        )
