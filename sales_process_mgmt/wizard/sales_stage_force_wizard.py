# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_list


class SalesStageForceWizard(models.TransientModel):
    """Move opportunities past open checklist items, with a written reason."""

    _name = "sales.stage.force.wizard"
    _description = "Force Opportunity Stage"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    lead_ids = fields.Many2many("crm.lead", string="Opportunities", required=True)
    process_id = fields.Many2one("sales.process", compute="_compute_process_id")
    stage_id = fields.Many2one(
        "crm.stage",
        string="New Stage",
        required=True,
        domain="[('process_id', '=', process_id)]",
    )
    reason = fields.Text(required=True, help="Why the move cannot wait for the checklist.")
    open_items_text = fields.Text(string="Open Items", compute="_compute_open_items_text")

    @api.depends("lead_ids")
    def _compute_process_id(self):
        for wizard in self:
            wizard.process_id = wizard.lead_ids.team_id.process_id[:1]

    @api.depends("lead_ids", "stage_id")
    def _compute_open_items_text(self):
        for wizard in self:
            if not wizard.stage_id or not wizard.lead_ids:
                wizard.open_items_text = False
                continue
            leads = wizard.lead_ids._origin
            moves = {lead: (lead.stage_id, wizard.stage_id._origin) for lead in leads}
            open_items = leads._spm_open_items(moves)
            wizard.open_items_text = "\n".join(
                "%s: %s" % (lead.name, ", ".join(items.mapped("name"))) for lead, items in open_items.items()
            ) or self.env._("No required item is open: the move would pass the checklist.")

    def _check_force_rights(self):
        """Team leaders (of every lead's team, not on their own opportunities) and sales
        administrators only."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_manager"):
            return
        own = self.lead_ids.filtered(lambda lead: lead.user_id == user)
        if own:
            # forcing passes the approval items, which nobody approves on their own opportunity
            raise AccessError(
                self.env._(
                    "A sales administrator forces the stage of your own opportunities: %(leads)s. "
                    "Complete their checklist or ask for an approval.",
                    leads=format_list(self.env, own.mapped("display_name")),
                )
            )
        if user.has_group("sales_team.group_sale_salesman_all_leads") and all(
            lead.team_id.user_id == user for lead in self.lead_ids
        ):
            return
        raise AccessError(
            self.env._(
                "Only the team leader of these opportunities or a sales administrator may force "
                "a stage. Complete the checklist or ask your team leader."
            )
        )

    def action_confirm(self):
        self.ensure_one()
        self._check_force_rights()
        if not (self.reason or "").strip():
            raise UserError(self.env._("Write the reason for forcing the stage."))
        if self.stage_id.process_id and self.lead_ids.team_id.process_id != self.stage_id.process_id:
            raise UserError(
                self.env._(
                    'The stage "%(stage)s" belongs to another sales process than these '
                    "opportunities' teams. Choose a stage of their process.",
                    stage=self.stage_id.name,
                )
            )
        self.lead_ids.check_access("write")
        # sudo only lifts the gate: rights were checked above, and the move is logged
        # with the reason, the user as author and their name in the chatter.
        self.lead_ids.sudo().with_context(
            spm_gate_bypass_reason=self.reason.strip(),
            spm_gate_bypass_type="forced",
        ).write({"stage_id": self.stage_id.id})
        return {"type": "ir.actions.act_window_close"}
