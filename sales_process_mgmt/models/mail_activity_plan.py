# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MailActivityPlan(models.Model):
    _inherit = "mail.activity.plan"

    # Odoo stores a plan's name in one language; the shipped after-sale plan is
    # chosen by salespeople reading English, Simplified or Traditional Chinese.
    name = fields.Char(translate=True)
