# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesChecklistItem(models.Model):
    _inherit = "sales.checklist.item"

    test_drive_check = fields.Selection(
        [("done", "When a test drive is done"), ("feedback", "When a done test drive has feedback")],
        string="Ticked by Test Drives",
        help="A test drive of the opportunity ticks this item: when it is marked done, or "
        "once a done test drive has the customer's feedback score.",
    )

    @api.constrains("test_drive_check", "item_type")
    def _check_test_drive_check(self):
        for item in self:
            if item.test_drive_check and item.item_type == "auto":
                raise ValidationError(
                    self.env._(
                        'The automatic checklist item "%(item)s" follows its condition: a test drive '
                        "cannot tick it.",
                        item=item.name,
                    )
                )
