# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_key_account = fields.Boolean(
        "Key Account",
        help="A customer the salesperson must visit regularly; counted by the key-account "
        "visit completion KPI.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("is_key_account") for vals in vals_list):
            self._spm_check_key_accounts_manager()
        return super().create(vals_list)

    def write(self, vals):
        if "is_key_account" in vals and self.filtered(
            lambda partner: partner.is_key_account != bool(vals["is_key_account"])
        ):
            self._spm_check_key_accounts_manager()
        if "user_id" in vals and self.filtered(
            lambda partner: partner.is_key_account and partner.user_id.id != (vals["user_id"] or False)
        ):
            self._spm_check_key_accounts_manager()
        return super().write(vals)

    def _spm_check_key_accounts_manager(self):
        """Which customers are key accounts, and whose, is decided by team leaders and
        sales administrators: the key-account visit KPI divides by them."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            return
        raise AccessError(
            self.env._(
                "Key accounts and their salesperson are set by a team leader or a sales "
                "administrator: they count in the key-account visit KPI."
            )
        )
