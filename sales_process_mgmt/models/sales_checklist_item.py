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
        string="Type",
        required=True,
        default="manual",
        help="Ticked by a person: the salesperson ticks it. "
        "Checked automatically: done when the opportunity matches the condition. "
        "Approval: the team leader of the opportunity (or the members of the approver "
        "group) approves it.",
    )
    auto_domain = fields.Char(
        string="Condition",
        default="[]",
        help="The item is done when the opportunity matches this domain, "
        "for example [('phone', '!=', False)].",
    )
    fill_field_id = fields.Many2one(
        "ir.model.fields",
        string="Field to Fill",
        ondelete="set null",
        domain=[("model", "=", "crm.lead"), ("store", "=", True)],
        help="For an automatic item: the opportunity field the salesperson fills to "
        "complete it (the transition dialog offers a button to it).",
    )
    approver_group_id = fields.Many2one(
        "res.groups",
        help="Members of this group approve the item. Empty: the team leader of the "
        "opportunity approves it. Sales administrators may always approve.",
    )
    allow_na = fields.Boolean(
        string="N/A Allowed",
        help="The item may be marked not applicable, with a reason; it then counts as done.",
    )
    owner_mode = fields.Selection(
        [("salesperson", "Salesperson"), ("leader", "Team Leader"), ("user", "Named User")],
        string="Owner",
        required=True,
        default="salesperson",
        help="Who is expected to do the item: the opportunity's salesperson, its team "
        "leader, or a named user.",
    )
    owner_user_id = fields.Many2one("res.users", domain=[("share", "=", False)])
    due_days = fields.Integer(
        string="Due (days)",
        help="Days after the opportunity enters the stage by which the item should be done. 0: no due date.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "due_days_positive",
            "CHECK(due_days >= 0)",
            "The due delay of a checklist item cannot be negative.",
        ),
    ]

    @api.constrains("allow_na", "item_type", "owner_mode", "owner_user_id")
    def _check_guided_options(self):
        for item in self:
            if item.allow_na and item.item_type == "auto":
                raise ValidationError(
                    self.env._(
                        'The automatic checklist item "%(item)s" follows the opportunity; it cannot '
                        "be marked not applicable.",
                        item=item.name,
                    )
                )
            if item.owner_mode == "user" and not item.owner_user_id:
                raise ValidationError(
                    self.env._(
                        'Choose the owner of the checklist item "%(item)s", or let the salesperson own it.',
                        item=item.name,
                    )
                )

    @api.constrains("item_type", "auto_domain")
    def _check_auto_domain(self):
        Lead = self.env["crm.lead"]
        for item in self.filtered(lambda i: i.item_type == "auto"):
            try:
                domain = safe_eval(item.auto_domain or "[]")
                Lead.search_count(domain, limit=1)
            except Exception as e:
                raise ValidationError(
                    self.env._(
                        'The condition of checklist item "%(item)s" is not a valid domain on '
                        "opportunities (%(error)s). Write it like [('phone', '!=', False)].",
                        item=item.name,
                        error=e,
                    )
                ) from e
            if not domain:
                raise ValidationError(
                    self.env._(
                        'The automatic checklist item "%(item)s" needs a condition; '
                        "otherwise every opportunity would pass it.",
                        item=item.name,
                    )
                )

    def _spm_approvers(self, lead):
        """Users who may approve this item on ``lead``: the group's members, or the team
        leader; never the opportunity's own salesperson (unless a sales administrator)."""
        self.ensure_one()
        if self.approver_group_id:
            # sudo: the approvers are listed whatever groups the requester may read;
            # a group's users include those who have it through an implied group.
            users = self.approver_group_id.sudo().users
        else:
            users = lead.sudo().team_id.user_id
        users = users.filtered(
            lambda u: not u.share and u.active and (not lead.company_id or lead.company_id in u.company_ids)
        )
        return users - lead.user_id

    def _spm_owner(self, lead):
        self.ensure_one()
        if self.owner_mode == "leader":
            return lead.team_id.user_id
        if self.owner_mode == "user":
            return self.owner_user_id
        return lead.user_id

    def _get_auto_domain(self):
        self.ensure_one()
        return safe_eval(self.auto_domain or "[]")
