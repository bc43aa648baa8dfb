from odoo import fields, models


class SalesSatisfaction(models.Model):
    """A dated satisfaction result of a buyer; the satisfaction KPI averages them."""

    _name = "sales.satisfaction"
    _description = "Customer Satisfaction Result"
    _order = "date desc, id desc"
    _check_company_auto = True

    c_card_id = fields.Many2one(
        "sales.c.card", required=True, ondelete="cascade", index=True,
        check_company=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    score = fields.Float(
        required=True, aggregator="avg",
        help="Percent of satisfied answers, from 0 to 100.",
    )
    comment = fields.Text()
    partner_id = fields.Many2one(related="c_card_id.partner_id", store=True, string="Customer")
    user_id = fields.Many2one(
        related="c_card_id.user_id", store=True, index=True, string="Salesperson",
    )
    team_id = fields.Many2one(related="c_card_id.team_id", store=True, string="Sales Team")
    company_id = fields.Many2one(related="c_card_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("score_range", "CHECK(score >= 0 AND score <= 100)",
         "A satisfaction score is a percentage between 0 and 100."),
    ]
