# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_list

# A stage time limit or escalation delay beyond ten years is a typing error.
MAX_STAGE_DAYS = 3650


class CrmStage(models.Model):
    _inherit = "crm.stage"
    # Process stages come after Odoo's own stages in every default search: Odoo's code
    # and tests that take "the first (won) stage" (crm's predictive lead scoring test,
    # quick setups) keep finding the shared stages, and a process is never reached by
    # accident. Within a process, the order is the process's sequence.
    _order = "spm_in_process, sequence, name, id"

    process_id = fields.Many2one(
        "sales.process",
        string="Sales Process",
        ondelete="cascade",
        index=True,
        help="Stages of a process appear only in the pipelines of the teams that follow it.",
    )
    spm_in_process = fields.Boolean(
        string="In a Process",
        compute="_compute_spm_in_process",
        store=True,
        index=True,
    )
    purpose = fields.Text(translate=True, help="What this step is for, in a sentence.")
    max_days = fields.Integer(
        string="Stage Time Limit (working days)",
        help="An opportunity staying longer in this stage, in working days of its company's "
        "calendar, is flagged as stalled and its salesperson gets an activity. 0 means no limit.",
    )
    escalate_leader_days = fields.Integer(
        string="Escalate to Team Leader after (working days)",
        default=2,
        help="Working days after the time limit when the team leader gets an activity too. "
        "0 means at the limit.",
    )
    escalate_manager_days = fields.Integer(
        string="Escalate to Sales Administrator after (working days)",
        default=3,
        help="Working days after the team leader's escalation when a sales administrator "
        "gets an activity. 0 means together with the team leader.",
    )
    checklist_item_ids = fields.One2many(
        "sales.checklist.item",
        "stage_id",
        string="Checklist Items",
        copy=True,
    )
    checklist_item_count = fields.Integer(compute="_compute_checklist_item_count")

    @api.depends("process_id")
    def _compute_spm_in_process(self):
        for stage in self:
            stage.spm_in_process = bool(stage.process_id)

    def _compute_checklist_item_count(self):
        counts = dict(
            self.env["sales.checklist.item"]._read_group(
                [("stage_id", "in", self.ids)],
                ["stage_id"],
                ["__count"],
            )
        )
        for stage in self:
            stage.checklist_item_count = counts.get(stage, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("max_days", "escalate_leader_days", "escalate_manager_days")
    def _check_days(self):
        for stage in self:
            for fname in ("max_days", "escalate_leader_days", "escalate_manager_days"):
                if not 0 <= stage[fname] <= MAX_STAGE_DAYS:
                    raise ValidationError(
                        self.env._(
                            '"%(field)s" of stage "%(stage)s" must be between 0 and %(max)s days.',
                            field=self._fields[fname]._description_string(self.env),
                            stage=stage.name,
                            max=MAX_STAGE_DAYS,
                        )
                    )

    @api.constrains("name", "process_id")
    def _check_name_unique_in_process(self):
        """One process is one pipeline: two columns may not read the same in any language."""
        processes = self.process_id
        if not processes:
            return
        langs = [code for code, _name in self.env["res.lang"].get_installed()]
        stages = self.search([("process_id", "in", processes.ids)])
        for process, process_stages in stages.grouped("process_id").items():
            for lang in langs:
                names = {}
                for stage in process_stages.with_context(lang=lang):
                    key = (stage.name or "").strip().casefold()
                    if key in names:
                        raise ValidationError(
                            self.env._(
                                'The sales process "%(process)s" already has a stage named '
                                '"%(name)s" (%(lang)s): each column of a pipeline needs its own name.',
                                process=process.name,
                                name=stage.name,
                                lang=lang,
                            )
                        )
                    names[key] = stage

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if "process_id" in vals:
            changed = self.filtered(lambda stage: stage.process_id.id != (vals["process_id"] or False))
            if changed:
                changed._spm_check_no_leads()
        return super().write(vals)

    def _spm_check_no_leads(self):
        """A stage holding opportunities keeps its process: they would leave their pipeline."""
        # sudo: the count must see every opportunity, not only the user's.
        used = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("stage_id", "in", self.ids)],
                ["stage_id"],
            )
        )
        if used:
            raise ValidationError(
                self.env._(
                    "Opportunities are in the stages %(stages)s: move them to other stages before "
                    "changing the stages' sales process.",
                    stages=format_list(self.env, [stage.name for (stage,) in used]),
                )
            )

    # GUIDED SELLING: guidance and required fields of a stage
    # ------------------------------------------------------------

    spm_guidance = fields.Html(
        string="Guidance",
        translate=True,
        sanitize=True,
        help="What good work in this stage looks like; shown on the opportunity while it is in this stage.",
    )
    spm_required_field_ids = fields.Many2many(
        "ir.model.fields",
        "crm_stage_spm_required_field_rel",
        "stage_id",
        "field_id",
        string="Required Fields",
        domain=[
            ("model", "=", "crm.lead"),
            ("store", "=", True),
            ("ttype", "not in", ("one2many", "binary", "html", "boolean")),
        ],
        help="An opportunity enters this stage only when these fields are filled.",
    )

    @api.constrains("spm_required_field_ids")
    def _check_spm_required_fields(self):
        for stage in self:
            wrong = stage.spm_required_field_ids.filtered(
                lambda f: (
                    f.model != "crm.lead"
                    or not f.store
                    or f.ttype in ("one2many", "binary", "html", "boolean")
                    or f.name in self.env["crm.lead"]._spm_app_fields
                )
            )
            if wrong:
                raise ValidationError(
                    self.env._(
                        'Stage "%(stage)s" can only require fields of opportunities a salesperson '
                        "fills in; not %(fields)s.",
                        stage=stage.name,
                        fields=format_list(self.env, wrong.mapped("field_description")),
                    )
                )
