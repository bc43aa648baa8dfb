# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A follow-up interval longer than this is a typing error (and a date past year 9999).
MAX_FOLLOWUP_DAYS = 365


class ResCompany(models.Model):
    _inherit = "res.company"

    # Follow-up interval per intent level (days between two contacts). The
    # defaults follow common dealership practice: the closer the expected
    # purchase, the more often the salesperson calls.
    spm_followup_days_h = fields.Integer(
        string="Follow-up Interval H (days)",
        default=1,
        help="Days between follow-ups of an H-level prospect (expects to buy within 7 days).",
    )
    spm_followup_days_a = fields.Integer(
        string="Follow-up Interval A (days)",
        default=3,
        help="Days between follow-ups of an A-level prospect (expects to buy within 15 days).",
    )
    spm_followup_days_b = fields.Integer(
        string="Follow-up Interval B (days)",
        default=7,
        help="Days between follow-ups of a B-level prospect (expects to buy within 30 days).",
    )
    spm_followup_days_c = fields.Integer(
        string="Follow-up Interval C (days)",
        default=14,
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

    @api.constrains(
        "spm_followup_days_h", "spm_followup_days_a", "spm_followup_days_b", "spm_followup_days_c"
    )
    def _check_spm_followup_days(self):
        for company in self:
            for level in ("h", "a", "b", "c"):
                days = company[f"spm_followup_days_{level}"]
                if not 1 <= days <= MAX_FOLLOWUP_DAYS:
                    raise ValidationError(
                        self.env._(
                            "A follow-up interval is between 1 and %(max)s days (%(days)s given for "
                            "level %(level)s).",
                            max=MAX_FOLLOWUP_DAYS,
                            days=days,
                            level=level.upper(),
                        )
                    )

    def _spm_followup_interval(self, level):
        """Days between two follow-ups for the intent level ``level``."""
        self.ensure_one()
        return self[f"spm_followup_days_{level}"] if level in ("h", "a", "b", "c") else 0
