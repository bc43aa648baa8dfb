# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class SalesSatisfaction(models.Model):
    """A dated satisfaction result of a buyer; the satisfaction KPI averages them.

    Recorded by someone other than the card's salesperson (a team leader or a
    sales administrator: access rights), who is stored on the result.
    """

    _name = "sales.satisfaction"
    _description = "Customer Satisfaction Result"
    _inherit = ["sales.app.fields.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    c_card_id = fields.Many2one(
        "sales.c.card",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    score = fields.Float(
        required=True,
        aggregator="avg",
        help="Percent of satisfied answers, from 0 to 100.",
    )
    comment = fields.Text()
    partner_id = fields.Many2one(related="c_card_id.partner_id", store=True, string="Customer")
    user_id = fields.Many2one(
        related="c_card_id.user_id",
        store=True,
        index=True,
        string="Salesperson",
    )
    team_id = fields.Many2one(related="c_card_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="c_card_id.company_id", store=True, index=True)
    recorded_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        index=True,
        ondelete="set null",
        help="Who entered this result; never the card's salesperson.",
    )

    _sql_constraints = [
        (
            "score_range",
            "CHECK(score >= 0 AND score <= 100)",
            "A satisfaction score is a percentage between 0 and 100.",
        ),
    ]

    # Who recorded it, and the card's own salesperson, team, company and customer (stored
    # copies the KPIs group by: a copy written by hand would move the result to another person).
    _spm_app_fields = frozenset({"recorded_by_id", "user_id", "team_id", "company_id", "partner_id"})

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        self._spm_check_input(vals_list)
        vals_list = [dict(vals, recorded_by_id=self.env.uid) for vals in vals_list]
        results = super().create(vals_list)
        results._spm_check_recorder()
        return results

    def write(self, vals):
        self._spm_check_app_fields(vals)
        self._spm_check_input([vals])
        self._spm_check_recorder()
        if not self.env.su:
            vals = dict(vals, recorded_by_id=self.env.uid)
        res = super().write(vals)
        self._spm_check_recorder()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_own_buyers(self):
        # deleting a low result raises the mean as surely as recording a high one
        self._spm_check_recorder()

    def _spm_check_recorder(self):
        """Nobody records or corrects the satisfaction of their own buyers."""
        if self.env.su:
            return
        own = self.filtered(lambda result: result.c_card_id.user_id == self.env.user)
        if own:
            raise AccessError(
                self.env._(
                    "The satisfaction of your own buyers is recorded by your team leader or a "
                    "sales administrator, not by you: it counts in your appraisal."
                )
            )

    def _spm_check_input(self, vals_list):
        """Refuse absurd scores and dates before anything is written (the database's
        CHECK would only give a technical error)."""
        for vals in vals_list:
            if "score" in vals:
                self._spm_check_score(vals["score"])
            if vals.get("date"):
                self._spm_check_date(fields.Date.to_date(vals["date"]))

    @api.constrains("score", "date")
    def _check_score_and_date(self):
        for result in self:
            self._spm_check_score(result.score)
            self._spm_check_date(result.date)

    def _spm_check_score(self, score):
        if not isinstance(score, (int, float)) or not math.isfinite(score) or not 0 <= score <= 100:
            raise ValidationError(
                self.env._(
                    "A satisfaction score is a percentage between 0 and 100 (%(score)s given).", score=score
                )
            )

    def _spm_check_date(self, day):
        if day and not date(2000, 1, 1) <= day <= date(2100, 12, 31):
            raise ValidationError(
                self.env._(
                    "A satisfaction result is dated between the years %(first)s and %(last)s "
                    "(%(date)s given).",
                    first=2000,
                    last=2100,
                    date=fields.Date.to_string(day),
                )
            )
