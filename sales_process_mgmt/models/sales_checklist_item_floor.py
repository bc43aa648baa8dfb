# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SalesChecklistItem(models.Model):
    _inherit = "sales.checklist.item"

    test_drive_check = fields.Selection(
        [("done", "When a test drive is done"), ("feedback", "When a done test drive has feedback")],
        string="Ticked by Test Drives",
        help="A test drive of the opportunity ticks this item: when it is marked done, or "
        "once a done test drive has the customer's feedback score.",
    )
