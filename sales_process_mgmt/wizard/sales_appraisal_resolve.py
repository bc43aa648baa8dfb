# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.sales_kpi import MAX_AMOUNT, check_numbers


class SalesAppraisalResolve(models.TransientModel):
    """A team leader's correction of one KPI line: the only way a line changes by hand.

    Give a target (a line with no target), exclude the line with a written
    reason (its weight is shared among the other lines), or correct the actual
    (a computed figure that is wrong, or a manual KPI's entry). Draft and
    computed appraisals only; logged in the chatter; the appraisal is scored
    again at once.
    """

    _name = "sales.appraisal.resolve"
    _inherit = ["sales.app.fields.mixin"]
    _description = "Resolve an Appraisal KPI"
    # the line is set when the wizard opens (create checks the user reviews its appraisal):
    # changed afterwards, the related fields would show another appraisal's figures
    _spm_app_fields = frozenset({"line_id", "company_id"})

    line_id = fields.Many2one("sales.appraisal.line", "KPI Line", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="line_id.company_id", store=True)
    appraisal_id = fields.Many2one(related="line_id.appraisal_id")
    kpi_id = fields.Many2one(related="line_id.kpi_id")
    is_computed = fields.Boolean(related="line_id.is_computed")
    assessable = fields.Boolean(related="line_id.assessable")
    assessable_reason = fields.Selection(related="line_id.assessable_reason")
    actual_computed = fields.Float(related="line_id.actual_computed")
    mode = fields.Selection(
        [("target", "Give a target"), ("exclude", "Exclude the line"), ("correct", "Correct the actual")],
        string="Action",
        required=True,
        compute="_compute_mode",
        store=True,
        readonly=False,
    )
    target = fields.Float(digits=(16, 2))
    actual = fields.Float("Corrected Actual", digits=(16, 2))
    reason = fields.Text(help="Why: logged in the appraisal's chatter and shown in the Excel export.")

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list)
        # the wizard shows the line's figures: only for someone who reviews its appraisal
        lines = self.env["sales.appraisal.line"].browse(
            [vals.get("line_id") for vals in vals_list if vals.get("line_id")]
        )
        lines.check_access("read")
        lines.appraisal_id._check_reviewer()
        return super().create(vals_list)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        check_numbers(self, vals)
        return super().write(vals)

    @api.depends("line_id")
    def _compute_mode(self):
        for wizard in self:
            line = wizard.line_id
            if line.assessable_reason in ("no_entry",) or (line.assessable and line.is_computed):
                wizard.mode = "correct"
            elif line.assessable_reason in ("no_target", "zero_target", "no_plan"):
                wizard.mode = "target"
            else:
                wizard.mode = "exclude" if line else False

    def action_apply(self):
        self.ensure_one()
        line = self.line_id
        appraisal = line.appraisal_id
        appraisal._check_reviewer()
        if appraisal.state not in ("draft", "confirmed"):
            raise UserError(
                self.env._(
                    "%(name)s is acknowledged or approved: its KPIs are final. An administrator can reset "
                    "it to draft, giving a reason.",
                    name=appraisal.name,
                )
            )
        reason = (self.reason or "").strip()
        kpi = line.kpi_id.name
        if self.mode == "exclude":
            if not reason:
                raise UserError(self.env._("Write why %(kpi)s is excluded from the appraisal.", kpi=kpi))
            if not (appraisal.line_ids - line).filtered(lambda other: not other.excluded):
                raise UserError(
                    self.env._(
                        "%(kpi)s is the last KPI left in the total: an appraisal needs at least one.", kpi=kpi
                    )
                )
            vals = {"excluded": True, "exclusion_reason": reason}
            body = self.env._(
                "%(kpi)s excluded from the total score. Reason: %(reason)s", kpi=kpi, reason=reason
            )
        elif self.mode == "target":
            self._check_number(self.target)
            if not self.target and line.kpi_id.deviation_type == "relative":
                raise UserError(
                    self.env._(
                        "%(kpi)s is scored relative to its target: a target of 0 gives no percentage to "
                        "score. Enter the target, or exclude the line.",
                        kpi=kpi,
                    )
                )
            if not reason:
                raise UserError(self.env._("Write where the target of %(kpi)s comes from.", kpi=kpi))
            vals = {
                "target_source": "fixed",
                "target": self.target,
                "excluded": False,
                "exclusion_reason": False,
            }
            body = self.env._(
                "Target of %(kpi)s set to %(target)s. Reason: %(reason)s",
                kpi=kpi,
                target=self.target,
                reason=reason,
            )
        else:
            self._check_number(self.actual)
            if line.is_computed and not reason:
                raise UserError(
                    self.env._("Give a reason for correcting the computed actual of %(kpi)s.", kpi=kpi)
                )
            vals = {
                "override": True,
                "actual_override": self.actual,
                "override_reason": reason or False,
                "excluded": False,
                "exclusion_reason": False,
            }
            body = self.env._(
                "Actual of %(kpi)s corrected: computed %(computed)s, corrected %(entered)s. Reason: %(reason)s",
                kpi=kpi,
                computed=line.actual_computed,
                entered=self.actual,
                reason=reason or "-",
            )
        # sudo: the lines are the application's; this wizard is the leader's way to change one
        line.sudo().write(vals)
        appraisal.message_post(body=body)
        appraisal._compute_lines()
        return {"type": "ir.actions.act_window_close"}

    def _check_number(self, value):
        if not math.isfinite(value) or abs(value) > MAX_AMOUNT:
            raise UserError(
                self.env._("Enter a finite number of at most %(max)s in absolute value.", max="10^15")
            )
