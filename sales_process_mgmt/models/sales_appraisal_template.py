# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .sales_kpi import TARGET_METRICS


class SalesAppraisalTemplate(models.Model):
    _name = "sales.appraisal.template"
    _description = "Appraisal Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the template with every company.")
    subject = fields.Selection(
        [("user", "Salesperson's own figures"), ("team", "Team figures")],
        string="Appraised On",
        required=True,
        default="user",
        help="Team figures: a sales manager is appraised on the figures and targets of the team they lead.",
    )
    line_ids = fields.One2many("sales.appraisal.template.line", "template_id", "KPIs", copy=True)
    grade_ids = fields.One2many("sales.appraisal.grade", "template_id", "Grade Bands", copy=True)
    total_weight = fields.Float(compute="_compute_total_weight")
    note = fields.Text(translate=True)

    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.line_ids.mapped("weight"))

    @api.constrains("line_ids")
    def _check_total_weight(self):
        for template in self:
            if template.line_ids and float_compare(template.total_weight, 100.0, precision_digits=2):
                raise ValidationError(self.env._(
                    "The KPI weights of %(name)s total %(total)s %%; make them add up to 100 %%.",
                    name=template.name, total=round(template.total_weight, 2)))


class SalesAppraisalTemplateLine(models.Model):
    _name = "sales.appraisal.template.line"
    _description = "Appraisal Template KPI"
    _order = "sequence, id"

    template_id = fields.Many2one("sales.appraisal.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    kpi_id = fields.Many2one("sales.kpi", "KPI", required=True, ondelete="restrict")
    weight = fields.Float(required=True, digits=(16, 2), help="Share of the total score, in percent.")
    target_source = fields.Selection(
        [("sales_target", "Person's sales target"), ("fixed", "Fixed value")],
        string="Target From",
        required=True,
        default="fixed",
        help="Person's sales target: revenue target, collection target (as a rate of the revenue "
        "target) or new-customer target of the targets inside the appraisal period.",
    )
    target_value = fields.Float("Fixed Target", digits=(16, 2))

    _sql_constraints = [
        ("weight_positive", "CHECK(weight > 0)", "A KPI weight must be greater than zero."),
    ]

    @api.constrains("target_source", "kpi_id")
    def _check_target_source(self):
        for line in self:
            if line.target_source == "sales_target" and line.kpi_id.metric not in TARGET_METRICS:
                raise ValidationError(self.env._(
                    "%(kpi)s has no figure in sales targets: give it a fixed target.",
                    kpi=line.kpi_id.name))


class SalesAppraisalGrade(models.Model):
    _name = "sales.appraisal.grade"
    _description = "Appraisal Grade Band"
    _order = "min_score desc, id"

    template_id = fields.Many2one("sales.appraisal.template", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    min_score = fields.Float("Minimum Score", required=True, help="Total score from which this grade applies.")
