# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmTeam(models.Model):
    _inherit = "crm.team"

    process_id = fields.Many2one(
        "sales.process",
        string="Sales Process",
        index=True,
        tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="The team's pipeline shows the stages of this process, and their checklists "
        "gate the opportunities. Leave empty to keep Odoo's usual stages.",
    )

    @api.constrains("process_id", "company_id")
    def _check_process_company(self):
        # sudo: a process of another company is not readable, and that is the point.
        for team in self.sudo():
            process = team.process_id
            if process and not process.active:
                raise ValidationError(
                    self.env._(
                        'The sales process "%(process)s" is archived: the team "%(team)s" cannot follow it.',
                        process=process.name,
                        team=team.name,
                    )
                )
            if process.company_id and process.company_id != team.company_id:
                raise ValidationError(
                    self.env._(
                        'The sales process "%(process)s" belongs to the company %(company)s: the '
                        'team "%(team)s" cannot follow it.',
                        process=process.name,
                        company=process.company_id.name,
                        team=team.name,
                    )
                )

    def write(self, vals):
        if "process_id" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda team: team.process_id.id != (vals["process_id"] or False))
        res = super().write(vals)
        if changed:
            changed._spm_move_leads_into_pipeline()
        return res

    def _spm_move_leads_into_pipeline(self):
        """Leads of a team that changed process leave the stages of its former pipeline.

        Open ones go to the first stage of the new pipeline, won ones to its first won
        stage: the stage moves are logged as system moves. sudo: the team's whole
        pipeline follows the configuration change, whoever may read its leads.
        """
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        leads = Lead.search([("team_id", "in", self.ids)])
        misplaced = leads.filtered(lambda lead: lead.stage_id.process_id != lead.team_id.process_id)
        if not misplaced:
            return
        moves = {}
        for lead in misplaced:
            domain = [("is_won", "=", True)] if lead.stage_id.is_won else [("fold", "=", False)]
            stage = lead._stage_find(team_id=lead.team_id.id, domain=domain) or lead._stage_find(
                team_id=lead.team_id.id,
                domain=[],
            )
            moves.setdefault(stage, Lead)
            moves[stage] |= lead
        for stage, stage_leads in moves.items():
            stage_leads.with_context(spm_gate_bypass_code="process_change").write({"stage_id": stage.id})

    @api.model
    def _spm_action_team_pipeline(self):
        """The pipeline of the teams the user leads (all their opportunities, not only own).

        A sales administrator who leads no team sees the menu too (Administrator implies All
        Documents): they get the pipeline of every team of their companies.
        """
        teams = self.search([("user_id", "=", self.env.uid)])
        if not teams and self.env.user.has_group("sales_team.group_sale_manager"):
            teams = self.search([])
        if not teams:
            raise UserError(
                self.env._(
                    "You lead no sales team. Ask a sales administrator to set you as the leader "
                    "of your team, or open My Pipeline."
                )
            )
        action = self.env["ir.actions.actions"]._for_xml_id("crm.crm_lead_action_pipeline")
        action["name"] = self.env._("Team Pipeline")
        action["display_name"] = action["name"]
        action["domain"] = [("team_id", "in", teams.ids), ("type", "=", "opportunity")]
        action["context"] = {
            "default_type": "opportunity",
            "default_team_id": teams[0].id,
        }
        return action
