# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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
        "crm.lead", string="Opportunity", required=True, index=True, check_company=True,
        ondelete="cascade", tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, index=True, tracking=True,
        default=lambda self: self.env.user, help="The salesperson who filed the request.",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", compute="_compute_from_lead", store=True,
        index=True, check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, compute="_compute_company_id", store=True,
        precompute=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_from_lead", store=True,
    )
    intended_model_id = fields.Many2one(
        "product.template", string="Intended Model", compute="_compute_from_lead", store=True,
        help="The model the customer wanted when the request was filed.",
    )
    stage_id = fields.Many2one(
        "crm.stage", string="Stage Reached", compute="_compute_from_lead", store=True,
        help="The stage of the opportunity when the request was filed.",
    )
    lost_reason_id = fields.Many2one(
        "crm.lost.reason", string="Lost Reason", required=True, tracking=True, ondelete="restrict",
    )
    competitor_brand = fields.Char(tracking=True, help="The brand the customer bought instead, if any.")
    competitor_model = fields.Char(tracking=True, help="The model the customer bought instead, if any.")
    note = fields.Text()
    state = fields.Selection(
        DEFEAT_STATES, string="Status", required=True, default="submitted", tracking=True, index=True,
    )
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True, copy=False, tracking=True)
    date_reviewed = fields.Datetime(string="Reviewed On", readonly=True, copy=False)
    review_comment = fields.Text(readonly=True, copy=False)

    _sql_constraints = [
        # one open request per opportunity, held by the database (two salespeople or two
        # tabs filing at once cannot both succeed)
        ("lead_open_uniq", "EXCLUDE (lead_id WITH =) WHERE (state = 'submitted')",
         "This opportunity already has an open defeat request."),
    ]

    # the review is the application's (approve / reject actions), and the request's
    # snapshot of the card is taken when it is filed
    _spm_app_fields = frozenset({
        "state", "reviewer_id", "date_reviewed", "review_comment", "user_id",
        "team_id", "company_id", "partner_id", "intended_model_id", "stage_id", "name",
    })

    @api.depends("lead_id")
    def _compute_from_lead(self):
        for request in self:
            lead = request.lead_id
            request.team_id = lead.team_id
            request.partner_id = lead.partner_id
            request.intended_model_id = lead.intended_model_id
            request.stage_id = lead.stage_id

    @api.depends("lead_id")
    def _compute_company_id(self):
        for request in self:
            request.company_id = request.lead_id.company_id or request.company_id or self.env.company

    @api.depends("lead_id")
    def _compute_name(self):
        for request in self:
            request.name = request.lead_id.name or self.env._("Defeat Request")
