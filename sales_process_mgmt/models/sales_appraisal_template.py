# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .sales_kpi import MAX_AMOUNT as MAX_TARGET
from .sales_kpi import MAX_SCORE, check_numbers
from .sales_kpi_metrics import METRICS_BY_CODE

# Marks line writes made by the template's own create/write, which checks the
# total once all its lines are written (an RPC client cannot forge this object).
_TEMPLATE_WRITE = object()


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

    @api.model_create_multi
    def create(self, vals_list):
        return (
            super(SalesAppraisalTemplate, self.with_context(spm_template_write=_TEMPLATE_WRITE))
            .create(vals_list)
            .with_env(self.env)
        )

    def write(self, vals):
        res = super(SalesAppraisalTemplate, self.with_context(spm_template_write=_TEMPLATE_WRITE)).write(vals)
        if "line_ids" in vals:
            self._check_total_weight()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo: count the appraisals of every team, the user may read only some
        used = self.env["sales.appraisal"].sudo().search_count([("template_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(
                self.env._("This template is used by appraisals: archive it instead of deleting it.")
            )

    def _grade_for(self, total):
        """The grade band a total score falls in (the highest minimum it reaches), or an empty record."""
        self.ensure_one()
        return next(
            (band for band in self.grade_ids.sorted("min_score", reverse=True) if total >= band.min_score),
            self.grade_ids.browse(),
        )

    def _check_template_weights_of(self):
        """Weights are checked on any change of template lines, not only through the template;
        the template's own create/write checks them once all its lines are written."""
        if self.env.context.get("spm_template_write") is not _TEMPLATE_WRITE:
            self._check_total_weight()

    @api.constrains("line_ids")
    def _check_total_weight(self):
        for template in self.exists():
            if template.line_ids and float_compare(template.total_weight, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The KPI weights of %(name)s total %(total)s %%; make them add up to 100 %%.",
                        name=template.name,
                        total=round(template.total_weight, 2),
                    )
                )


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
        compute="_compute_target_source",
        store=True,
        readonly=False,
        precompute=True,
        help="Person's sales target: revenue target, collection target (as a rate of the revenue "
        "target) or new-customer target of the targets inside the appraisal period. It is the "
        "default for KPIs that have a figure in sales targets.",
    )
    target_value = fields.Float("Fixed Target", digits=(16, 2))

    @api.depends("kpi_id.metric")
    def _compute_target_source(self):
        for line in self:
            metric = METRICS_BY_CODE.get(line.kpi_id.metric)
            line.target_source = "sales_target" if metric and metric.has_plan_target else "fixed"

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list)
        lines = super().create(vals_list)
        lines._check_template_weights()
        return lines

    def write(self, vals):
        check_numbers(self, vals)
        templates = self.template_id
        res = super().write(vals)
        (templates | self.template_id)._check_template_weights_of()
        return res

    def unlink(self):
        templates = self.template_id
        res = super().unlink()
        templates._check_template_weights_of()
        return res

    def _check_template_weights(self):
        self.template_id._check_template_weights_of()

    @api.constrains("weight")
    def _check_weight(self):
        for line in self:
            if not math.isfinite(line.weight) or line.weight <= 0 or line.weight > 100:
                raise ValidationError(
                    self.env._(
                        "The weight of %(kpi)s must be a percentage above 0 and at most 100.",
                        kpi=line.kpi_id.name,
                    )
                )

    @api.constrains("target_source", "kpi_id", "target_value")
    def _check_target_source(self):
        for line in self:
            metric = METRICS_BY_CODE.get(line.kpi_id.metric)
            if line.target_source == "sales_target" and not (metric and metric.has_plan_target):
                raise ValidationError(
                    self.env._(
                        "%(kpi)s has no figure in sales targets: give it a fixed target.",
                        kpi=line.kpi_id.name,
                    )
                )
            if not math.isfinite(line.target_value) or abs(line.target_value) > MAX_TARGET:
                raise ValidationError(
                    self.env._("The fixed target of %(kpi)s must be a finite number.", kpi=line.kpi_id.name)
                )
            if (
                line.target_source == "fixed"
                and line.kpi_id.deviation_type == "relative"
                and not line.target_value
            ):
                raise ValidationError(
                    self.env._(
                        "%(kpi)s is scored relative to its target: a fixed target of 0 gives no "
                        "percentage to score. Enter the target, or take it from the person's sales target.",
                        kpi=line.kpi_id.name,
                    )
                )


class SalesAppraisalGrade(models.Model):
    _name = "sales.appraisal.grade"
    _inherit = ["sales.finite.numbers.mixin"]
    _description = "Appraisal Grade Band"
    _order = "min_score desc, id"

    template_id = fields.Many2one("sales.appraisal.template", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    min_score = fields.Float(
        "Minimum Score", required=True, help="Total score from which this grade applies."
    )

    @api.constrains("min_score")
    def _check_min_score(self):
        for band in self:
            if not math.isfinite(band.min_score) or abs(band.min_score) > MAX_SCORE:
                raise ValidationError(
                    self.env._("The minimum score of grade %(name)s must be a finite number.", name=band.name)
                )
