# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_list


class CrmStage(models.Model):
    _inherit = "crm.stage"

    process_id = fields.Many2one(
        "sales.process", string="Sales Process", ondelete="cascade", index=True,
        help="Stages of a process appear only in the pipelines of the teams that follow it.",
    )
    purpose = fields.Text(translate=True, help="What this step is for, in a sentence.")
    max_days = fields.Integer(
        string="Stage Time Limit (days)",
        help="An opportunity staying longer in this stage is flagged as stalled and "
        "its team leader gets an activity. 0 means no limit.",
    )
    checklist_item_ids = fields.One2many(
        "sales.checklist.item", "stage_id", string="Checklist Items", copy=True,
    )
    checklist_item_count = fields.Integer(compute="_compute_checklist_item_count")

    def _compute_checklist_item_count(self):
        counts = dict(self.env["sales.checklist.item"]._read_group(
            [("stage_id", "in", self.ids)], ["stage_id"], ["__count"],
        ))
        for stage in self:
            stage.checklist_item_count = counts.get(stage, 0)

    # ------------------------------------------------------------
    # GUIDED SELLING: guidance and required fields of a stage
    # ------------------------------------------------------------

    spm_guidance = fields.Html(
        string="Guidance", translate=True, sanitize=True,
        help="What good work in this stage looks like; shown on the opportunity while it is "
        "in this stage.",
    )
    spm_required_field_ids = fields.Many2many(
        "ir.model.fields", "crm_stage_spm_required_field_rel", "stage_id", "field_id",
        string="Required Fields",
        domain=[("model", "=", "crm.lead"), ("store", "=", True),
                ("ttype", "not in", ("one2many", "binary", "html", "boolean"))],
        help="An opportunity enters this stage only when these fields are filled.",
    )

    @api.constrains("spm_required_field_ids")
    def _check_spm_required_fields(self):
        for stage in self:
            wrong = stage.spm_required_field_ids.filtered(
                lambda f: f.model != "crm.lead" or not f.store
                or f.ttype in ("one2many", "binary", "html", "boolean")
                or f.name in self.env["crm.lead"]._spm_app_fields
            )
            if wrong:
                raise ValidationError(self.env._(
                    "Stage \"%(stage)s\" can only require fields of opportunities a salesperson "
                    "fills in; not %(fields)s.",
                    stage=stage.name, fields=format_list(self.env, wrong.mapped("field_description")),
                ))
