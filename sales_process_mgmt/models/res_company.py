from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Follow-up interval per intent level (days between two contacts). The
    # defaults follow common dealership practice: the closer the expected
    # purchase, the more often the salesperson calls.
    spm_followup_days_h = fields.Integer(
        string="Follow-up Interval H (days)", default=1,
        help="Days between follow-ups of an H-level prospect (expects to buy within 7 days).",
    )
    spm_followup_days_a = fields.Integer(
        string="Follow-up Interval A (days)", default=3,
        help="Days between follow-ups of an A-level prospect (expects to buy within 15 days).",
    )
    spm_followup_days_b = fields.Integer(
        string="Follow-up Interval B (days)", default=7,
        help="Days between follow-ups of a B-level prospect (expects to buy within 30 days).",
    )
    spm_followup_days_c = fields.Integer(
        string="Follow-up Interval C (days)", default=14,
        help="Days between follow-ups of a C-level prospect (expects to buy later).",
    )

    _sql_constraints = [
        (
            "spm_followup_days_positive",
            (
                "CHECK(spm_followup_days_h > 0 AND spm_followup_days_a > 0 "
                "AND spm_followup_days_b > 0 AND spm_followup_days_c > 0)"
            ),
            "Follow-up intervals must be at least one day.",
        ),
    ]

    def _spm_followup_interval(self, level):
        """Days between two follow-ups for the intent level ``level``."""
        self.ensure_one()
        return self[f"spm_followup_days_{level}"] if level in ("h", "a", "b", "c") else 0
