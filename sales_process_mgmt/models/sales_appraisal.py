# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import logging
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_list

from ..report.sales_appraisal_xlsx import appraisal_workbook
from .sales_kpi import MAX_DATE, MIN_DATE
from .sales_kpi_metrics import METRICS_BY_CODE, NOT_ASSESSABLE_REASONS

_logger = logging.getLogger(__name__)

# Fields a salesperson may write on their own appraisal.
SALESPERSON_FIELDS = {"self_assessment"}
# Fields of the period and subject, fixed once the appraisal is computed.
DRAFT_FIELDS = {"user_id", "team_id", "company_id", "template_id", "date_from", "date_to"}
ACT_ACKNOWLEDGE = "sales_process_mgmt.mail_activity_type_appraisal_acknowledge"
ACT_APPROVE = "sales_process_mgmt.mail_activity_type_appraisal_approve"
# The figures an evaluation writes on a KPI line (see SalesAppraisalLine._evaluate).
LINE_FIGURES = (
    "target",
    "actual_computed",
    "actual",
    "assessable",
    "assessable_reason",
    "weight_effective",
    "score",
    "achievement",
    "weighted_score",
)
# Marks activity creation whose assignees were already subscribed in one batch
# (an RPC client cannot forge this object).
_FOLLOWERS_DONE = object()


class SalesAppraisal(models.Model):
    _name = "sales.appraisal"
    _description = "Sales Appraisal"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.app.fields.mixin"]
    _order = "date_from desc, user_id, id"
    _check_company_auto = True

    # The database refuses a second appraisal of a person for an overlapping
    # period in a company, also for two transactions at once (create() names
    # the first one before it gets there).
    _sql_constraints = [
        (
            "one_per_period",
            "EXCLUDE USING gist (company_id WITH =, user_id WITH =, daterange(date_from, date_to, '[]') WITH &&)",
            "This salesperson already has an appraisal for an overlapping period in this company.",
        ),
    ]
    _spm_app_fields = frozenset(
        {
            "state",
            "total_score",
            "grade_id",
            "unassessable_count",
            "date_computed",
            "computed_by_id",
            "date_acknowledged",
            "date_approved",
            "approved_by_id",
            "line_ids",
        }
    )

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        "Salesperson",
        required=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, check_company=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    template_id = fields.Many2one(
        "sales.appraisal.template",
        required=True,
        check_company=True,
        ondelete="restrict",
    )
    date_from = fields.Date("Start Date", required=True)
    date_to = fields.Date("End Date", required=True)
    line_ids = fields.One2many("sales.appraisal.line", "appraisal_id", "KPIs", readonly=True)
    total_score = fields.Float(digits=(16, 2), aggregator="avg", readonly=True, copy=False)
    grade_id = fields.Many2one("sales.appraisal.grade", "Grade Band", readonly=True, copy=False)
    grade = fields.Char(related="grade_id.name", string="Grade")
    unassessable_count = fields.Integer(
        "Lines to Resolve",
        readonly=True,
        copy=False,
        help="KPI lines that cannot be assessed (no target or nothing to measure) and are not "
        "excluded yet. The appraisal has no grade and cannot be acknowledged or approved until a "
        "team leader resolves them.",
    )
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
    computed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
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
                appraisal.user_id.name or "",
                appraisal.date_from or "",
                appraisal.date_to or "",
            )

    @api.depends("user_id", "team_id")
    @api.depends_context("uid")
    def _compute_user_rights(self):
        may_manage = self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
        for appraisal in self:
            appraisal.is_reviewer = appraisal._may_review()
            appraisal.can_edit = appraisal.is_reviewer or (may_manage and not appraisal.user_id)
            appraisal.is_appraised_user = appraisal.user_id == self.env.user

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id:
            self.team_id = self.user_id.sale_team_id

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for appraisal in self:
            if appraisal.date_from > appraisal.date_to:
                raise ValidationError(
                    self.env._(
                        "An appraisal period ends on or after the day it starts (%(name)s).",
                        name=appraisal.name,
                    )
                )
            if appraisal.date_from < MIN_DATE or appraisal.date_to > MAX_DATE:
                raise ValidationError(
                    self.env._(
                        "The period of %(name)s lies outside the calendar the application handles "
                        "(%(start)s to %(end)s).",
                        name=appraisal.name,
                        start=MIN_DATE,
                        end=MAX_DATE,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def _auto_init(self):
        # the exclusion constraint compares integers with GiST: needs btree_gist (a trusted extension)
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL("CREATE EXTENSION IF NOT EXISTS btree_gist"))
        except Exception:
            _logger.warning("btree_gist unavailable: one appraisal per period is checked in Python only")
        return super()._auto_init()

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        if not self.env.su:
            for vals in vals_list:
                self._check_manage(
                    self.env["res.users"].browse(vals.get("user_id")),
                    self.env["crm.team"].browse(vals.get("team_id")),
                )
        for vals in vals_list:
            self._check_period_vals(vals)
        self._check_one_per_period([(None, vals) for vals in vals_list])
        appraisals = super().create(vals_list)
        appraisals._create_lines_from_template()
        return appraisals

    def write(self, vals):
        self._spm_check_app_fields(vals)
        if not self.env.su:
            self._check_write_allowed(vals)
        if DRAFT_FIELDS & set(vals):
            for appraisal in self:
                appraisal._check_period_vals(vals)
            self._check_one_per_period([(appraisal, vals) for appraisal in self])
        res = super().write(vals)
        if "template_id" in vals:
            # sudo: the lines are the application's; a draft follows its new template
            self.sudo().line_ids.unlink()
            self._create_lines_from_template()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if self.env.su:
            return
        if any(appraisal.state != "draft" for appraisal in self):
            raise UserError(
                self.env._(
                    "Only draft appraisals can be deleted; an administrator can reset one to draft first."
                )
            )
        for appraisal in self:
            appraisal._check_manage(appraisal.user_id, appraisal.team_id)

    def _check_write_allowed(self, vals):
        fnames = set(vals) - set(self.env["mail.thread"]._fields)
        if not fnames:
            return
        for appraisal in self:
            if appraisal.state == "approved":
                raise UserError(
                    self.env._(
                        "An approved appraisal is locked. An administrator can reset it to draft, giving a reason."
                    )
                )
            if appraisal.user_id == self.env.user and not (fnames - SALESPERSON_FIELDS):
                if appraisal.state == "acknowledged":
                    raise UserError(
                        self.env._("You acknowledged %(name)s: your comment is final.", name=appraisal.name)
                    )
                continue
            if not appraisal._may_review():
                raise AccessError(
                    self.env._(
                        "A salesperson may only write the self-assessment of their own appraisal; the "
                        "rest is set by the leader of the team or a sales administrator."
                    )
                )
            if "self_assessment" in fnames:
                raise AccessError(
                    self.env._("The self-assessment is written by the appraised salesperson only.")
                )
            if fnames - {"manager_comment"} and appraisal.state != "draft":
                raise UserError(
                    self.env._(
                        "%(name)s is computed: its person, team, template and period are fixed. An "
                        "administrator can reset it to draft, giving a reason.",
                        name=appraisal.name,
                    )
                )
        if DRAFT_FIELDS & fnames:
            for appraisal in self:
                user = self.env["res.users"].browse(vals.get("user_id", appraisal.user_id.id))
                team = self.env["crm.team"].browse(vals.get("team_id", appraisal.team_id.id))
                self._check_manage(user, team)

    def _check_period_vals(self, vals):
        """The period about to be written is a period (before the database compares date ranges)."""
        date_from = fields.Date.to_date(vals.get("date_from", self.date_from if self else False))
        date_to = fields.Date.to_date(vals.get("date_to", self.date_to if self else False))
        if date_from and date_to and date_from > date_to:
            raise ValidationError(
                self.env._(
                    "An appraisal period ends on or after the day it starts: %(start)s is after %(end)s.",
                    start=date_from,
                    end=date_to,
                )
            )

    def _check_manage(self, user, team):
        """A team leader manages the appraisals of the members of the teams they lead, not their own."""
        if self.env.su:
            return
        is_admin = self.env.user.has_group("sales_team.group_sale_manager")
        if user == self.env.user and not is_admin:
            raise AccessError(
                self.env._("Your own appraisal is prepared by a sales administrator, not by you.")
            )
        if is_admin:
            return
        if not team or team.user_id != self.env.user or user not in team.member_ids:
            raise AccessError(
                self.env._(
                    "You manage the appraisals of the members of the teams you lead only; %(user)s is not "
                    "a member of a team you lead.",
                    user=user.name or "-",
                )
            )

    def _check_one_per_period(self, candidates):
        """One appraisal per person and overlapping period per company, whatever the team or template.

        ``candidates``: (appraisal or None, vals) pairs about to be created or
        written. One search for all of them; the database's exclusion
        constraint holds for concurrent transactions.
        """
        rows = []
        for appraisal, vals in candidates:
            rows.append(
                (
                    appraisal.id if appraisal else None,
                    vals.get("user_id", appraisal.user_id.id if appraisal else False),
                    vals.get("company_id", appraisal.company_id.id if appraisal else self.env.company.id),
                    fields.Date.to_date(vals.get("date_from", appraisal.date_from if appraisal else False)),
                    fields.Date.to_date(vals.get("date_to", appraisal.date_to if appraisal else False)),
                )
            )
        rows = [row for row in rows if row[1] and row[3] and row[4]]
        if not rows:
            return
        # sudo: the first appraisal may belong to a team the user cannot read; only its name is shown
        existing = self.sudo().search(
            [
                ("user_id", "in", [row[1] for row in rows]),
                ("company_id", "in", [row[2] for row in rows]),
                ("date_from", "<=", max(row[4] for row in rows)),
                ("date_to", ">=", min(row[3] for row in rows)),
            ]
        )
        taken = [(a.id, a.user_id.id, a.company_id.id, a.date_from, a.date_to, a.name) for a in existing]
        written = {row[0] for row in rows if row[0]}
        taken = [row for row in taken if row[0] not in written]
        for rid, user_id, company_id, date_from, date_to in rows:
            for other in taken:
                if other[1:3] == (user_id, company_id) and other[3] <= date_to and other[4] >= date_from:
                    raise ValidationError(
                        self.env._(
                            "%(user)s already has an appraisal for an overlapping period: %(first)s. One "
                            "appraisal per person and period, whatever the team or template.",
                            user=self.env["res.users"].browse(user_id).name,
                            first=other[5],
                        )
                    )
            taken.append(
                (
                    rid,
                    user_id,
                    company_id,
                    date_from,
                    date_to,
                    "%s %s - %s" % (self.env["res.users"].browse(user_id).name, date_from, date_to),
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_compute(self):
        """Compute targets, actuals and scores of any number of appraisals at once."""
        self._check_reviewer()
        if any(appraisal.state not in ("draft", "confirmed") for appraisal in self):
            raise UserError(
                self.env._(
                    "Only draft or computed appraisals can be computed again; an acknowledged or "
                    "approved appraisal keeps its figures."
                )
            )
        self._compute_lines(confirm=True)
        return True

    def action_acknowledge(self):
        for appraisal in self:
            if appraisal.user_id != self.env.user:
                raise AccessError(self.env._("Only the appraised salesperson can acknowledge an appraisal."))
            if appraisal.state != "confirmed":
                raise UserError(self.env._("Only a computed appraisal can be acknowledged."))
        self._check_resolved()
        # sudo: the salesperson may not write the state field themselves
        self.sudo().write({"state": "acknowledged", "date_acknowledged": fields.Datetime.now()})
        self.sudo().activity_feedback([ACT_ACKNOWLEDGE])
        self._schedule_activity(ACT_APPROVE, {a: a._approver() for a in self})
        return True

    def action_approve(self):
        self._check_reviewer()
        if any(appraisal.state != "acknowledged" for appraisal in self):
            raise UserError(
                self.env._("The salesperson must acknowledge the appraisal before it is approved.")
            )
        self._check_resolved()
        # sudo: state changes go through the workflow actions only
        self.sudo().write(
            {
                "state": "approved",
                "date_approved": fields.Datetime.now(),
                "approved_by_id": self.env.user.id,
            }
        )
        self.sudo().activity_feedback([ACT_APPROVE])
        return True

    def action_reset_draft_wizard(self):
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales administrator can reset an appraisal to draft."))
        return self.env["sales.appraisal.reset"]._action_open(self)

    def _reset_to_draft(self, reason):
        """Unlock appraisals (administrators only), logging the reason in the chatter."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only a sales administrator can reset an appraisal to draft."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for resetting the appraisal to draft."))
        if any(appraisal.user_id == self.env.user for appraisal in self):
            raise AccessError(self.env._("Another sales administrator resets your own appraisal."))
        self.check_access("write")
        # sudo: write() refuses changes to approved appraisals and to the state
        self.sudo().write(
            {"state": "draft", "date_approved": False, "approved_by_id": False, "date_acknowledged": False}
        )
        self.sudo().activity_unlink([ACT_ACKNOWLEDGE, ACT_APPROVE])
        for appraisal in self:
            appraisal.message_post(body=self.env._("Reset to draft. Reason: %(reason)s", reason=reason))
        return True

    def action_export_xlsx(self):
        """Download the appraisals as an Excel workbook."""
        self.check_access("read")
        return self.env["sales.xlsx.export"]._download_action(
            base64.b64encode(self._export_xlsx()),
            self.env._("Appraisals.xlsx"),
        )

    def _export_xlsx(self):
        """Bytes of the Excel workbook of these appraisals (summary and detail sheets)."""
        return appraisal_workbook(self)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _may_review(self):
        """Whether the current user computes, resolves and approves this appraisal.

        The leader of its team does, for the members; a sales administrator for
        anybody; nobody for their own appraisal.
        """
        self.ensure_one()
        if self.env.su:
            return True
        if self.user_id == self.env.user:
            return False
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return True
        return (
            self.env.user.has_group("sales_team.group_sale_salesman_all_leads")
            and self.team_id.user_id == self.env.user
            and self.user_id in self.team_id.member_ids
        )

    def _check_reviewer(self):
        """Team leaders review their members' appraisals, administrators anybody's; nobody their own."""
        for appraisal in self:
            if appraisal._may_review():
                continue
            if appraisal.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Nobody reviews their own appraisal: %(name)s is computed and approved by the "
                        "leader of the team or, for a leader or an administrator, by a sales administrator.",
                        name=appraisal.name,
                    )
                )
            raise AccessError(
                self.env._(
                    "Only the leader of %(team)s or a sales administrator can review %(name)s.",
                    team=appraisal.team_id.name or "-",
                    name=appraisal.name,
                )
            )

    def _check_resolved(self):
        pending = self.filtered("unassessable_count")
        if pending:
            raise UserError(
                self.env._(
                    "%(names)s still has KPI lines that cannot be assessed. A team leader must give "
                    "them a target or exclude them, with a reason, first.",
                    names=format_list(self.env, pending.mapped("name")),
                )
            )

    def _approver(self):
        """Who approves: the team's leader, or for a leader's own appraisal whoever computed it."""
        self.ensure_one()
        leader = self.team_id.user_id
        if leader and leader != self.user_id:
            return leader
        return self.computed_by_id

    def _schedule_activity(self, xmlid, recipients):
        """One activity per appraisal for its recipient, in the recipient's language.

        One create for the whole batch; ``mail_activity_quick_update`` skips the
        notification e-mail (the activity shows in the recipient's inbox).
        """
        recipients = {appraisal: user for appraisal, user in recipients.items() if user}
        if not recipients:
            return
        activity_type = self.env.ref(xmlid)
        model_id = self.env["ir.model"]._get_id(self._name)
        texts = {}
        vals_list = []
        for appraisal, user in recipients.items():
            if not user:
                continue
            lang = user.lang or "en_US"
            if lang not in texts:
                localized = activity_type.with_context(lang=lang)
                texts[lang] = (localized.summary, localized.default_note)
            summary, note = texts[lang]
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": appraisal.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": activity_type._get_date_deadline(),
                    "automated": True,
                }
            )
        self._subscribe_in_batch(
            {(vals["res_id"], recipients[self.browse(vals["res_id"])].partner_id.id) for vals in vals_list}
        )
        # sudo: the workflow assigns the activity to someone else than the current user
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True, spm_followers_done=_FOLLOWERS_DONE
        ).create(vals_list)

    def _subscribe_in_batch(self, pairs):
        """Subscribe each activity's assignee to its appraisal: one search and one create.

        mail.activity.create subscribes assignees one user at a time (a few
        queries each); they are followers already when it runs, see
        message_subscribe.
        """
        Followers = self.env["mail.followers"].sudo()
        existing = Followers.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", list({res_id for res_id, _partner in pairs})),
                ("partner_id", "in", list({partner for _res_id, partner in pairs})),
            ]
        )
        pairs = pairs - {(follower.res_id, follower.partner_id.id) for follower in existing}
        subtype_ids = self.env["mail.message.subtype"]._default_subtypes(self._name)[0]
        Followers.create(
            [
                {
                    "res_model": self._name,
                    "res_id": res_id,
                    "partner_id": partner_id,
                    "subtype_ids": [Command.set(subtype_ids)],
                }
                for res_id, partner_id in pairs
                if partner_id
            ]
        )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if self.env.context.get("spm_followers_done") is _FOLLOWERS_DONE and not subtype_ids:
            return True  # subscribed by _subscribe_in_batch
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _create_lines_from_template(self):
        vals_list = []
        for appraisal in self:
            for tline in appraisal.template_id.line_ids:
                vals_list.append(
                    {
                        "appraisal_id": appraisal.id,
                        "sequence": tline.sequence,
                        "kpi_id": tline.kpi_id.id,
                        "weight": tline.weight,
                        "weight_effective": tline.weight,
                        "target_source": tline.target_source,
                        "target": tline.target_value,
                    }
                )
        # sudo: lines are the application's (read-only for every role)
        self.env["sales.appraisal.line"].sudo().create(vals_list)

    def _compute_lines(self, confirm=False):
        """Fill targets, computed actuals, scores, totals and grades.

        A fixed number of queries per (company, subject, period) batch: an
        appraisal counts only its own company's documents and targets, so the
        count grows with the number of distinct companies, never with the
        number of appraisals. ``confirm``: draft appraisals become computed.
        """
        Kpi = self.env["sales.kpi"]
        Target = self.env["sales.target"]
        inputs = {}
        batches = defaultdict(lambda: self.browse())
        for appraisal in self:
            key = (
                appraisal.company_id,
                appraisal.template_id.subject,
                appraisal.date_from,
                appraisal.date_to,
            )
            batches[key] |= appraisal
        for (company, subject, date_from, date_to), appraisals in batches.items():
            scope = "team" if subject == "team" else "user"
            keys = appraisals.team_id if scope == "team" else appraisals.user_id
            # sorted: the same queries in the same order for every batch
            metrics = [
                METRICS_BY_CODE[code]
                for code in sorted(set(appraisals.line_ids.kpi_id.mapped("metric")))
                if code in METRICS_BY_CODE
            ]
            figure_names = sorted({name for metric in metrics for name in metric.figures})
            figures = Kpi._fetch_figures(figure_names, scope, keys, date_from, date_to, company=company)
            targets = {}
            if any(metric.needs_plan or metric.has_plan_target for metric in metrics):
                targets = Target._targets_for(scope, keys, date_from, date_to, company=company)
            for appraisal in appraisals:
                key = appraisal.team_id.id if scope == "team" else appraisal.user_id.id
                person = {name: values.get(key) for name, values in figures.items()}
                inputs[appraisal.id] = (person, targets.get(key) or {})
        self._write_evaluation(self.line_ids._evaluate(inputs), confirm)

    def _write_evaluation(self, line_values, confirm):
        """Store the lines' figures, the totals and grades through the ORM.

        Lines (and appraisals) with equal values are written together; the
        ORM flushes the rest in batches of ``UPDATE ... FROM (VALUES ...)``.
        """
        Line = self.env["sales.appraisal.line"]
        lines = Line.browse([line.id for line in line_values])
        # the values stored now, one column at a time (cache lookups, not a read per line and field)
        current = zip(*(lines.mapped(fname) for fname in LINE_FIGURES), strict=True)
        by_values = defaultdict(list)
        totals = defaultdict(float)
        pending = defaultdict(int)
        for (line, vals), stored in zip(line_values.items(), current, strict=True):
            appraisal = line.appraisal_id
            totals[appraisal] += vals["weighted_score"]
            if not vals["assessable"] and not line.excluded:
                pending[appraisal] += 1
            # computing again writes only what changed
            changed = tuple(
                (fname, vals[fname])
                for fname, value in zip(LINE_FIGURES, stored, strict=True)
                if value != vals[fname]
            )
            if changed:
                by_values[changed].append(line.id)
        # sudo: lines and totals are the application's fields (read-only for every role)
        for items, ids in by_values.items():
            Line.sudo().browse(ids).write(dict(items))
        appraisal_values = defaultdict(list)
        for appraisal in self:
            total = round(totals[appraisal], 2)
            count = pending[appraisal]
            grade = (
                appraisal.template_id._grade_for(total) if not count else self.env["sales.appraisal.grade"]
            )
            if (appraisal.total_score, appraisal.grade_id, appraisal.unassessable_count) != (
                total,
                grade,
                count,
            ):
                appraisal_values[(total, grade.id, count)].append(appraisal.id)
        for (total, grade_id, count), ids in appraisal_values.items():
            self.sudo().browse(ids).write(
                {"total_score": total, "grade_id": grade_id, "unassessable_count": count}
            )
        if confirm:
            drafts = self.filtered(lambda a: a.state == "draft")
            # sudo: state changes go through action_compute only. The chatter's tracking of
            # the new status is written in one batch below: mail.thread's tracking would
            # log one message per appraisal at commit (two queries each). The time of the
            # computation is the transaction's (as write_date): computing again in the same
            # transaction writes the same value, whatever the clock's second.
            self.sudo().with_context(mail_notrack=True).write(
                {
                    "state": "confirmed",
                    "date_computed": self.env.cr.now(),
                    "computed_by_id": self.env.user.id,
                }
            )
            drafts._track_state_in_batch("draft", "confirmed")
            drafts._schedule_activity(ACT_ACKNOWLEDGE, {a: a.user_id for a in drafts})

    def _track_state_in_batch(self, old_state, new_state):
        """Log the status change of these appraisals in the chatter, as mail.thread's tracking does.

        The same message (an empty body and a tracking value of ``state``) for
        each record, created by one ``create`` of the messages and one of their
        tracking values, whatever the number of appraisals.
        """
        ctx = self.env.context
        if not self or ctx.get("tracking_disable") or ctx.get("mail_notrack"):
            return
        # A write of this transaction that was tracked already holds the status before
        # it: the status is logged here, not a second time at commit.
        pending = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        for appraisal_id in self.ids:
            if pending.get(appraisal_id):
                pending[appraisal_id].pop("state", None)
        col_info = self.fields_get(["state"], attributes=("string", "type", "selection", "currency_field"))
        Tracking = self.env["mail.tracking.value"].sudo()
        tracking = Tracking._create_tracking_values(
            old_state, new_state, "state", col_info["state"], self[:1]
        )
        # sudo: the application logs its own workflow step (as mail.thread's tracking does)
        messages = self.sudo()._message_log_batch({appraisal.id: "" for appraisal in self})
        Tracking.create([dict(tracking, mail_message_id=message.id) for message in messages])

    def _generate_for_team(self, team, template, date_from, date_to):
        """Create and compute one appraisal per team member who has none for the period.

        :return: (created appraisals, users skipped because they already have one)
        """
        users = team.user_id if template.subject == "team" else team.member_ids
        company = team.company_id or self.env.company
        # sudo: an appraisal of another team or template counts too; only names are listed
        existing = self.sudo().search(
            [
                ("user_id", "in", users.ids),
                ("company_id", "=", company.id),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ]
        )
        skipped = existing.user_id
        created = self.create(
            [
                {
                    "user_id": user.id,
                    "team_id": team.id,
                    "company_id": company.id,
                    "template_id": template.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
                for user in users - skipped
            ]
        )
        created.action_compute()
        return created, skipped


class SalesAppraisalLine(models.Model):
    """A KPI of an appraisal: every figure is the application's.

    Read-only for every role; a team leader corrects an actual, gives a target
    or excludes the line through the resolve wizard (``sales.appraisal.resolve``).
    """

    _name = "sales.appraisal.line"
    _description = "Sales Appraisal KPI"
    _inherit = ["sales.app.fields.mixin"]
    _order = "sequence, id"
    _spm_app_fields = frozenset(
        {
            "appraisal_id",
            "sequence",
            "kpi_id",
            "weight",
            "weight_effective",
            "target_source",
            "target",
            "actual_computed",
            "override",
            "actual_override",
            "override_reason",
            "actual",
            "achievement",
            "score",
            "weighted_score",
            "assessable",
            "assessable_reason",
            "excluded",
            "exclusion_reason",
        }
    )

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
    weight = fields.Float(digits=(16, 2), help="Weight of the KPI in the template, in percent.")
    weight_effective = fields.Float(
        "Effective Weight",
        digits=(16, 2),
        help="Weight used for the total: the weight of an excluded line is shared among the other "
        "lines in proportion to their weights.",
    )
    target_source = fields.Selection(
        [("sales_target", "Person's sales target"), ("fixed", "Fixed value")],
        string="Target From",
        default="fixed",
        required=True,
    )
    target = fields.Float(digits=(16, 2))
    actual_computed = fields.Float("Computed Actual", digits=(16, 2))
    override = fields.Boolean(
        "Corrected",
        help="A team leader corrected the computed actual (or entered a manual one), with a reason "
        "logged in the chatter.",
    )
    actual_override = fields.Float("Corrected Actual", digits=(16, 2))
    override_reason = fields.Char("Correction Reason")
    actual = fields.Float(digits=(16, 2))
    achievement = fields.Float("Achievement (%)", digits=(16, 2))
    score = fields.Float(digits=(16, 2), aggregator="avg")
    weighted_score = fields.Float(
        digits=(16, 2), help="Score times the effective weight; they add up to the total score."
    )
    assessable = fields.Boolean(
        default=True,
        help="The line has a target and the data to measure it. A line that is not assessable has "
        "no score until a team leader gives it a target or excludes it.",
    )
    assessable_reason = fields.Selection(NOT_ASSESSABLE_REASONS, "Why Not Assessable")
    excluded = fields.Boolean(help="Left out of the total by a team leader, with a reason.")
    exclusion_reason = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_application(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The KPI lines of an appraisal come from its template: they are not deleted one by one."
                )
            )

    def _spm_app_fields_message(self, labels):
        return self.env._(
            "The KPI lines of an appraisal are computed by the application (%(fields)s). A team "
            "leader corrects an actual, gives a target or excludes a line with the Resolve button.",
            fields=labels,
        )

    def _evaluate(self, inputs):
        """{line: values to store} of these lines, from their appraisals' figures and plans.

        ``inputs``: {appraisal id: (figures of the appraised person or team, their
        plans)}, for the appraisals of all these lines. The one place where targets,
        actuals, assessability, scores and weights are decided. Each column is read
        once for all the lines, each KPI's curve once.
        """
        columns = ("target_source", "target", "override", "actual_override", "weight", "excluded")
        kpis = {}
        rows = []
        included_weight = defaultdict(float)
        for line, target_source, target, override, actual_override, weight, excluded in zip(
            self, *(self.mapped(fname) for fname in columns), strict=True
        ):
            kpi = line.kpi_id
            if kpi not in kpis:
                kpis[kpi] = (METRICS_BY_CODE.get(kpi.metric), kpi._curve())
            metric, curve = kpis[kpi]
            appraisal_id = line.appraisal_id.id
            figures, plan = inputs[appraisal_id]
            reason = None
            if target_source == "sales_target" and metric and metric.has_plan_target:
                target, reason = metric.target_from_plan(plan)
            if reason is None and not target and curve["deviation"] == "relative":
                reason = "zero_target"
            if metric and metric.is_computed:
                actual_computed, measure_reason = metric.measure(figures, plan)
            else:
                actual_computed, measure_reason = None, "no_entry"
            if override:
                actual, measure_reason = actual_override, None
            else:
                actual = actual_computed
            reason = reason or measure_reason
            if not excluded:
                included_weight[appraisal_id] += weight
            # rounded as stored (2 digits): computing again writes only what changed
            vals = {
                "target": round(target or 0.0, 2),
                "actual_computed": round(actual_computed or 0.0, 2),
                "actual": round(actual or 0.0, 2),
                "assessable": reason is None,
                "assessable_reason": reason or False,
            }
            rows.append((line, kpi, curve, appraisal_id, weight, excluded, vals))
        values = {}
        for line, kpi, curve, appraisal_id, weight, excluded, vals in rows:
            total_weight = included_weight[appraisal_id]
            share = weight / total_weight if total_weight and not excluded else 0.0
            if vals["assessable"] and not excluded:
                score = kpi._score(vals["actual"], vals["target"], curve)
                achievement = kpi._achievement(vals["actual"], vals["target"], curve)
            else:
                score = achievement = 0.0
            vals.update(
                {
                    "weight_effective": round(share * 100.0, 2),
                    "score": round(score, 2),
                    "achievement": round(achievement, 2),
                    "weighted_score": round(score * share, 2),
                }
            )
            values[line] = vals
        return values

    def action_resolve(self):
        """Open the wizard to correct the actual, give a target or exclude the line."""
        self.ensure_one()
        self.appraisal_id._check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolve %(kpi)s", kpi=self.kpi_id.name),
            "res_model": "sales.appraisal.resolve",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id},
        }
