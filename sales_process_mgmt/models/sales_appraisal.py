# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..report.sales_appraisal_xlsx import appraisal_workbook
from .sales_kpi import TARGET_METRICS

# What each metric needs from _fetch_figures.
METRIC_FIGURES = {
    "revenue_completion": ("revenue",),
    "collection_rate": ("revenue", "collected"),
    "new_customer_rate": ("new_customers",),
    "plan_accuracy": ("revenue",),
    "satisfaction": ("satisfaction",),
    "key_account_visits": ("key_account_visits",),
    "customer_file_completeness": ("complete_files",),
    "a_card_conversion": ("a_card_conversion",),
    "visit_groups": ("visit_groups",),
    "new_a_cards": ("new_a_cards",),
}
# Fields a salesperson may write on their own appraisal.
SALESPERSON_FIELDS = {"self_assessment"}


class SalesAppraisal(models.Model):
    _name = "sales.appraisal"
    _description = "Sales Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, user_id, id"
    _check_company_auto = True

    _sql_constraints = [
        ("dates_ordered", "CHECK(date_from <= date_to)", "An appraisal period ends on or after the day it starts."),
    ]

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, index=True, tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, check_company=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one(
        "sales.appraisal.template", required=True, check_company=True,
        ondelete="restrict",
    )
    date_from = fields.Date("Start Date", required=True)
    date_to = fields.Date("End Date", required=True)
    line_ids = fields.One2many("sales.appraisal.line", "appraisal_id", "KPIs", copy=True)
    total_score = fields.Float(compute="_compute_total_score", store=True, digits=(16, 2), aggregator="avg")
    grade_id = fields.Many2one(
        "sales.appraisal.grade", "Grade Band", compute="_compute_grade_id", store=True
    )
    grade = fields.Char(related="grade_id.name", string="Grade")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Computed"),
            ("acknowledged", "Acknowledged"),
            ("approved", "Approved"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    self_assessment = fields.Text(help="The salesperson's comment on the appraisal.")
    manager_comment = fields.Text()
    date_computed = fields.Datetime("Computed On", readonly=True, copy=False)
    date_acknowledged = fields.Datetime("Acknowledged On", readonly=True, copy=False)
    date_approved = fields.Datetime("Approved On", readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    is_reviewer = fields.Boolean(compute="_compute_user_rights")
    is_appraised_user = fields.Boolean(compute="_compute_user_rights")
    can_edit = fields.Boolean(
        compute="_compute_user_rights", help="Team leaders and administrators edit appraisals."
    )

    @api.depends("user_id.name", "date_from", "date_to")
    def _compute_name(self):
        for appraisal in self:
            appraisal.name = "%s %s - %s" % (
                appraisal.user_id.name or "", appraisal.date_from or "", appraisal.date_to or ""
            )

    @api.depends("line_ids.weighted_score")
    def _compute_total_score(self):
        for appraisal in self:
            appraisal.total_score = round(sum(appraisal.line_ids.mapped("weighted_score")), 2)

    @api.depends("total_score", "template_id.grade_ids.min_score")
    def _compute_grade_id(self):
        for appraisal in self:
            bands = appraisal.template_id.grade_ids.sorted("min_score", reverse=True)
            appraisal.grade_id = next(
                (band for band in bands if appraisal.total_score >= band.min_score), False
            )

    @api.depends_context("uid")
    def _compute_user_rights(self):
        is_admin = self.env.user.has_group("sales_team.group_sale_manager")
        can_edit = self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
        for appraisal in self:
            appraisal.can_edit = can_edit and (is_admin or appraisal.user_id != self.env.user)
            appraisal.is_reviewer = is_admin or (
                appraisal.team_id.user_id == self.env.user and appraisal.user_id != self.env.user
            )
            appraisal.is_appraised_user = appraisal.user_id == self.env.user

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id:
            self.team_id = self.user_id.sale_team_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        appraisals = super().create(vals_list)
        appraisals.filtered(lambda a: not a.line_ids)._create_lines_from_template()
        return appraisals

    def write(self, vals):
        if not self.env.su:
            self._check_write_allowed(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(appraisal.state != "draft" for appraisal in self):
            raise UserError(self.env._(
                "Only draft appraisals can be deleted; an administrator can reset one to draft first."))

    def _check_write_allowed(self, vals):
        fnames = set(vals) - set(self.env["mail.thread"]._fields)
        if not fnames:
            return
        if "state" in fnames:
            raise UserError(self.env._("Use the appraisal's buttons to change its status."))
        if any(appraisal.state == "approved" for appraisal in self):
            raise UserError(self.env._(
                "An approved appraisal is locked. An administrator can reset it to draft, giving a reason."))
        if not self.env.user.has_group("sales_team.group_sale_salesman_all_leads") or self._is_own_appraisal():
            if fnames - SALESPERSON_FIELDS:
                raise AccessError(self.env._(
                    "A salesperson may only write the self-assessment of their own appraisal."))

    def _is_own_appraisal(self):
        """True when a team leader (not an administrator) would edit their own appraisal:
        they review their team, not themselves."""
        return not self.env.user.has_group("sales_team.group_sale_manager") and any(
            appraisal.user_id == self.env.user for appraisal in self
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_compute(self):
        """Compute targets, actuals and scores of any number of appraisals at once."""
        self._check_reviewer()
        if any(appraisal.state not in ("draft", "confirmed") for appraisal in self):
            raise UserError(self.env._(
                "Only draft or computed appraisals can be computed again; an acknowledged or "
                "approved appraisal keeps its figures."))
        self._compute_lines()
        return True

    def action_acknowledge(self):
        for appraisal in self:
            if appraisal.user_id != self.env.user:
                raise AccessError(self.env._("Only the appraised salesperson can acknowledge an appraisal."))
            if appraisal.state != "confirmed":
                raise UserError(self.env._("Only a computed appraisal can be acknowledged."))
        # sudo: the salesperson may not write the state field themselves
        self.sudo().write({"state": "acknowledged", "date_acknowledged": fields.Datetime.now()})
        return True

    def action_approve(self):
        self._check_reviewer(approving=True)
        if any(appraisal.state != "acknowledged" for appraisal in self):
            raise UserError(self.env._("The salesperson must acknowledge the appraisal before it is approved."))
        # sudo: state changes go through the workflow actions only
        self.sudo().write({
            "state": "approved",
            "date_approved": fields.Datetime.now(),
            "approved_by_id": self.env.user.id,
        })
        return True

    def action_reset_draft_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reset to Draft"),
            "res_model": "sales.appraisal.reset",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": self._name},
        }

    def _reset_to_draft(self, reason):
        """Unlock appraisals (administrators only), logging the reason in the chatter."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales administrator can reset an appraisal to draft."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for resetting the appraisal to draft."))
        self.check_access("write")
        # sudo: write() refuses changes to approved appraisals and to the state
        self.sudo().write({"state": "draft", "date_approved": False, "approved_by_id": False,
                           "date_acknowledged": False})
        for appraisal in self:
            appraisal.message_post(body=self.env._("Reset to draft. Reason: %(reason)s", reason=reason))
        return True

    def action_export_xlsx(self):
        """Download the appraisals as an Excel workbook."""
        return self.env["sales.xlsx.export"]._download_action(
            base64.b64encode(self._export_xlsx()), self.env._("Appraisals.xlsx"),
        )

    def _export_xlsx(self):
        """Bytes of the Excel workbook of these appraisals (summary and detail sheets)."""
        return appraisal_workbook(self)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _check_reviewer(self, approving=False):
        """Team leaders review their team's appraisals; administrators all of them."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        for appraisal in self:
            if appraisal.team_id.user_id != self.env.user or (
                approving and appraisal.user_id == self.env.user
            ):
                raise AccessError(self.env._(
                    "Only the leader of %(team)s or a sales administrator can review %(name)s.",
                    team=appraisal.team_id.name or "-", name=appraisal.name))

    def _create_lines_from_template(self):
        commands = []
        for appraisal in self:
            for tline in appraisal.template_id.line_ids:
                commands.append({
                    "appraisal_id": appraisal.id,
                    "sequence": tline.sequence,
                    "kpi_id": tline.kpi_id.id,
                    "weight": tline.weight,
                    "target_source": tline.target_source,
                    "target": tline.target_value,
                })
        self.env["sales.appraisal.line"].create(commands)

    def _compute_lines(self):
        """Fill targets and computed actuals.

        A fixed number of queries per (company, subject, period) batch: an
        appraisal counts only its own company's documents and targets, so the
        count grows with the number of distinct companies, never with the
        number of appraisals.
        """
        Kpi = self.env["sales.kpi"]
        Target = self.env["sales.target"]
        line_values = {}
        batches = defaultdict(lambda: self.browse())
        for appraisal in self:
            key = (appraisal.company_id, appraisal.template_id.subject, appraisal.date_from, appraisal.date_to)
            batches[key] |= appraisal
        for (company, subject, date_from, date_to), appraisals in batches.items():
            scope = "team" if subject == "team" else "user"
            keys = appraisals.team_id if scope == "team" else appraisals.user_id
            lines = appraisals.line_ids
            metrics = set(lines.kpi_id.mapped("metric"))
            figure_names = {f for m in metrics for f in METRIC_FIGURES.get(m, ())}
            figures = Kpi._fetch_figures(figure_names, scope, keys, date_from, date_to, company=company)
            targets = {}
            if metrics & (TARGET_METRICS | {"plan_accuracy", "plan_timeliness"}):
                targets = Target._targets_for(scope, keys, date_from, date_to, company=company)
            for appraisal in appraisals:
                key = appraisal.team_id.id if scope == "team" else appraisal.user_id.id
                person_figures = {name: values.get(key, 0) for name, values in figures.items()}
                plan = targets.get(key) or {}
                for line in appraisal.line_ids:
                    line_values[line] = line._score_values(**line._values_from(person_figures, plan))
        self._write_computed(line_values)

    def _write_computed(self, line_values):
        """Store the lines' figures and the appraisals' totals.

        The lines' figures go in one UPDATE for all lines (the ORM would
        flush them 100 rows per statement), so the number of queries does not
        depend on the number of appraisals; nothing else depends on them but
        the totals, written the same way; the status goes through the ORM
        (tracked in the chatter).
        """
        Line = self.env["sales.appraisal.line"]
        fnames = ["target", "actual_computed", "actual", "achievement", "score", "weighted_score"]
        totals = defaultdict(float)
        rows = []
        for line, vals in line_values.items():
            totals[line.appraisal_id.id] += vals["weighted_score"]
            rows.append(SQL("(%s, %s)", line.id, SQL(", ").join(float(vals[f] or 0.0) for f in fnames)))
        if rows:
            Line.flush_model(fnames)
            self.env.execute_query(SQL(
                """UPDATE sales_appraisal_line AS line
                      SET %(assignments)s, write_uid = %(uid)s, write_date = now() at time zone 'UTC'
                     FROM (VALUES %(rows)s) AS v(id, %(columns)s)
                    WHERE line.id = v.id""",
                assignments=SQL(", ").join(
                    SQL("%s = v.%s::numeric", SQL.identifier(f), SQL.identifier(f)) for f in fnames),
                uid=self.env.uid,
                rows=SQL(", ").join(rows),
                columns=SQL(", ").join(SQL.identifier(f) for f in fnames),
            ))
            Line.browse([line.id for line in line_values]).invalidate_recordset(fnames + ["write_uid", "write_date"])
        grades = []
        for appraisal in self:
            total = round(totals[appraisal.id], 2)
            bands = appraisal.template_id.grade_ids.sorted("min_score", reverse=True)
            grade = next((band for band in bands if total >= band.min_score), None)
            grades.append(SQL("(%s, %s, %s)", appraisal.id, total, grade.id if grade else None))
        if grades:
            self.flush_model(["total_score", "grade_id"])
            self.env.execute_query(SQL(
                """UPDATE sales_appraisal AS appraisal
                      SET total_score = v.total::numeric, grade_id = v.grade_id::int
                     FROM (VALUES %(rows)s) AS v(id, total, grade_id)
                    WHERE appraisal.id = v.id""",
                rows=SQL(", ").join(grades),
            ))
            self.invalidate_recordset(["total_score", "grade_id"])
        # sudo: state changes go through action_compute only (write() refuses 'state');
        # through the ORM so that the chatter tracks the new status
        self.sudo().write({"state": "confirmed", "date_computed": fields.Datetime.now()})

    def _generate_for_team(self, team, template, date_from, date_to):
        """Create (or reuse) and compute one appraisal per team member."""
        users = team.user_id if template.subject == "team" else team.member_ids
        existing = self.search([
            ("user_id", "in", users.ids),
            ("template_id", "=", template.id),
            ("date_from", "=", date_from),
            ("date_to", "=", date_to),
        ])
        missing = users - existing.user_id
        created = self.create([{
            "user_id": user.id,
            "team_id": team.id,
            "company_id": team.company_id.id or self.env.company.id,
            "template_id": template.id,
            "date_from": date_from,
            "date_to": date_to,
        } for user in missing])
        appraisals = existing | created
        appraisals.filtered(lambda a: a.state in ("draft", "confirmed")).action_compute()
        return appraisals


class SalesAppraisalLine(models.Model):
    _name = "sales.appraisal.line"
    _description = "Sales Appraisal KPI"
    _order = "sequence, id"

    appraisal_id = fields.Many2one("sales.appraisal", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="appraisal_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="appraisal_id.user_id", store=True, string="Salesperson")
    team_id = fields.Many2one(related="appraisal_id.team_id", store=True)
    date_from = fields.Date(related="appraisal_id.date_from", store=True)
    state = fields.Selection(related="appraisal_id.state")
    kpi_id = fields.Many2one("sales.kpi", "KPI", required=True, ondelete="restrict")
    metric = fields.Selection(related="kpi_id.metric")
    is_computed = fields.Boolean(related="kpi_id.is_computed")
    weight = fields.Float(digits=(16, 2))
    target_source = fields.Selection(
        [("sales_target", "Person's sales target"), ("fixed", "Fixed value")],
        string="Target From", default="fixed", required=True,
    )
    target = fields.Float(digits=(16, 2))
    actual_computed = fields.Float("Computed Actual", digits=(16, 2), readonly=True)
    override = fields.Boolean(
        help="Replace the computed actual by a value of your own; a reason is required and logged."
    )
    actual_override = fields.Float("Entered Actual", digits=(16, 2))
    override_reason = fields.Char("Reason")
    actual = fields.Float(compute="_compute_actual", store=True, digits=(16, 2))
    achievement = fields.Float("Achievement (%)", compute="_compute_score", store=True, digits=(16, 2))
    score = fields.Float(compute="_compute_score", store=True, digits=(16, 2), aggregator="avg")
    weighted_score = fields.Float(compute="_compute_score", store=True, digits=(16, 2))

    @api.depends("actual_computed", "override", "actual_override", "kpi_id.metric")
    def _compute_actual(self):
        for line in self:
            line.actual = line._actual_from(line.actual_computed)

    @api.depends("actual", "target", "weight", "kpi_id.direction", "kpi_id.deviation_type",
                 "kpi_id.bonus_per_pct", "kpi_id.penalty_per_pct", "kpi_id.score_floor",
                 "kpi_id.score_cap")
    def _compute_score(self):
        for line in self:
            if not line.kpi_id:
                line.achievement = line.score = line.weighted_score = 0.0
                continue
            values = line._score_values(line.target, line.actual_computed, line.actual)
            line.achievement = values["achievement"]
            line.score = values["score"]
            line.weighted_score = values["weighted_score"]

    @api.constrains("override", "override_reason")
    def _check_override_reason(self):
        for line in self:
            if line.override and line.kpi_id.is_computed and not (line.override_reason or "").strip():
                raise ValidationError(self.env._(
                    "Give a reason for overriding the computed actual of %(kpi)s.", kpi=line.kpi_id.name))

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("override")._log_override()
        return lines

    def write(self, vals):
        if not self.env.su:
            if any(line.appraisal_id.state not in ("draft", "confirmed") for line in self):
                raise UserError(self.env._(
                    "The KPIs of an acknowledged or approved appraisal cannot be changed."))
            self._check_not_own_appraisal()
        res = super().write(vals)
        if {"override", "actual_override", "override_reason"} & set(vals):
            self.filtered("override")._log_override()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_own_appraisal(self):
        self._check_not_own_appraisal()

    def _check_not_own_appraisal(self):
        """A team leader's own KPIs are set by an administrator, like a salesperson's by the leader."""
        if not self.env.su and self.appraisal_id._is_own_appraisal():
            raise AccessError(self.env._(
                "A salesperson may only write the self-assessment of their own appraisal."))

    def _log_override(self):
        for line in self:
            line.appraisal_id.message_post(body=self.env._(
                "Actual of %(kpi)s overridden: computed %(computed)s, entered %(entered)s. Reason: %(reason)s",
                kpi=line.kpi_id.name, computed=line.actual_computed, entered=line.actual_override,
                reason=line.override_reason or "-"))

    def _actual_from(self, actual_computed):
        """The actual that is scored: the entered value when overridden or not computed."""
        self.ensure_one()
        entered = self.override or not self.kpi_id.is_computed
        return self.actual_override if entered else actual_computed

    def _score_values(self, target, actual_computed, actual=None):
        """Every figure of the line for a target and a computed actual."""
        self.ensure_one()
        if actual is None:
            actual = self._actual_from(actual_computed)
        score = self.kpi_id._score(actual, target)
        return {
            "target": target,
            "actual_computed": actual_computed,
            "actual": actual,
            "achievement": self.kpi_id._achievement(actual, target),
            "score": score,
            "weighted_score": round(score * self.weight / 100.0, 2),
        }

    def _values_from(self, figures, plan):
        """{target, actual_computed} of this line from the person's figures and plans."""
        self.ensure_one()
        metric = self.kpi_id.metric
        target = self.target
        if self.target_source == "sales_target" and metric in TARGET_METRICS:
            if metric == "revenue_completion":
                target = plan.get("amount", 0.0)
            elif metric == "new_customer_rate":
                target = plan.get("new_customers", 0)
            elif metric == "collection_rate":
                amount = plan.get("amount", 0.0)
                target = plan.get("collection", 0.0) / amount * 100.0 if amount else 100.0
        revenue = figures.get("revenue", 0.0)
        if metric == "revenue_completion":
            actual = revenue
        elif metric == "collection_rate":
            # nothing sold: nothing left to collect
            actual = figures.get("collected", 0.0) / revenue * 100.0 if revenue else 100.0
        elif metric == "new_customer_rate":
            actual = figures.get("new_customers", 0)
        elif metric == "plan_accuracy":
            planned = plan.get("amount", 0.0)
            if planned:
                actual = max(0.0, (1 - abs(planned - revenue) / planned) * 100.0)
            else:
                actual = 100.0 if not revenue else 0.0
        elif metric == "plan_timeliness":
            due = plan.get("leaves", 0)
            actual = plan.get("on_time", 0) / due * 100.0 if due else 100.0
        elif metric in METRIC_FIGURES:
            actual = figures.get(METRIC_FIGURES[metric][0], 0.0)
        else:
            actual = 0.0
        return {"target": target, "actual_computed": actual}
