# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list


class SalesProcess(models.Model):
    """An ordered set of CRM stages whose checklists gate an opportunity's progress."""

    _name = "sales.process"
    _description = "Sales Process"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Html(translate=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the process between companies.",
    )
    use_a_card = fields.Boolean(
        string="A Cards",
        help="Opportunities of this process are showroom A cards (customer name, phone, "
        "intended model, intent level): the opportunity form shows the A-card block.",
    )
    stage_ids = fields.One2many("crm.stage", "process_id", string="Stages")
    team_ids = fields.One2many("crm.team", "process_id", string="Sales Teams")
    checklist_item_ids = fields.One2many(
        "sales.checklist.item",
        "process_id",
        string="Checklist Items",
        readonly=True,
    )
    stage_count = fields.Integer(compute="_compute_counts", string="Number of Stages")
    item_count = fields.Integer(compute="_compute_counts", string="Number of Items")

    @api.depends("stage_ids", "checklist_item_ids")
    def _compute_counts(self):
        for process in self:
            process.stage_count = len(process.stage_ids)
            process.item_count = len(process.checklist_item_ids)

    @api.constrains("active")
    def _check_active_teams(self):
        for process in self.filtered(lambda p: not p.active and p.team_ids):
            raise ValidationError(
                self.env._(
                    'The teams %(teams)s follow the sales process "%(process)s": give them '
                    "another process before archiving it.",
                    teams=format_list(self.env, process.team_ids.mapped("name")),
                    process=process.name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        if (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search_count(
                [("stage_id.process_id", "in", self.ids)],
                limit=1,
            )
        ):
            raise UserError(
                self.env._(
                    "Opportunities are in the stages of this process. Archive the process instead, "
                    "or move the opportunities to other stages first."
                )
            )

    def _ordered_stages(self):
        """Stages of the process in pipeline order (sequence, then id)."""
        self.ensure_one()
        return self.stage_ids.sorted(lambda s: (s.sequence, s.id))

    def _first_stage(self):
        self.ensure_one()
        return self._ordered_stages()[:1]

    def action_open_pipeline(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("crm.crm_lead_action_pipeline")
        action["domain"] = [("team_id", "in", self.team_ids.ids)]
        action["context"] = {
            "default_type": "opportunity",
            "default_team_id": self.team_ids[:1].id,
        }
        return action
