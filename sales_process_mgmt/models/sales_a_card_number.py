# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL


class SalesACardNumber(models.Model):
    """The normalised phone numbers of held A cards, one row per number.

    Written by crm.lead's phone rule only (``_check_a_card_phone_unique``): its
    unique index makes PostgreSQL refuse a second held card with the same number
    in the same company, also when two users save one at the same moment.
    """

    _name = "sales.a.card.number"
    _description = "Phone Number of a Held A Card"
    _order = "number, id"
    _rec_name = "number"

    lead_id = fields.Many2one("crm.lead", string="A Card", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", index=True, ondelete="cascade")
    number = fields.Char(required=True, help="The number in E.164 format.")

    def init(self):
        # COALESCE: cards without a company share one namespace.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS sales_a_card_number_company_number_uniq "
                "ON sales_a_card_number (COALESCE(company_id, 0), number)"
            )
        )

    @api.model
    def _spm_rebuild(self):
        """Rebuild the table from the held cards (install and upgrade)."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        self.sudo().search([]).unlink()
        leads = Lead.search(Lead._spm_held_domain(), order="a_card_date, id")
        # oldest card first: on an older database two held cards may share a number;
        # the rule then keeps the older one's row and reports the newer ones.
        vals_list, seen, clashes = [], set(), Lead.browse()
        for lead in leads:
            for number in sorted(lead._spm_a_card_numbers()):
                key = (lead.company_id.id, number)
                if key in seen:
                    clashes |= lead
                    continue
                seen.add(key)
                vals_list.append({"lead_id": lead.id, "company_id": lead.company_id.id, "number": number})
        self.sudo().create(vals_list)
        return clashes
