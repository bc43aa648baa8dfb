# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval


class SalesChecklistItem(models.Model):
    """A self-check point of a stage: what must be done before moving on."""

    _name = "sales.checklist.item"
    _description = "Checklist Item"
    _order = "stage_id, sequence, id"

    def _default_approver_group(self):
        return self.env.ref("sales_team.group_sale_manager", raise_if_not_found=False)

    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", index=True)
    process_id = fields.Many2one(related="stage_id.process_id", store=True, index=True)
    company_id = fields.Many2one(related="process_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    required = fields.Boolean(
        default=True,
        help="A required item must be done before the opportunity may move past its stage.",
    )
    item_type = fields.Selection(
        [
            ("manual", "Ticked by a person"),
            ("auto", "Checked automatically"),
            ("approval", "Approval"),
        ],
        string="Type", required=True, default="manual",
        help="Ticked by a person: the salesperson ticks it. "
        "Checked automatically: done when the opportunity matches the condition. "
        "Approval: only members of the approver group may tick it.",
    )
    auto_domain = fields.Char(
        string="Condition", default="[]",
        help="The item is done when the opportunity matches this domain, "
        "for example [('phone', '!=', False)].",
    )
    approver_group_id = fields.Many2one(
        "res.groups", default=_default_approver_group,
        help="Members of this group may tick the item.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("item_type", "auto_domain")
    def _check_auto_domain(self):
        Lead = self.env["crm.lead"]
        for item in self.filtered(lambda i: i.item_type == "auto"):
            try:
                domain = safe_eval(item.auto_domain or "[]")
                Lead.search_count(domain, limit=1)
            except Exception as e:
                raise ValidationError(self.env._(
                    "The condition of checklist item \"%(item)s\" is not a valid domain on "
                    "opportunities (%(error)s). Write it like [('phone', '!=', False)].",
                    item=item.name, error=e,
                )) from e
            if not domain:
                raise ValidationError(self.env._(
                    "The automatic checklist item \"%(item)s\" needs a condition; "
                    "otherwise every opportunity would pass it.",
                    item=item.name,
                ))

    def _get_auto_domain(self):
        self.ensure_one()
        return safe_eval(self.auto_domain or "[]")
