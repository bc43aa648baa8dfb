# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .sales_checklist_line import add_missing_batch_defaults, create_with_batch_defaults

# Why the gate let a move through when it was not a person's written reason: stored as a
# code (and a parameter in ``reason``), rendered in the reader's language.
REASON_CODES = [
    ("written", "Written reason"),
    ("order", "Order confirmed"),
    ("import", "Historical import"),
    ("process_change", "Team's sales process changed"),
]


class SalesStageLog(models.Model):
    """One stage move of an opportunity, with the overrides of the checklist gate.

    Written by the system only (see crm.lead._spm_log_moves); reports read it
    for the time spent per stage and the forced moves.
    """

    _name = "sales.stage.log"
    _description = "Stage Move Log"
    _order = "date desc, id desc"

    lead_id = fields.Many2one("crm.lead", string="Opportunity", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True)
    author_id = fields.Many2one("res.users", string="Moved By")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    process_id = fields.Many2one("sales.process", string="Sales Process")
    stage_from_id = fields.Many2one("crm.stage", string="From Stage", ondelete="set null")
    stage_to_id = fields.Many2one("crm.stage", string="To Stage", ondelete="set null")
    move_type = fields.Selection(
        [
            ("forward", "Forward"),
            ("back", "Back"),
            ("forced", "Forced"),
            ("system", "Automatic"),
            ("import", "Import"),
        ],
        string="Move",
        required=True,
        default="forward",
    )
    is_override = fields.Boolean(
        string="Override",
        compute="_compute_is_override",
        store=True,
        help="The move went past open required checklist items.",
    )
    reason_code = fields.Selection(REASON_CODES, default="written", readonly=True)
    reason = fields.Text(
        string="Written reason",
        help="The reason written by the person who forced the move, or the parameter of "
        "the reason code (an order number).",
    )
    reason_display = fields.Char(
        string="Reason",
        compute="_compute_reason_display",
        help="The reason of the move, in your language.",
    )
    open_item_ids = fields.Many2many(
        "sales.checklist.item",
        "sales_stage_log_item_rel",
        "log_id",
        "item_id",
        string="Open Items Passed",
    )
    open_item_count = fields.Integer(string="Open Items", aggregator="sum")
    days_in_stage = fields.Float(
        string="Days in From Stage",
        digits=(16, 1),
        aggregator="avg",
        help="Days the opportunity spent in the stage it left.",
    )

    @api.depends("lead_id", "stage_from_id", "stage_to_id")
    def _compute_display_name(self):
        for log in self:
            log.display_name = "%s: %s → %s" % (
                log.lead_id.display_name,
                log.stage_from_id.display_name or "-",
                log.stage_to_id.display_name,
            )

    @api.depends("reason_code", "reason")
    @api.depends_context("lang")
    def _compute_reason_display(self):
        for log in self:
            log.reason_display = self._spm_render_reason(log.reason_code, log.reason)

    @api.model
    def _spm_render_reason(self, code, param):
        """The reason of a move in the current language."""
        if code == "order":
            return self.env._("Won by confirming order %(order)s", order=param or "")
        if code == "import":
            return self.env._("Historical import by a sales administrator.")
        if code == "process_change":
            return self.env._("The team's sales process changed.")
        return param or ""

    @api.depends("move_type")
    def _compute_is_override(self):
        for log in self:
            log.is_override = log.move_type in ("forced", "system", "import")

    # ------------------------------------------------------------
    # CRUD: an audit trail
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Stage moves are logged by the application only."))
        # a batch stage move logs every lead at once: defaults once per batch
        return create_with_batch_defaults(self, vals_list, super().create)

    @api.model
    def _add_missing_default_values(self, values):
        return add_missing_batch_defaults(self, values, super()._add_missing_default_values)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The stage move log is an audit trail: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_audit(self):
        raise UserError(
            self.env._("The stage move log is an audit trail: its rows go only with their opportunity.")
        )
