# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class SalesChecklistLine(models.Model):
    """The state of one checklist item for one opportunity.

    Lines are made when an opportunity enters a stage, for the items of that
    stage only: storage grows with the work done, not with the process size.
    """

    _name = "sales.checklist.line"
    _description = "Checklist Line"
    _order = "item_id"
    _check_company_auto = True

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    item_id = fields.Many2one("sales.checklist.item", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one(related="item_id.stage_id", store=True, index=True, string="Stage")
    item_type = fields.Selection(related="item_id.item_type")
    required = fields.Boolean(related="item_id.required")
    description = fields.Text(related="item_id.description")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    done = fields.Boolean(default=False)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    done_date = fields.Datetime(string="Done On", readonly=True)
    note = fields.Char()
    can_tick = fields.Boolean(compute="_compute_can_tick")
    is_current_stage = fields.Boolean(compute="_compute_is_current_stage")

    _sql_constraints = [
        ("lead_item_uniq", "unique(lead_id, item_id)", "An item appears once per opportunity."),
    ]

    @api.depends("item_id.item_type", "item_id.approver_group_id")
    @api.depends_context("uid")
    def _compute_can_tick(self):
        user = self.env.user
        for line in self:
            item = line.item_id
            if item.item_type == "auto":
                line.can_tick = False
            elif item.item_type == "approval":
                # groups_id holds implied groups too in Odoo 18
                line.can_tick = not item.approver_group_id or item.approver_group_id in user.groups_id
            else:
                line.can_tick = True

    @api.depends("lead_id.stage_id", "stage_id")
    def _compute_is_current_stage(self):
        for line in self:
            line.is_current_stage = line.stage_id == line.lead_id.stage_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if not self.env.su:
            protected = set(vals) - {"done", "note"}
            if protected and not self.env.user.has_group("sales_team.group_sale_manager"):
                raise UserError(self.env._(
                    "Only the checklist tick and its note can be changed on an opportunity's "
                    "checklist. Change the items themselves in the sales process configuration."
                ))
        if "done" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda line: line.done != bool(vals["done"]))
        if not self.env.su:
            changed._check_tick_rights()
        if vals["done"]:
            vals = {"done_user_id": self.env.uid, "done_date": fields.Datetime.now(), **vals}
        else:
            vals = dict(vals, done_user_id=False, done_date=False)
        unchanged = self - changed
        res = True
        if unchanged:
            # Keep who ticked it and when: ticking an already done item changes nothing.
            other = {k: v for k, v in vals.items() if k not in ("done", "done_user_id", "done_date")}
            if other:
                res = super(SalesChecklistLine, unchanged).write(other)
        if changed:
            res = super(SalesChecklistLine, changed).write(vals)
            if not vals["done"]:
                # Automatic items follow the opportunity: only a person's untick is news.
                changed.filtered(lambda line: line.item_id.item_type != "auto")._log_untick()
        return res

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _check_tick_rights(self):
        for line in self:
            if line.item_id.item_type == "auto":
                raise UserError(self.env._(
                    "\"%(item)s\" is checked automatically; complete the opportunity instead "
                    "of ticking it.",
                    item=line.item_id.name,
                ))
            if line.item_id.item_type == "approval" and not line.can_tick:
                raise AccessError(self.env._(
                    "\"%(item)s\" is an approval: only members of \"%(group)s\" may tick or "
                    "untick it. Ask your sales manager.",
                    item=line.item_id.name, group=line.item_id.approver_group_id.full_name,
                ))

    def _log_untick(self):
        for lead, lines in self.grouped("lead_id").items():
            lead.message_post(
                body=Markup("%s<ul>%s</ul>") % (
                    self.env._("Checklist item unticked:"),
                    Markup().join(Markup("<li>%s</li>") % name for name in lines.item_id.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
