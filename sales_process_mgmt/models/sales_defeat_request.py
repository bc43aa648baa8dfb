# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_list

DEFEAT_STATES = [
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class SalesDefeatRequest(models.Model):
    """Defeat request (战败申请): the salesperson asks to close an A card as lost;
    the team leader approves (the opportunity is lost with the reason) or
    rejects it (the salesperson follows the customer up)."""

    _name = "sales.defeat.request"
    _description = "Defeat Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.app.fields.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        check_company=True,
        ondelete="cascade",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        help="The salesperson who filed the request.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_from_lead",
        store=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        precompute=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_from_lead",
        store=True,
    )
    intended_model_id = fields.Many2one(
        "product.template",
        compute="_compute_from_lead",
        store=True,
        help="The model the customer wanted when the request was filed.",
    )
    stage_id = fields.Many2one(
        "crm.stage",
        string="Stage Reached",
        compute="_compute_from_lead",
        store=True,
        help="The stage of the opportunity when the request was filed.",
    )
    lost_reason_id = fields.Many2one(
        "crm.lost.reason",
        required=True,
        tracking=True,
        ondelete="restrict",
    )
    competitor_brand = fields.Char(tracking=True, help="The brand the customer bought instead, if any.")
    competitor_model = fields.Char(tracking=True, help="The model the customer bought instead, if any.")
    note = fields.Text()
    state = fields.Selection(
        DEFEAT_STATES,
        string="Status",
        required=True,
        default="submitted",
        tracking=True,
        index=True,
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False, tracking=True)
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    review_comment = fields.Text(readonly=True, copy=False)
    can_review = fields.Boolean(compute="_compute_can_review")

    _sql_constraints = [
        # one open request per opportunity, held by the database (two salespeople or two
        # tabs filing at once cannot both succeed)
        (
            "lead_open_uniq",
            "EXCLUDE (lead_id WITH =) WHERE (state = 'submitted')",
            "This opportunity already has an open defeat request.",
        ),
    ]

    # the review is the application's (approve / reject actions), and the request's
    # snapshot of the card is taken when it is filed
    _spm_app_fields = frozenset(
        {
            "state",
            "reviewer_id",
            "date_reviewed",
            "review_comment",
            "user_id",
            "team_id",
            "company_id",
            "partner_id",
            "intended_model_id",
            "stage_id",
            "name",
        }
    )

    @api.depends("lead_id")
    def _compute_from_lead(self):
        for request in self:
            lead = request.lead_id
            request.team_id = lead.team_id
            request.partner_id = lead.partner_id
            request.intended_model_id = lead.intended_model_id
            request.stage_id = lead.stage_id

    @api.depends("user_id", "team_id.user_id")
    @api.depends_context("uid")
    def _compute_can_review(self):
        for request in self:
            request.can_review = request._spm_may_review()

    @api.depends("lead_id")
    def _compute_company_id(self):
        for request in self:
            request.company_id = request.lead_id.company_id or request.company_id or self.env.company

    @api.depends("lead_id")
    def _compute_name(self):
        for request in self:
            request.name = request.lead_id.name or self.env._("Defeat Request")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        self._spm_check_filing(vals_list)
        requests = super(SalesDefeatRequest, self._spm_without_app_defaults()).create(vals_list)
        requests._spm_notify_reviewers()
        return requests

    def write(self, vals):
        self._spm_check_app_fields(vals)
        if "lead_id" in vals and not self.env.su:
            raise UserError(
                self.env._("A defeat request stays on its opportunity: cancel it and file a new one instead.")
            )
        if not self.env.su and set(vals) & {"lost_reason_id", "competitor_brand", "competitor_model", "note"}:
            closed = self.filtered(lambda request: request.state != "submitted")
            if closed:
                raise UserError(
                    self.env._(
                        "The defeat request %(request)s was already reviewed: it cannot change any more.",
                        request=closed[0].display_name,
                    )
                )
        return super().write(vals)

    def _spm_check_filing(self, vals_list):
        """A defeat request is filed for an open A card of a showroom process, by a
        user who may change the opportunity, and only one at a time per opportunity."""
        if self.env.su:
            return
        lead_ids = [vals.get("lead_id") for vals in vals_list]
        if not all(lead_ids):
            raise ValidationError(self.env._("A defeat request needs its opportunity."))
        leads = self.env["crm.lead"].browse(set(lead_ids)).exists()
        if len(leads) != len(set(lead_ids)) or leads._filtered_access("write") != leads:
            raise AccessError(
                self.env._("You can file a defeat request only for an opportunity you may change.")
            )
        not_open = leads.filtered(lambda lead: not (lead.spm_use_a_card and lead._spm_is_held()))
        if not_open:
            raise UserError(
                self.env._(
                    "A defeat request is filed for an open A card of a showroom process; these "
                    "opportunities are not: %(leads)s.",
                    leads=format_list(self.env, not_open.mapped("display_name")),
                )
            )
        if len(lead_ids) != len(set(lead_ids)):
            raise ValidationError(self.env._("An opportunity gets one open defeat request at a time."))
        # sudo: the user may not read a colleague's request on a shared opportunity,
        # but must learn that one is open (only its existence is told)
        pending = self.sudo().search([("lead_id", "in", leads.ids), ("state", "=", "submitted")])
        if pending:
            raise ValidationError(
                self.env._(
                    "These opportunities already have an open defeat request: %(leads)s.",
                    leads=format_list(self.env, pending.lead_id.with_env(self.env).mapped("display_name")),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_approve(self):
        """Approve: the opportunity is lost with the request's reason (Odoo's own
        ``action_set_lost``, with the reviewer's rights)."""
        self._spm_check_review()
        self._spm_record_review("approved")
        for request in self:
            request.lead_id.action_set_lost(lost_reason_id=request.lost_reason_id.id)
        return True

    def action_reject(self):
        """Ask for the comment of a rejection (the salesperson follows the customer up)."""
        self._spm_check_review()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject the Defeat Request"),
            "res_model": "sales.defeat.reject",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_request_ids": [fields.Command.set(self.ids)]},
        }

    def action_cancel(self):
        """The salesperson withdraws their open request."""
        self.check_access("write")
        for request in self:
            if request.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only an open defeat request can be withdrawn (%(request)s is not).",
                        request=request.display_name,
                    )
                )
            if request.user_id != self.env.user and not request._spm_may_review():
                raise AccessError(
                    self.env._(
                        "Only the salesperson who filed the defeat request %(request)s, their team "
                        "leader or a sales administrator can withdraw it.",
                        request=request.display_name,
                    )
                )
        self._spm_record_review("cancelled")
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _spm_may_review(self):
        """The leader of the request's team (with All Documents) or a sales administrator,
        never the salesperson who filed it."""
        self.ensure_one()
        user = self.env.user
        if user == self.user_id:
            return False
        if user.has_group("sales_team.group_sale_manager"):
            return True
        return self.team_id.user_id == user and user.has_group("sales_team.group_sale_salesman_all_leads")

    def _spm_check_review(self, comment=None):
        self.check_access("write")
        for request in self:
            if request.state != "submitted":
                raise UserError(
                    self.env._(
                        "The defeat request %(request)s was already reviewed.", request=request.display_name
                    )
                )
            if request.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "You filed the defeat request %(request)s: your team leader reviews it, not you.",
                        request=request.display_name,
                    )
                )
            if not request._spm_may_review():
                raise AccessError(
                    self.env._(
                        "Only the leader of the team %(team)s or a sales administrator can review the "
                        "defeat request %(request)s.",
                        team=request.team_id.display_name or "-",
                        request=request.display_name,
                    )
                )

    def _spm_record_review(self, state, comment=False):
        # sudo: the review fields are the application's (_spm_app_fields); the caller
        # checked the user's right to review or withdraw
        self.sudo().write(
            {
                "state": state,
                "reviewer_id": self.env.uid,
                "date_reviewed": fields.Datetime.now(),
                "review_comment": comment or False,
            }
        )
        # the reviewers' to-dos are done, whoever decided
        self.sudo().activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        ).action_feedback()

    def _spm_reject(self, comment):
        """Reject with ``comment``: the salesperson gets an activity on the opportunity
        to follow the customer up, in their language."""
        self._spm_check_review()
        if not (comment or "").strip():
            raise ValidationError(self.env._("Say why the defeat request is rejected."))
        self._spm_record_review("rejected", comment)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for request in self:
            user = request.user_id
            lead = request.lead_id.with_context(lang=user.lang or self.env.lang)
            # sudo: the activity is the salesperson's, scheduled by the application on
            # the reviewer's decision (the reviewer may write the opportunity anyway)
            lead.sudo().activity_schedule(
                activity_type_id=todo.id,
                summary=lead.env._("Defeat request rejected: follow the customer up"),
                note=comment,
                user_id=user.id,
            )
        return True

    def _spm_notify_reviewers(self):
        """A to-do for the team leader, in their language."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for request in self.filtered(lambda request: request.state == "submitted"):
            leader = request.team_id.user_id
            if not leader or leader == request.user_id:
                continue
            req = request.with_context(lang=leader.lang or self.env.lang)
            # sudo: the to-do is the leader's, scheduled by the application
            req.sudo().activity_schedule(
                activity_type_id=todo.id,
                summary=req.env._("Review the defeat request"),
                user_id=leader.id,
            )
