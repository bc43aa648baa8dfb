# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

# Ratios of a group's sums, recomputed for every grouping (see _read_group_select).
RATIO_FIELDS = {
    # field: (numerator, denominator)
    "shortage_percent": ("shortage", "amount_target"),
    "progress": ("amount_achieved", "amount_target"),
}


class SalesForecastReport(models.Model):
    """Forecast (à la Zoho Forecasts): target, achieved, pipeline potential and
    shortage per company, sales team, salesperson and month.

    One row per (company, team, salesperson, month) and every figure is a sum
    of its parts, so any grouping (team, salesperson, month, quarter, year)
    adds up: a team's figures are the sum of its rows, a quarter's the sum of
    its months. The ratios (shortage %, completion %) are recomputed from the
    group's sums.

    - Target: revenue targets (``sales.target``, every scope) by month. A
      target without sub-targets is spread evenly over its days. A target
      split into sub-targets (a year into months, a team into salespeople)
      counts through them and keeps only what they leave (its amount minus
      theirs, never below 0), spread over the days no sub-target covers
      (the months not split yet), else over all its days (the unassigned part
      of a team target, on a row without salesperson). A fully split plan
      therefore counts each figure once, and a month target that is a
      child of a year target is exactly its amount. A target for one model
      (``product_tmpl_id``) details its owner's target for every model of an
      overlapping period when there is one and is not added to it, as in
      the appraisal plans (``sales.target._targets_for``).
    - Achieved: the revenue of ``sales.target``'s "Revenue Achieved" (see
      ``sales.kpi._figure_revenue``): untaxed amount of confirmed orders by
      order date (UTC day, as ``sales.kpi._period_bounds``), converted into the
      company currency with the order's rate, for the order's salesperson and
      team. The order domain is ``sales.kpi._revenue_order_domain``.
    - Potential: open opportunities (active, not in a won stage), expected
      revenue × probability / 100, in the month of their expected closing date.
      Opportunities without an expected closing date have no period: they are
      on rows without a month, left out by every period filter.
    - Shortage = target − achieved − potential; shortage % = shortage / target
      (0 when the target is 0).
    """

    _name = "sales.forecast.report"
    _description = "Sales Forecast"
    _auto = False
    _order = "date desc, company_id, team_id, user_id"
    _rec_name = "date"

    date = fields.Date("Month", readonly=True, help="First day of the month of the figures.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    amount_target = fields.Monetary(
        "Target",
        currency_field="currency_id",
        readonly=True,
        help="Revenue targets of the month: each target spread evenly over its days; a target split "
        "into sub-targets keeps only what they leave.",
    )
    amount_achieved = fields.Monetary(
        "Achieved",
        currency_field="currency_id",
        readonly=True,
        help="Untaxed amount of the sale orders confirmed in the month (by order date), in company "
        "currency: the revenue achieved of the sales targets.",
    )
    potential = fields.Monetary(
        "Weighted Potential",
        currency_field="currency_id",
        readonly=True,
        help="Open opportunities expected to close in the month: expected revenue × probability. "
        "Without won and lost opportunities in its history a team's new opportunities get 0 % "
        "from predictive lead scoring: their amount is in Open Pipeline, not here, until a "
        "probability is set.",
    )
    pipeline_amount = fields.Monetary(
        "Open Pipeline",
        currency_field="currency_id",
        readonly=True,
        help="Expected revenue of the open opportunities expected to close in the month, not weighted.",
    )
    opportunity_count = fields.Integer(
        "Open Opportunities",
        readonly=True,
        help="Open opportunities expected to close in the month.",
    )
    shortage = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Target − achieved − weighted potential: what is still to be found. Negative when "
        "achieved and potential exceed the target.",
    )
    shortage_percent = fields.Float(
        "Shortage (%)",
        readonly=True,
        aggregator="sum",
        help="Shortage in percent of the target, from the sums of the group; 0 when the target is 0.",
    )
    progress = fields.Float(
        "Completion (%)",
        readonly=True,
        aggregator="sum",
        help="Achieved in percent of the target, from the sums of the group; 0 when the target is 0.",
    )

    @api.depends("date", "user_id", "team_id")
    def _compute_display_name(self):
        for row in self:
            row.display_name = " ".join(
                part
                for part in (
                    row.date and row.date.strftime("%Y-%m"),
                    row.team_id.name,
                    row.user_id.name,
                )
                if part
            )

    # ------------------------------------------------------------
    # SQL VIEW
    # ------------------------------------------------------------

    def _spm_orders_query(self):
        """Confirmed orders that count as revenue, through sales.kpi's domain."""
        Order = self.env["sale.order"]
        domain = self.env["sales.kpi"]._revenue_order_domain()
        # active_test off and no record rules: the view holds every company's rows
        query = Order.sudo().with_context(active_test=False)._where_calc(domain)
        return query

    def _spm_query(self):
        orders = self._spm_orders_query()
        order = SQL.identifier(orders.table)
        return SQL(
            """
            WITH target AS (
                -- the targets that count: a target for one model details its owner's
                -- target for every model of an overlapping period when there is one,
                -- and is not added to it (as sales.target._targets_for)
                SELECT t.id, t.parent_id, t.company_id, t.scope, t.team_id, t.user_id,
                       t.date_from, t.date_to, COALESCE(t.amount_target, 0) AS amount,
                       t.date_to - t.date_from + 1 AS span
                  FROM sales_target t
                 WHERE t.date_to >= t.date_from
                   AND (t.product_tmpl_id IS NULL OR NOT EXISTS (
                       SELECT 1 FROM sales_target g
                        WHERE g.product_tmpl_id IS NULL AND g.company_id = t.company_id
                          AND g.scope = t.scope AND g.date_from <= t.date_to AND g.date_to >= t.date_from
                          AND (t.scope = 'company'
                               OR (t.scope = 'team' AND g.team_id = t.team_id)
                               OR (t.scope = 'user' AND g.user_id = t.user_id))))
            ), own AS (
                -- what a target keeps beside its sub-targets (never below 0), and the
                -- days of its period no sub-target covers
                SELECT t.*,
                       GREATEST(t.amount - COALESCE(
                           (SELECT SUM(c.amount) FROM target c WHERE c.parent_id = t.id), 0), 0) AS rest,
                       t.span - (SELECT COUNT(DISTINCT d.day)
                                   FROM target c
                             CROSS JOIN LATERAL generate_series(
                                            GREATEST(c.date_from, t.date_from)::timestamp,
                                            LEAST(c.date_to, t.date_to)::timestamp,
                                            INTERVAL '1 day') AS d(day)
                                  WHERE c.parent_id = t.id) AS uncovered
                  FROM target t
            ), own_month AS (
                SELECT o.*, m.month::date AS date,
                       LEAST(o.date_to, (m.month + INTERVAL '1 month - 1 day')::date)
                       - GREATEST(o.date_from, m.month::date) + 1 AS days,
                       (SELECT COUNT(DISTINCT d.day)
                          FROM target c
                    CROSS JOIN LATERAL generate_series(
                                   GREATEST(c.date_from, o.date_from, m.month::date)::timestamp,
                                   LEAST(c.date_to, o.date_to, (m.month + INTERVAL '1 month - 1 day')::date)::timestamp,
                                   INTERVAL '1 day') AS d(day)
                         WHERE c.parent_id = o.id) AS covered
                  FROM own o
            CROSS JOIN LATERAL generate_series(
                           date_trunc('month', o.date_from::timestamp),
                           date_trunc('month', o.date_to::timestamp),
                           INTERVAL '1 month') AS m(month)
                 WHERE o.rest > 0
            ), fact AS (
                -- the rest is spread over the days no sub-target covers (a year split into
                -- some months), else over every day (a team split into some salespeople)
                SELECT om.company_id,
                       CASE WHEN om.scope IN ('team', 'user') THEN om.team_id END AS team_id,
                       CASE WHEN om.scope = 'user' THEN om.user_id END AS user_id,
                       om.date,
                       CASE WHEN om.uncovered > 0
                            THEN om.rest * (om.days - om.covered)::numeric / om.uncovered
                            ELSE om.rest * om.days::numeric / om.span END AS amount_target,
                       0 AS amount_achieved, 0 AS potential, 0 AS pipeline_amount,
                       0 AS opportunity_count
                  FROM own_month om
             UNION ALL
                -- revenue achieved: sales.kpi._figure_revenue, per order
                SELECT %(order)s.company_id, %(order)s.team_id, %(order)s.user_id,
                       date_trunc('month', %(order)s.date_order)::date,
                       0, %(order)s.amount_untaxed / COALESCE(NULLIF(%(order)s.currency_rate, 0), 1.0),
                       0, 0, 0
                  FROM %(order_from)s
                 WHERE %(order_where)s
             UNION ALL
                -- open opportunities in the month of their expected closing date
                SELECT l.company_id, l.team_id, l.user_id,
                       date_trunc('month', l.date_deadline)::date,
                       0, 0,
                       COALESCE(l.expected_revenue, 0) * COALESCE(l.probability, 0) / 100.0,
                       COALESCE(l.expected_revenue, 0), 1
                  FROM crm_lead l
             LEFT JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.type = 'opportunity' AND NOT %(closed)s
            )
            SELECT ROW_NUMBER() OVER (ORDER BY f.date, f.company_id, f.team_id, f.user_id) AS id,
                   f.company_id, co.currency_id, f.team_id, f.user_id, f.date,
                   SUM(f.amount_target) AS amount_target,
                   SUM(f.amount_achieved) AS amount_achieved,
                   SUM(f.potential) AS potential,
                   SUM(f.pipeline_amount) AS pipeline_amount,
                   SUM(f.opportunity_count) AS opportunity_count,
                   SUM(f.amount_target) - SUM(f.amount_achieved) - SUM(f.potential) AS shortage,
                   CASE WHEN SUM(f.amount_target) = 0 THEN 0
                        ELSE (SUM(f.amount_target) - SUM(f.amount_achieved) - SUM(f.potential))
                             / SUM(f.amount_target) * 100 END AS shortage_percent,
                   CASE WHEN SUM(f.amount_target) = 0 THEN 0
                        ELSE SUM(f.amount_achieved) / SUM(f.amount_target) * 100 END AS progress
              FROM fact f
         LEFT JOIN res_company co ON co.id = f.company_id
          GROUP BY f.company_id, co.currency_id, f.team_id, f.user_id, f.date
            """,
            order=order,
            order_from=orders.from_clause,
            order_where=orders.where_clause or SQL("TRUE"),
            closed=self.env["crm.lead"]._spm_closed_sql("l", "s"),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._spm_query(),
            )
        )

    # ------------------------------------------------------------
    # READ
    # ------------------------------------------------------------

    def _read_group_select(self, aggregate_spec, query):
        # A ratio of a group is the ratio of its sums, whatever the aggregate asked.
        fname, __, func = aggregate_spec.partition(":")
        if fname in RATIO_FIELDS and func != "array_agg":
            super()._read_group_select(f"{fname}:sum", query)  # access checks on the field
            numerator, denominator = (
                SQL("SUM(%s)", self._field_to_sql(self._table, name, query)) for name in RATIO_FIELDS[fname]
            )
            return SQL(
                "(CASE WHEN %(den)s = 0 OR %(den)s IS NULL THEN 0 ELSE %(num)s / %(den)s * 100 END)",
                num=numerator,
                den=denominator,
            )
        return super()._read_group_select(aggregate_spec, query)
