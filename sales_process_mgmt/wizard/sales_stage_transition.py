# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

# Opportunity fields the dialog lets the salesperson fill in place; any other
# required field is named with a button to the opportunity.
DIALOG_FIELDS = (
    "partner_id",
    "contact_name",
    "phone",
    "email_from",
    "intended_model_id",
    "intent_level",
    "expected_revenue",
    "date_deadline",
)


class SalesStageTransition(models.TransientModel):
    """The transition dialog: what a move of one opportunity still needs."""

    _name = "sales.stage.transition"
    _inherit = ["sales.app.fields.mixin"]
    _description = "Stage Transition"
    # What the dialog moves is set when it opens (create checks the user may move it):
    # changed afterwards, the related fields would read another opportunity as superuser.
    _spm_app_fields = frozenset({"lead_id", "stage_from_id", "stage_to_id", "won"})

    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", required=True, ondelete="cascade", readonly=True
    )
    stage_from_id = fields.Many2one("crm.stage", string="From", readonly=True)
    stage_to_id = fields.Many2one("crm.stage", string="To", required=True, readonly=True)
    won = fields.Boolean(readonly=True, help="The move is the Won button's.")
    line_ids = fields.One2many("sales.stage.transition.line", "transition_id", string="Items To Do")
    open_count = fields.Integer(compute="_compute_needs")
    missing_field_names = fields.Char(string="Fields To Fill", compute="_compute_needs")
    other_field_names = fields.Char(compute="_compute_needs")
    need_partner_id = fields.Boolean(compute="_compute_needs")
    need_contact_name = fields.Boolean(compute="_compute_needs")
    need_phone = fields.Boolean(compute="_compute_needs")
    need_email_from = fields.Boolean(compute="_compute_needs")
    need_intended_model_id = fields.Boolean(compute="_compute_needs")
    need_intent_level = fields.Boolean(compute="_compute_needs")
    need_expected_revenue = fields.Boolean(compute="_compute_needs")
    need_date_deadline = fields.Boolean(compute="_compute_needs")
    # The opportunity's fields, written through with the user's rights.
    partner_id = fields.Many2one(related="lead_id.partner_id", readonly=False)
    contact_name = fields.Char(related="lead_id.contact_name", readonly=False)
    phone = fields.Char(related="lead_id.phone", readonly=False)
    email_from = fields.Char(related="lead_id.email_from", readonly=False)
    intended_model_id = fields.Many2one(related="lead_id.intended_model_id", readonly=False)
    intent_level = fields.Selection(related="lead_id.intent_level", readonly=False)
    company_currency = fields.Many2one(related="lead_id.company_currency")
    expected_revenue = fields.Monetary(
        related="lead_id.expected_revenue", readonly=False, currency_field="company_currency"
    )
    date_deadline = fields.Date(related="lead_id.date_deadline", readonly=False)

    @api.model_create_multi
    def create(self, vals_list):
        transitions = super().create(vals_list)
        for transition in transitions:
            # Only for opportunities the user may move: the related fields read as superuser.
            transition.lead_id.check_access("write")
        transitions._spm_make_lines()
        return transitions

    def write(self, vals):
        self._spm_check_app_fields(vals)
        return super().write(vals)

    def _spm_open_items(self):
        self.ensure_one()
        lead = self.lead_id
        return lead._spm_open_items({lead: (self.stage_from_id, self.stage_to_id)}).get(
            lead, self.env["sales.checklist.item"]
        )

    def _spm_needed_fields(self):
        """Fields (ir.model.fields) still to fill: the target's required ones, then the
        fields of open automatic items."""
        self.ensure_one()
        needed = self.lead_id._spm_missing_required_fields(self.stage_to_id)
        for item in self._spm_open_items().filtered(lambda i: i.item_type == "auto"):
            field = item.sudo().fill_field_id
            if field and field.name in self.lead_id._fields and not self.lead_id[field.name]:
                needed |= field
        return needed

    @api.depends("lead_id", "stage_to_id", "line_ids")
    def _compute_needs(self):
        for transition in self:
            needed = transition._spm_needed_fields() if transition.lead_id else self.env["ir.model.fields"]
            names = set(needed.mapped("name"))
            transition.open_count = len(transition._spm_open_items()) if transition.lead_id else 0
            transition.missing_field_names = format_list(self.env, needed.mapped("field_description"))
            transition.other_field_names = format_list(
                self.env, needed.filtered(lambda f: f.name not in DIALOG_FIELDS).mapped("field_description")
            )
            for fname in DIALOG_FIELDS:
                transition[f"need_{fname}"] = fname in names

    def _spm_make_lines(self):
        """One dialog line per open item; the checklist line is made when the move
        passes a stage the opportunity never entered."""
        Line = self.env["sales.checklist.line"]
        for transition in self:
            items = transition._spm_open_items()
            lead = transition.lead_id
            # sudo: the lines of a lead are made by the application (the user cannot create them)
            existing = Line.sudo().search([("lead_id", "=", lead.id), ("item_id", "in", items.ids)])
            missing = items - existing.item_id
            if missing:
                existing |= Line.sudo().create([{"lead_id": lead.id, "item_id": item.id} for item in missing])
            by_item = {line.item_id: line for line in existing}
            self.env["sales.stage.transition.line"].create(
                [
                    {
                        "transition_id": transition.id,
                        "checklist_line_id": by_item[item].id,
                        "sequence": index,
                    }
                    for index, item in enumerate(items)
                ]
            )

    def _spm_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Move to %(stage)s", stage=self.stage_to_id.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def _spm_move_or_reopen(self):
        """Complete the move when nothing is left to do, else show the dialog again."""
        self.ensure_one()
        self.invalidate_recordset()
        self.line_ids.invalidate_recordset()
        if self._spm_open_items() or self._spm_needed_fields():
            return self._spm_action()
        return self.action_confirm()

    def action_confirm(self):
        """Move through the gate, with the user's rights."""
        self.ensure_one()
        lead = self.lead_id
        needed = self._spm_needed_fields()
        open_items = self._spm_open_items()
        if needed or open_items:
            parts = []
            if open_items:
                parts.append(
                    self.env._(
                        "open items: %(items)s", items=format_list(self.env, open_items.mapped("name"))
                    )
                )
            if needed:
                parts.append(
                    self.env._(
                        "fields to fill: %(fields)s",
                        fields=format_list(self.env, needed.mapped("field_description")),
                    )
                )
            raise UserError(
                self.env._(
                    '"%(lead)s" cannot move to "%(stage)s" yet: %(what)s.',
                    lead=lead.name,
                    stage=self.stage_to_id.name,
                    what="; ".join(parts),
                )
            )
        if self.won:
            lead.action_set_won()
        elif lead.stage_id != self.stage_to_id:
            lead.write({"stage_id": self.stage_to_id.id})
        return {"type": "ir.actions.act_window_close", "infos": {"spm_moved": True}}

    def action_open_lead(self):
        """For a required field the dialog cannot show: the opportunity's form."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }


class SalesStageTransitionLine(models.TransientModel):
    _name = "sales.stage.transition.line"
    _inherit = ["sales.app.fields.mixin"]
    _description = "Stage Transition Item"
    # set by the dialog when it lists the checklist (see create)
    _spm_app_fields = frozenset({"transition_id", "checklist_line_id"})
    _order = "sequence, id"

    transition_id = fields.Many2one("sales.stage.transition", required=True, ondelete="cascade")
    sequence = fields.Integer()
    checklist_line_id = fields.Many2one(
        "sales.checklist.line", required=True, ondelete="cascade", readonly=True
    )
    item_id = fields.Many2one(related="checklist_line_id.item_id", string="Item")
    stage_id = fields.Many2one(related="checklist_line_id.stage_id")
    item_type = fields.Selection(related="checklist_line_id.item_type")
    description = fields.Text(related="checklist_line_id.description")
    allow_na = fields.Boolean(related="checklist_line_id.allow_na")
    state = fields.Selection(related="checklist_line_id.state")
    can_approve = fields.Boolean(related="checklist_line_id.can_approve")
    approver_names = fields.Char(related="checklist_line_id.approver_names")
    is_open = fields.Boolean(compute="_compute_hint")
    hint = fields.Char(compute="_compute_hint")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        for line in lines:
            # The related fields read as superuser: only lines of the dialog's own opportunity.
            line.checklist_line_id.check_access("read")
            if line.checklist_line_id.lead_id != line.transition_id.lead_id:
                raise UserError(self.env._("A transition lists the checklist of its own opportunity only."))
        return lines

    def write(self, vals):
        self._spm_check_app_fields(vals)
        return super().write(vals)

    @api.depends("checklist_line_id.state", "item_id.fill_field_id")
    @api.depends_context("uid")
    def _compute_hint(self):
        for transition, lines in self.grouped("transition_id").items():
            open_items = transition._spm_open_items()
            for line in lines:
                item = line.item_id
                line.is_open = item in open_items
                if not line.is_open:
                    line.hint = self.env._("Done")
                elif item.item_type == "auto":
                    field = item.sudo().fill_field_id
                    line.hint = (
                        self.env._(
                            "Done by itself when %(field)s is filled in.",
                            field=field.field_description,
                        )
                        if field
                        else self.env._("Done by itself when the opportunity meets its condition.")
                    )
                elif item.item_type == "approval":
                    line.hint = {
                        "requested": self.env._("Waiting for %(approvers)s.", approvers=line.approver_names),
                        "rejected": self.env._(
                            "Rejected: %(comment)s", comment=line.checklist_line_id.approval_comment or ""
                        ),
                    }.get(line.state) or self.env._(
                        "To be approved by %(approvers)s.", approvers=line.approver_names
                    )
                else:
                    line.hint = self.env._("Tick it when done.")

    def action_done(self):
        self.ensure_one()
        self.checklist_line_id.write({"done": True})
        return self.transition_id._spm_move_or_reopen()

    def action_request_approval(self):
        self.ensure_one()
        self.checklist_line_id.action_spm_request_approval()
        return self.transition_id._spm_move_or_reopen()

    def action_approve(self):
        self.ensure_one()
        return self._spm_decision_action(self.checklist_line_id.action_spm_approve())

    def action_reject(self):
        self.ensure_one()
        return self._spm_decision_action(self.checklist_line_id.action_spm_reject())

    def action_mark_na(self):
        self.ensure_one()
        return self._spm_decision_action(self.checklist_line_id.action_spm_mark_na())

    def _spm_decision_action(self, action):
        action["context"] = dict(action["context"], default_transition_id=self.transition_id.id)
        return action
