# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_list

from ..models.sales_kpi import MAX_DATE, MIN_DATE


def _quarter_start(day):
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


class SalesAppraisalGenerate(models.TransientModel):
    _name = "sales.appraisal.generate"
    _description = "Generate Team Appraisals"

    team_id = fields.Many2one(
        "crm.team",
        "Sales Team",
        required=True,
        default=lambda self: self.env["crm.team"].search([("user_id", "=", self.env.uid)], limit=1),
    )
    template_id = fields.Many2one(
        "sales.appraisal.template",
        required=True,
        default=lambda self: self.env["sales.appraisal.template"].search([], limit=1),
    )
    date_from = fields.Date(
        "Start Date",
        required=True,
        default=lambda self: _quarter_start(fields.Date.context_today(self)) - relativedelta(months=3),
    )
    date_to = fields.Date(
        "End Date",
        required=True,
        default=lambda self: _quarter_start(fields.Date.context_today(self)) - relativedelta(days=1),
    )

    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period ends before it starts: correct the dates."))
            if wizard.date_from < MIN_DATE or wizard.date_to > MAX_DATE:
                raise UserError(
                    self.env._("Choose a period between %(start)s and %(end)s.", start=MIN_DATE, end=MAX_DATE)
                )

    @api.model_create_multi
    def create(self, vals_list):
        # only for a team one leads (or any team of one's companies, for a sales administrator)
        teams = self.env["crm.team"].browse(
            [vals.get("team_id") for vals in vals_list if vals.get("team_id")]
        )
        teams.check_access("read")
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            if any(team.user_id != self.env.user for team in teams):
                raise AccessError(self.env._("You generate the appraisals of the teams you lead only."))
        return super().create(vals_list)

    def action_generate(self):
        self.ensure_one()
        is_admin = self.env.user.has_group("sales_team.group_sale_manager")
        if not is_admin and self.team_id.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only the leader of %(team)s or a sales administrator can generate its appraisals.",
                    team=self.team_id.name,
                )
            )
        people = self.team_id.user_id if self.template_id.subject == "team" else self.team_id.member_ids
        if not people:
            raise UserError(
                self.env._(
                    "%(team)s has no members to appraise: add salespeople to the team first.",
                    team=self.team_id.name,
                )
            )
        appraisals, skipped = self.env["sales.appraisal"]._generate_for_team(
            self.team_id, self.template_id, self.date_from, self.date_to
        )
        if not appraisals:
            raise UserError(
                self.env._(
                    "Every member to appraise already has an appraisal for an overlapping period: %(names)s.",
                    names=format_list(self.env, skipped.mapped("name")),
                )
            )
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Appraisals"),
            "res_model": "sales.appraisal",
            "view_mode": "list,form,pivot,graph",
            "views": [(False, "list"), (False, "form"), (False, "pivot"), (False, "graph")],
            "domain": [("id", "in", appraisals.ids)],
        }
        if not skipped:
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Some members were skipped"),
                "message": self.env._(
                    "Already appraised for an overlapping period, so skipped: %(names)s.",
                    names=format_list(self.env, skipped.mapped("name")),
                ),
                "type": "warning",
                "sticky": True,
                "next": action,
            },
        }
