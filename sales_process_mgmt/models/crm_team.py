# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    process_id = fields.Many2one(
        "sales.process", string="Sales Process", index=True, tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="The team's pipeline shows the stages of this process, and their checklists "
        "gate the opportunities. Leave empty to keep Odoo's usual stages.",
    )
