# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
