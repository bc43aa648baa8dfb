from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    spm_followup_days_h = fields.Integer(related="company_id.spm_followup_days_h", readonly=False)
    spm_followup_days_a = fields.Integer(related="company_id.spm_followup_days_a", readonly=False)
    spm_followup_days_b = fields.Integer(related="company_id.spm_followup_days_b", readonly=False)
    spm_followup_days_c = fields.Integer(related="company_id.spm_followup_days_c", readonly=False)
