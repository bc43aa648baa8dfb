# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_list

# cr.cache key of the defaults computed once per create() batch (see batch_defaults)
_BATCH_DEFAULTS = "spm_batch_defaults"


def create_with_batch_defaults(model, vals_list, create):
    """``create(vals_list)`` computing the default values once per set of given fields.

    The ORM asks ``default_get`` for the missing fields of every record it
    creates (about a fifth of the cost of creating a checklist line); the
    thousands of lines and log rows of a batch stage move give the same fields,
    so their defaults are the same. The memo lives for this call only.
    """
    key = (_BATCH_DEFAULTS, model._name)
    cache = model.env.cr.cache
    if key in cache:  # a nested create of the same model: the outer call owns the memo
        return create(vals_list)
    cache[key] = {}
    try:
        return create(vals_list)
    finally:
        cache.pop(key, None)


def add_missing_batch_defaults(model, values, add_missing):
    """``_add_missing_default_values`` with the memo of create_with_batch_defaults."""
    memo = model.env.cr.cache.get((_BATCH_DEFAULTS, model._name))
    if memo is None:
        return add_missing(values)
    names = frozenset(values)
    defaults = memo.get(names)
    if defaults is None:
        completed = add_missing(values)
        defaults = {fname: value for fname, value in completed.items() if fname not in names}
        if any(isinstance(value, (list, dict, set)) for value in defaults.values()):
            return completed  # a mutable default (x2many commands) is never shared between records
        memo[names] = defaults
    return {**defaults, **values}


LINE_STATES = [
    ("todo", "To Do"),
    ("requested", "Approval Requested"),
    ("rejected", "Rejected"),
    ("done", "Done"),
    ("approved", "Approved"),
    ("na", "Not Applicable"),
]


class SalesChecklistLine(models.Model):
    """The state of one checklist item for one opportunity.

    Lines are made when an opportunity enters a stage, for the items of that
    stage only: storage grows with the work done, not with the process size.
    What the application records (who ticked, approvals, not applicable) is
    written by the actions of this model only; ``done`` keeps its meaning for the
    gate: an approved or not-applicable item is done.
    """

    _name = "sales.checklist.line"
    _inherit = ["sales.app.fields.mixin"]
    _description = "Checklist Line"
    _order = "item_id"
    _check_company_auto = True

    _spm_app_fields = frozenset(
        {
            "done_user_id",
            "done_date",
            "is_na",
            "na_reason",
            "approval_state",
            "approval_user_id",
            "approval_date",
            "approval_comment",
            "approval_requested_uid",
            "approval_activity_ids",
            "state",
        }
    )

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    item_id = fields.Many2one("sales.checklist.item", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one(related="item_id.stage_id", store=True, index=True, string="Stage")
    item_type = fields.Selection(related="item_id.item_type")
    required = fields.Boolean(related="item_id.required")
    description = fields.Text(related="item_id.description")
    allow_na = fields.Boolean(related="item_id.allow_na")
    company_id = fields.Many2one(related="lead_id.company_id", store=True, index=True)
    done = fields.Boolean(default=False)
    done_user_id = fields.Many2one("res.users", string="Done By", readonly=True)
    done_date = fields.Datetime(string="Done On", readonly=True)
    note = fields.Char()
    # Not applicable: counts as done, with the reason.
    is_na = fields.Boolean(string="Not Applicable", readonly=True, copy=False)
    na_reason = fields.Text(string="N/A Reason", readonly=True, copy=False)
    # Approval items
    approval_state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")],
        readonly=True,
        copy=False,
    )
    approval_user_id = fields.Many2one("res.users", string="Approved/Rejected By", readonly=True, copy=False)
    approval_date = fields.Datetime(string="Approval Decision On", readonly=True, copy=False)
    approval_comment = fields.Text(readonly=True, copy=False)
    approval_requested_uid = fields.Many2one(
        "res.users", string="Approval Requested By", readonly=True, copy=False
    )
    approval_activity_ids = fields.Many2many(
        "mail.activity",
        string="Approval Activities",
        readonly=True,
        copy=False,
    )
    state = fields.Selection(LINE_STATES, compute="_compute_state")
    approver_names = fields.Char(string="Approvers", compute="_compute_approvers")
    can_tick = fields.Boolean(compute="_compute_can_tick")
    can_approve = fields.Boolean(compute="_compute_can_tick")
    is_current_stage = fields.Boolean(compute="_compute_is_current_stage")
    owner_id = fields.Many2one("res.users", compute="_compute_owner")
    date_due = fields.Datetime(string="Due", compute="_compute_date_due")
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_date_due", search="_search_is_overdue")

    _sql_constraints = [
        ("lead_item_uniq", "unique(lead_id, item_id)", "An item appears once per opportunity."),
    ]

    @api.depends("done", "is_na", "approval_state")
    def _compute_state(self):
        for line in self:
            if line.is_na:
                line.state = "na"
            elif line.done:
                line.state = "approved" if line.approval_state == "approved" else "done"
            else:
                line.state = (
                    line.approval_state if line.approval_state in ("requested", "rejected") else "todo"
                )

    @api.depends("item_id.approver_group_id", "lead_id.team_id.user_id", "lead_id.user_id")
    def _compute_approvers(self):
        for line in self:
            if line.item_id.item_type != "approval":
                line.approver_names = False
                continue
            users = line.item_id._spm_approvers(line.lead_id)
            line.approver_names = (
                format_list(self.env, users.mapped("name")) if users else self.env._("a sales administrator")
            )

    @api.depends(
        "item_id.item_type", "item_id.approver_group_id", "lead_id.team_id.user_id", "lead_id.user_id"
    )
    @api.depends_context("uid")
    def _compute_can_tick(self):
        user = self.env.user
        is_admin = user.has_group("sales_team.group_sale_manager")
        for line in self:
            item = line.item_id
            if item.item_type == "approval":
                line.can_approve = is_admin or user in item._spm_approvers(line.lead_id)
                line.can_tick = line.can_approve
            else:
                line.can_approve = False
                line.can_tick = item.item_type != "auto"

    @api.depends("lead_id.stage_id", "stage_id")
    def _compute_is_current_stage(self):
        for line in self:
            line.is_current_stage = line.stage_id == line.lead_id.stage_id

    @api.depends("item_id.owner_mode", "item_id.owner_user_id", "lead_id.user_id", "lead_id.team_id.user_id")
    def _compute_owner(self):
        for line in self:
            line.owner_id = line.item_id._spm_owner(line.lead_id) if line.item_id else False

    @api.depends("item_id.due_days", "lead_id.stage_id", "lead_id.date_last_stage_update", "done")
    def _compute_date_due(self):
        # Due from the moment the opportunity entered the item's stage: only the
        # current stage's lines have a due date (the entry time of a past stage is gone).
        now = fields.Datetime.now()
        for line in self:
            lead = line.lead_id
            start = lead.date_last_stage_update or lead.create_date
            if line.item_id.due_days and line.stage_id == lead.stage_id and start:
                line.date_due = start + timedelta(days=line.item_id.due_days)
                line.is_overdue = not line.done and lead.active and line.date_due < now
            else:
                line.date_due = False
                line.is_overdue = False

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on overdue checklist items."))
        overdue = SQL(
            """(
            SELECT line.id
              FROM sales_checklist_line line
              JOIN sales_checklist_item item ON item.id = line.item_id
              JOIN crm_lead lead ON lead.id = line.lead_id
             WHERE line.done IS NOT TRUE AND item.due_days > 0 AND lead.active
               AND line.stage_id = lead.stage_id
               AND COALESCE(lead.date_last_stage_update, lead.create_date)
                   + item.due_days * INTERVAL '1 day' < %s
            )""",
            fields.Datetime.now(),
        )
        return [("id", "in" if (operator == "=") == value else "not in", overdue)]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # a stage move creates the lines of every lead at once: defaults once per batch
        return create_with_batch_defaults(self, vals_list, super().create)

    @api.model
    def _add_missing_default_values(self, values):
        return add_missing_batch_defaults(self, values, super()._add_missing_default_values)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        if not self.env.su:
            protected = set(vals) - {"done", "note"}
            if protected and not self.env.user.has_group("sales_team.group_sale_manager"):
                raise UserError(
                    self.env._(
                        "Only the checklist tick and its note can be changed on an opportunity's "
                        "checklist. Change the items themselves in the sales process configuration."
                    )
                )
        if "done" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda line: line.done != bool(vals["done"]))
        if not self.env.su:
            changed._check_tick_rights()
        if vals["done"]:
            vals = {"done_user_id": self.env.uid, "done_date": fields.Datetime.now(), **vals}
        else:
            vals = dict(vals, done_user_id=False, done_date=False, is_na=False, na_reason=False)
        unchanged = self - changed
        res = True
        if unchanged:
            # Keep who ticked it and when: ticking an already done item changes nothing.
            other = {
                k: v
                for k, v in vals.items()
                if k not in ("done", "done_user_id", "done_date", "is_na", "na_reason")
            }
            if other:
                res = super(SalesChecklistLine, unchanged).write(other)
        if changed:
            approvals = changed.filtered(lambda line: line.item_id.item_type == "approval")
            rest = changed - approvals
            if rest:
                res = super(SalesChecklistLine, rest).write(vals)
            if approvals:
                # Ticking an approval item is approving it (without a comment);
                # unticking it withdraws the approval.
                decision = (
                    {
                        "approval_state": "approved",
                        "approval_user_id": self.env.uid,
                        "approval_date": vals["done_date"],
                        "approval_comment": False,
                    }
                    if vals["done"]
                    else {
                        "approval_state": False,
                        "approval_user_id": False,
                        "approval_date": False,
                        "approval_comment": False,
                    }
                )
                res = super(SalesChecklistLine, approvals).write(dict(decision, **vals))
                if vals["done"]:
                    approvals._spm_close_approval_activities(self.env._("Approved."))
            if not vals["done"]:
                # Automatic items follow the opportunity: only a person's untick is news.
                changed.filtered(lambda line: line.item_id.item_type != "auto")._log_untick()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _spm_comment_action(self, mode):
        title = {
            "approve": self.env._("Approve"),
            "reject": self.env._("Reject"),
            "na": self.env._("Not Applicable"),
        }[mode]
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "sales.checklist.decision",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_line_id": self[:1].id, "default_mode": mode},
        }

    def action_spm_request_approval(self):
        """Give each approver of these approval items an activity on the opportunity."""
        activity_type = self.env.ref("sales_process_mgmt.mail_activity_type_spm_approval")
        for line in self:
            line.check_access("write")
            line._spm_check_open_approval()
            approvers = line.item_id._spm_approvers(line.lead_id)
            if not approvers and not (line.item_id.approver_group_id or line.lead_id.sudo().team_id.user_id):
                raise UserError(
                    self.env._(
                        'Nobody can approve "%(item)s" on "%(lead)s": the sales team has no leader '
                        "and the item names no approver group. Ask a sales administrator.",
                        item=line.item_id.name,
                        lead=line.lead_id.name,
                    )
                )
            if not approvers:
                raise UserError(
                    self.env._(
                        'Nobody but the opportunity\'s own salesperson can approve "%(item)s" on '
                        '"%(lead)s", and nobody approves their own opportunity. Ask a sales administrator.',
                        item=line.item_id.name,
                        lead=line.lead_id.name,
                    )
                )
            # sudo: the requester may not write activities of other users; the approvers and
            # the line were checked above. Each activity is written in its approver's language.
            activities = self.env["mail.activity"]
            for user in approvers:
                item = line.item_id.with_context(lang=user.lang or self.env.lang)
                activities |= (
                    self.env["mail.activity"]
                    .sudo()
                    .with_context(lang=user.lang)
                    .create(
                        {
                            "res_model_id": self.env["ir.model"]._get_id("crm.lead"),
                            "res_id": line.lead_id.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "summary": self.with_context(lang=user.lang).env._(
                                "Approve: %(item)s", item=item.name
                            ),
                            "date_deadline": fields.Date.context_today(self),
                        }
                    )
                )
            line.sudo().write(
                {
                    "approval_state": "requested",
                    "approval_requested_uid": self.env.uid,
                    "approval_user_id": False,
                    "approval_date": False,
                    "approval_comment": False,
                    "approval_activity_ids": [(6, 0, (line.approval_activity_ids | activities).ids)],
                }
            )
            line.lead_id.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    'Approval requested for "%(item)s" from %(approvers)s.',
                    item=line.item_id.name,
                    approvers=format_list(self.env, approvers.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_spm_approve(self):
        self.ensure_one()
        self._spm_check_can_approve()
        return self._spm_comment_action("approve")

    def action_spm_reject(self):
        self.ensure_one()
        self._spm_check_can_approve()
        return self._spm_comment_action("reject")

    def action_spm_mark_na(self):
        self.ensure_one()
        self._spm_check_can_mark_na()
        return self._spm_comment_action("na")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _spm_check_open_approval(self):
        for line in self:
            if line.item_id.item_type != "approval":
                raise UserError(self.env._('"%(item)s" is not an approval item.', item=line.item_id.name))
            if line.done:
                raise UserError(
                    self.env._(
                        '"%(item)s" is already done on "%(lead)s".',
                        item=line.item_id.name,
                        lead=line.lead_id.name,
                    )
                )

    def _spm_check_can_approve(self):
        self._spm_check_open_approval()
        for line in self:
            line.check_access("write")
            if not line.can_approve:
                raise AccessError(line._spm_approval_refusal())

    def _spm_approval_refusal(self):
        self.ensure_one()
        if self.env.user == self.lead_id.user_id:
            return self.env._(
                'You cannot approve "%(item)s" on your own opportunity: %(approvers)s approves it. '
                "Use Request Approval.",
                item=self.item_id.name,
                approvers=self.approver_names,
            )
        return self.env._(
            '"%(item)s" is an approval: %(approvers)s approves it. Use Request Approval.',
            item=self.item_id.name,
            approvers=self.approver_names,
        )

    def _spm_check_can_mark_na(self):
        for line in self:
            line.check_access("write")
            if not line.item_id.allow_na:
                raise UserError(
                    self.env._(
                        '"%(item)s" cannot be marked not applicable: its configuration does not allow it.',
                        item=line.item_id.name,
                    )
                )
            if line.done:
                raise UserError(
                    self.env._(
                        '"%(item)s" is already done on "%(lead)s".',
                        item=line.item_id.name,
                        lead=line.lead_id.name,
                    )
                )
            if line.item_id.item_type == "approval" and not line.can_approve:
                raise AccessError(line._spm_approval_refusal())

    def _spm_decide(self, mode, comment):
        """Record an approval, a rejection or a not-applicable mark, with its comment.

        The checks run with the user's rights; the write is the application's.
        """
        self.ensure_one()
        comment = (comment or "").strip()
        if mode in ("approve", "reject"):
            self._spm_check_can_approve()
        elif mode == "na":
            self._spm_check_can_mark_na()
        else:
            raise UserError(self.env._("Unknown checklist decision."))
        if mode in ("reject", "na") and not comment:
            raise UserError(
                self.env._('Give the reason for rejecting "%(item)s".', item=self.item_id.name)
                if mode == "reject"
                else self.env._('Give the reason why "%(item)s" does not apply.', item=self.item_id.name)
            )
        now = fields.Datetime.now()
        uid = self.env.uid
        # sudo: the rights were checked above; these fields are the application's.
        line = self.sudo()
        if mode == "approve":
            line.write(
                {
                    "done": True,
                    "done_user_id": uid,
                    "done_date": now,
                    "approval_state": "approved",
                    "approval_user_id": uid,
                    "approval_date": now,
                    "approval_comment": comment or False,
                }
            )
            title = self.env._("Approved")
        elif mode == "reject":
            line.write(
                {
                    "approval_state": "rejected",
                    "approval_user_id": uid,
                    "approval_date": now,
                    "approval_comment": comment,
                }
            )
            title = self.env._("Rejected")
        else:
            line.write(
                {
                    "done": True,
                    "done_user_id": uid,
                    "done_date": now,
                    "is_na": True,
                    "na_reason": comment,
                    "approval_state": False,
                }
            )
            title = self.env._("Not applicable")
        if mode in ("approve", "reject"):
            self._spm_close_approval_activities(f"{title}: {comment}" if comment else title)
        body = Markup("<p><b>%s</b>: %s</p>") % (title, self.item_id.name)
        if comment:
            body += Markup("<p>%s</p>") % comment
        self.lead_id.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def _spm_close_approval_activities(self, feedback):
        # sudo: the approver closes the activities of every approver of the line.
        activities = self.sudo().approval_activity_ids.exists()
        if activities:
            activities.action_feedback(feedback=feedback)

    def _check_tick_rights(self):
        for line in self:
            if line.item_id.item_type == "auto":
                raise UserError(
                    self.env._(
                        '"%(item)s" is checked automatically; complete the opportunity instead '
                        "of ticking it.",
                        item=line.item_id.name,
                    )
                )
            if line.item_id.item_type == "approval" and not line.can_approve:
                raise AccessError(line._spm_approval_refusal())

    def _log_untick(self):
        for lead, lines in self.grouped("lead_id").items():
            lead.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    self.env._("Checklist item unticked:"),
                    Markup().join(Markup("<li>%s</li>") % name for name in lines.item_id.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
