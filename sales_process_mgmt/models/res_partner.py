# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_key_account = fields.Boolean(
        "Key Account",
        help="A customer the salesperson must visit regularly; counted by the key-account "
        "visit completion KPI.",
    )
