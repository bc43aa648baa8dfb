# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import bisect
import io
from datetime import date, timedelta

from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.misc import get_lang, xlsxwriter

# Characters a spreadsheet may read as the start of a formula (or of a command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


# The ratios of the report: field -> (numerator, denominator), in percent of the group's sums.
RATES = {
    "archive_rate": ("new_a_cards", "visit_groups"),
    "test_drive_rate": ("test_drives", "visit_groups"),
    "closing_rate": ("orders", "visit_groups"),
    "defeat_rate": ("defeats", "closed_cards"),
    "unit_achievement": ("units_sold", "unit_target"),
    "revenue_achievement": ("revenue", "amount_target"),
}
# What reads the targets, spread over their days (see _spm_query).
TARGET_READS = ("unit_target", "amount_target", "unit_achievement", "revenue_achievement")
# The cuts of the targets' segments that a date group needs (see _spm_target_cuts).
DATE_CUTS = {
    "week": "week",
    "month": "month",
    "quarter": "month",
    "year": "month",
    "month_number": "month",
    "quarter_number": "month",
    "year_number": "month",
}
# Date groupings over which held cards accumulate in time order.
HELD_GRANULARITIES = ("day", "week", "month", "quarter", "year")


class SalesDailyReport(models.Model):
    """Daily report (每日报表): per day, salesperson, team, company and intended model.

    A row is a day of a combination: a day on which something happened (a
    visit group, an A card made, won or lost, a test drive, an order, a
    delivery; ``has_events``), or a quiet day of a combination holding cards,
    which carries its held figure (for the list).
    Flows (visit groups, new A cards, test drives, orders, deliveries,
    defeats) add up over any group. ``held_a_cards`` is a stock: a row shows
    the figure at the end of its day; a group shows the figure at the end of
    its period (the last day of its month, ..., or of the date filter), the
    cumulative change of held cards up to that day (see ``_read_group``),
    counting the cards made before the period too. Rates are ratios of the
    group's sums, 0 when the denominator is 0.

    Days are the salesperson's days: the A-card, visit and C-card dates are
    local dates already; the day a card is won or lost (``date_closed``) and
    the start of a test drive are read in the salesperson's time zone, else
    the company's (its partner's), else UTC.
    """

    _name = "sales.daily.report"
    _description = "Showroom Daily Report"
    _auto = False
    _order = "date desc, user_id, intended_model_id"

    date = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    intended_model_id = fields.Many2one("product.template", readonly=True)
    has_events = fields.Boolean(
        "Activity Day",
        readonly=True,
        help="Something happened on the day (a visit group, an A card made, won or lost, a test "
        "drive, an order, a delivery). Other rows only carry the held A cards over quiet days, or "
        "the day's share of the targets.",
    )
    team_target = fields.Boolean(
        "Team or Company Target",
        readonly=True,
        help="A row of a team's or the company's target (no salesperson): shown to the team's "
        "leader and the sales administrators, as the target itself.",
    )
    visit_groups = fields.Integer(
        readonly=True,
        help="Visiting or calling parties that count by the six counting rules.",
    )
    new_a_cards = fields.Integer(
        readonly=True,
        help="Opportunities that became valid A cards (full name, valid phone, intended model) on the day.",
    )
    held_a_cards = fields.Integer(
        readonly=True,
        help="Valid A cards neither won nor lost at the end of the period, whenever they were made: "
        "at the end of the day on a day, at the end of the last day of a month, a salesperson or "
        "any other group (or of the date filter).",
    )
    held_change = fields.Integer(
        "Held A-card Change",
        readonly=True,
        help="New A cards minus the A cards won or lost on the day.",
    )
    test_drives = fields.Integer(
        readonly=True,
        help="Test drives done, on the day they started, for their salesperson and model.",
    )
    orders = fields.Integer(
        readonly=True,
        help="Orders: active C cards (confirmed sale orders not cancelled) on their date.",
    )
    deliveries = fields.Integer(readonly=True, help="Active C cards on their delivery date.")
    defeats = fields.Integer(
        readonly=True,
        help="Defeats: A cards lost (archived, not won), on the day they were closed.",
    )
    closed_cards = fields.Integer(
        readonly=True,
        help="Cards closed either way: orders plus defeats.",
    )
    c_cards = fields.Integer(
        readonly=True,
        help="Same as Orders (kept for existing reports and exports).",
    )
    units_sold = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Units sold as the targets count them: quantity of the goods lines of confirmed sale "
        "orders, on the order date (UTC day), for the order's salesperson, team and company, under "
        "the line's product (the model; a down payment has none). Sections, notes, services and "
        "combo headers count 0.",
    )
    revenue = fields.Float(
        readonly=True,
        digits="Product Price",
        help="Untaxed amount of the lines of confirmed sale orders, in company currency, on the order "
        "date (UTC day), for the order's salesperson, team and company, under the line's product "
        "(down payments under no model): the revenue achieved of the targets.",
    )
    unit_target = fields.Float(
        "Units Target",
        digits="Product Unit of Measure",
        readonly=True,
        help="The day's share of the units targets: each target spread evenly over the days of its "
        "period, so that a week, month or quarter holds the share of its days. A target for one "
        "model is on that model's rows, a target for every model on the rows without a model "
        "(compare it with the salesperson's total, not with a model's row). A target split into "
        "sub-targets keeps only what they leave (never below 0), over the days no sub-target covers, "
        "else over all its days; a target for one model is left out when its owner has a target for "
        "every model of an overlapping period that it does not belong to, as in the target views. "
        "Draft and confirmed targets count. A team's or the company's target is on a row without "
        "salesperson.",
    )
    amount_target = fields.Float(
        "Revenue Target",
        digits="Product Price",
        readonly=True,
        help="The day's share of the revenue targets (company currency), spread as the units target.",
    )
    archive_rate = fields.Float(
        "Archive Rate (%)",
        readonly=True,
        aggregator="sum",
        help="留档率: new A cards / visit groups, in percent of the group's sums; 0 without visit groups.",
    )
    test_drive_rate = fields.Float(
        "Test-drive Rate (%)",
        readonly=True,
        aggregator="sum",
        help="Test drives / visit groups, in percent of the group's sums; 0 without visit groups.",
    )
    closing_rate = fields.Float(
        "Closing Rate (%)",
        readonly=True,
        aggregator="sum",
        help="Orders / visit groups, in percent of the group's sums; 0 without visit groups.",
    )
    defeat_rate = fields.Float(
        "Defeat Rate (%)",
        readonly=True,
        aggregator="sum",
        help="Defeats / closed cards (orders plus defeats), in percent of the group's sums; 0 "
        "without closed cards.",
    )

    unit_achievement = fields.Float(
        "Units Achievement (%)",
        readonly=True,
        aggregator="sum",
        help="Units sold / units target, in percent of the group's sums (any grouping recomputes it, "
        "it is never a sum of percentages); 0 without a units target. On a model's row it compares "
        "with that model's targets only.",
    )
    revenue_achievement = fields.Float(
        "Revenue Achievement (%)",
        readonly=True,
        aggregator="sum",
        help="Revenue / revenue target, in percent of the group's sums; 0 without a revenue target.",
    )

    @api.depends("date", "user_id")
    def _compute_display_name(self):
        for row in self:
            row.display_name = " ".join(
                part for part in (fields.Date.to_string(row.date), row.user_id.name) if part
            )

    # ------------------------------------------------------------
    # SQL VIEW
    # ------------------------------------------------------------

    def _spm_query(self):
        """Daily events per salesperson, team, company and model: one row per
        combination and day with an event, the running held figure beside it
        (+1 on the card's day, -1 on the day it is won or lost; won and lost
        as crm.lead's ``_spm_closed_sql`` says, the one definition of held
        cards), and the quiet days of the combinations holding cards, for
        lists; and the days with events once more without running figures, for
        grouped reads (``spm_list_row`` false, see ``_search``): PostgreSQL skips
        the branches a query filters out, and a group's held figure is computed
        from the changes (``_read_group``).

        Targets are spread evenly over their days: the rows of lists carry each
        day's share; a grouped read that sums target figures (``spm_targets`` in
        the context: the grain of its date groups and the dates its filter cuts
        at, see ``_spm_target_cuts``) reads one segment per target and group
        instead, the share of the segment's days, without a row per day.
        """
        grouped = bool(self.env.context.get("spm_group_rows"))
        grain, cut_dates = self.env.context.get("spm_targets") or ("day", ())
        if not grouped:
            grain = "day"
        cuts = SQL("%s", [fields.Date.to_string(day) for day in cut_dates] or None)
        if grain == "day":
            first_cut, step = SQL("o.date_from::timestamp"), SQL("INTERVAL '1 day'")
        elif grain == "week":
            # the first day of a week in the user's language (as read_group's weeks)
            week_start = int(get_lang(self.env).week_start)
            first_cut = SQL(
                "(o.date_from + MOD(%s - EXTRACT(isodow FROM o.date_from)::int + 7, 7))::timestamp",
                week_start,
            )
            step = SQL("INTERVAL '7 days'")
        elif grain == "month":
            first_cut, step = SQL("date_trunc('month', o.date_from::timestamp)"), SQL("INTERVAL '1 month'")
        else:
            # no date group: the filter's cuts only
            first_cut, step = SQL("(o.date_to + 1)::timestamp"), SQL("INTERVAL '1 day'")
        return SQL(
            """
            WITH target AS (
                SELECT t.id, t.parent_id, t.parent_path, t.company_id, t.scope, t.team_id,
                       t.user_id, t.product_tmpl_id, t.date_from, t.date_to,
                       COALESCE(t.amount_target, 0)::float8 AS amount,
                       COALESCE(t.unit_target, 0)::float8 AS units,
                       t.date_to - t.date_from + 1 AS span,
                       CASE t.scope WHEN 'user' THEN t.user_id WHEN 'team' THEN t.team_id
                                    ELSE t.company_id END AS owner
                  FROM sales_target t
                 WHERE t.date_to >= t.date_from
            ), counted AS (
                -- the targets that count, as in the forecast report and sales.target: a
                -- target for one model that details its owner's target for every model
                -- of an overlapping period is left out, unless that target is one of its
                -- ancestors (a split across models, counted through the rest below)
                SELECT t.* FROM target t WHERE t.product_tmpl_id IS NULL
                UNION ALL
                SELECT t.*
                  FROM target t
                 WHERE t.product_tmpl_id IS NOT NULL AND NOT EXISTS (
                       SELECT 1 FROM target g
                        WHERE g.product_tmpl_id IS NULL AND g.company_id = t.company_id
                          AND g.scope = t.scope AND g.owner = t.owner
                          AND g.date_from <= t.date_to AND g.date_to >= t.date_from
                          AND NOT COALESCE(starts_with(t.parent_path, g.parent_path), FALSE))
            ), kids AS (
                -- the sub-targets' sums and the days they cover (a union of periods)
                SELECT parent_id, SUM(amount) AS amount, SUM(units) AS units,
                       range_agg(daterange(date_from, date_to, '[]')) AS days
                  FROM counted
                 WHERE parent_id IS NOT NULL
                 GROUP BY 1
            ), own AS (
                -- what a target keeps beside its sub-targets (never below 0), and the
                -- number of days of its period no sub-target covers
                SELECT t.*, k.days AS covered,
                       GREATEST(t.amount - COALESCE(k.amount, 0), 0) AS rest_amount,
                       GREATEST(t.units - COALESCE(k.units, 0), 0) AS rest_units,
                       t.span - COALESCE((
                           SELECT SUM(upper(r) - lower(r))
                             FROM unnest(k.days * datemultirange(daterange(t.date_from, t.date_to, '[]'))) AS r), 0)
                           AS uncovered
                  FROM counted t
             LEFT JOIN kids k ON k.parent_id = t.id
            ), segment AS (
                -- each target's period cut where a group or a filter of the read may start
                -- (see _spm_target_cuts): a segment lies in one group
                SELECT o.*, c.start, LEAD(c.start) OVER (PARTITION BY o.id ORDER BY c.start) AS stop
                  FROM own o
    CROSS JOIN LATERAL (SELECT o.date_from
                        UNION SELECT (o.date_to + 1)
                        UNION SELECT d::date
                                FROM generate_series(%(first_cut)s, o.date_to::timestamp, %(step)s) AS d
                               WHERE d > o.date_from
                        UNION SELECT x FROM unnest(%(cuts)s::date[]) AS x
                               WHERE x > o.date_from AND x <= o.date_to) AS c(start)
                 WHERE o.rest_units > 0 OR o.rest_amount > 0
            ), target_part AS (
                -- the rest spread evenly over the days no sub-target covers (a quarter
                -- split into some months), else over every day (a team split into
                -- salespeople); a segment holds the share of its days
                SELECT g.start AS date,
                       CASE WHEN g.scope = 'user' THEN g.user_id END AS user_id,
                       CASE WHEN g.scope IN ('team', 'user') THEN g.team_id END AS team_id,
                       g.company_id, g.product_tmpl_id, g.scope <> 'user' AS team_target,
                       f.days / g.base * g.rest_units AS unit_share,
                       f.days / g.base * g.rest_amount AS amount_share
                  FROM (SELECT s.*, CASE WHEN s.uncovered = 0 THEN s.span ELSE s.uncovered END AS base
                          FROM segment s WHERE s.stop IS NOT NULL) g
    CROSS JOIN LATERAL (SELECT (g.stop - g.start - CASE WHEN g.uncovered = 0 THEN 0 ELSE COALESCE((
                                   SELECT SUM(upper(r) - lower(r))
                                     FROM unnest(g.covered * datemultirange(daterange(g.start, g.stop, '[)'))) AS r), 0)
                               END)::float8 AS days) AS f
                 WHERE f.days > 0
            ), event AS (
                -- each A card: +1 on its day, -1 on the day it is won or lost (a defeat when lost)
                SELECT e.date, l.user_id, l.team_id, l.company_id, l.intended_model_id,
                       FALSE AS team_target, 1 AS activity,
                       0 AS visit_groups, e.new_a_cards, e.delta, 0 AS test_drives, 0 AS orders,
                       0 AS deliveries, e.defeats, 0.0::float8 AS units_sold, 0.0::float8 AS revenue,
                       0.0::float8 AS unit_target, 0.0::float8 AS amount_target
                  FROM crm_lead l
             LEFT JOIN crm_stage s ON s.id = l.stage_id
             LEFT JOIN res_users u ON u.id = l.user_id
             LEFT JOIN res_partner up ON up.id = u.partner_id
             LEFT JOIN res_company co ON co.id = l.company_id
             LEFT JOIN res_partner cp ON cp.id = co.partner_id
    CROSS JOIN LATERAL (VALUES
                           (l.a_card_date, 1, 1, 0),
                           -- closing day in the salesperson's time zone (date_closed is UTC)
                           (CASE WHEN %(closed)s
                                 THEN GREATEST(
                                     (COALESCE(l.date_closed, l.write_date) AT TIME ZONE 'UTC'
                                      AT TIME ZONE COALESCE(up.tz, cp.tz, 'UTC'))::date,
                                     l.a_card_date)
                            END, 0, -1,
                            CASE WHEN NOT l.active AND NOT COALESCE(s.is_won, FALSE) THEN 1 ELSE 0 END)
                       ) AS e(date, new_a_cards, delta, defeats)
                 WHERE l.is_a_card AND l.a_card_date IS NOT NULL AND e.date IS NOT NULL
                UNION ALL
                SELECT v.counted_date, v.user_id, v.team_id, v.company_id, v.intended_model_id,
                       FALSE, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                  FROM sales_visit v
                 WHERE v.counts_as_group
                UNION ALL
                -- test drives done, on the local day they started
                SELECT (t.date_start AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(up.tz, cp.tz, 'UTC'))::date,
                       t.user_id, t.team_id, t.company_id, t.product_tmpl_id,
                       FALSE, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0
                  FROM sales_test_drive t
             LEFT JOIN res_users u ON u.id = t.user_id
             LEFT JOIN res_partner up ON up.id = u.partner_id
             LEFT JOIN res_company co ON co.id = t.company_id
             LEFT JOIN res_partner cp ON cp.id = co.partner_id
                 WHERE t.state = 'done'
                UNION ALL
                -- orders on the C card's date, deliveries on its delivery date
                SELECT d.date, c.user_id, c.team_id, c.company_id, c.intended_model_id,
                       FALSE, 1, 0, 0, 0, 0, d.orders, d.deliveries, 0, 0, 0, 0, 0
                  FROM sales_c_card c
    CROSS JOIN LATERAL (VALUES (c.date, 1, 0), (c.delivery_date, 0, 1)) AS d(date, orders, deliveries)
                 WHERE c.active  -- archived with its cancelled order
                   AND d.date IS NOT NULL
                UNION ALL
                -- units sold and revenue as sales.target counts them (sales.kpi._figure_units,
                -- _figure_model_sales, _figure_revenue): the lines of confirmed orders on the
                -- order's (UTC) day, for the order's salesperson, team and company, per product
                -- template (down payments on no model, so that a day's revenue is the untaxed
                -- amount of its orders)
                SELECT o.date_order::date, o.user_id, o.team_id, o.company_id,
                       CASE WHEN ol.is_downpayment IS NOT TRUE THEN pp.product_tmpl_id END,
                       FALSE, 1, 0, 0, 0, 0, 0, 0, 0,
                       CASE WHEN pt.type = 'consu' AND ol.is_downpayment IS NOT TRUE
                            THEN ol.product_uom_qty ELSE 0 END,
                       ol.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1),
                       0, 0
                  FROM sale_order_line ol
                  JOIN sale_order o ON o.id = ol.order_id
             LEFT JOIN product_product pp ON pp.id = ol.product_id
             LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE o.state = 'sale' AND ol.display_type IS NULL
                UNION ALL
                -- the targets' days, for the rows of lists (grouped reads add their
                -- segments after the daily sums, see below)
                SELECT tp.date, tp.user_id, tp.team_id, tp.company_id, tp.product_tmpl_id,
                       tp.team_target, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, tp.unit_share, tp.amount_share
                  FROM target_part tp
                 WHERE %(targets_by_day)s
            ), daily AS (
                SELECT date,
                       COALESCE(user_id, 0) AS user_key,
                       COALESCE(team_id, 0) AS team_key,
                       COALESCE(company_id, 0) AS company_key,
                       COALESCE(intended_model_id, 0) AS model_key,
                       team_target,
                       SUM(activity) > 0 AS has_events,
                       SUM(visit_groups)::integer AS visit_groups,
                       SUM(new_a_cards)::integer AS new_a_cards,
                       SUM(delta)::integer AS delta,
                       SUM(test_drives)::integer AS test_drives,
                       SUM(orders)::integer AS orders,
                       SUM(deliveries)::integer AS deliveries,
                       SUM(defeats)::integer AS defeats,
                       SUM(units_sold)::float8 AS units_sold,
                       SUM(revenue)::float8 AS revenue,
                       SUM(unit_target)::float8 AS unit_target,
                       SUM(amount_target)::float8 AS amount_target
                  FROM event
                 GROUP BY 1, 2, 3, 4, 5, 6
            ), event_row AS (
                SELECT r.*,
                       SUM(r.delta) OVER (
                           PARTITION BY r.user_key, r.team_key, r.company_key, r.model_key, r.team_target
                           ORDER BY r.date) AS held,
                       ROW_NUMBER() OVER (
                           ORDER BY r.user_key, r.team_key, r.company_key, r.model_key, r.team_target,
                                    r.date) AS row_id
                  FROM daily r
            ), combo AS (
                -- the combinations that hold cards, and the days between their first and last change
                SELECT user_key, team_key, company_key, model_key,
                       MIN(date) AS first_date, MAX(date) AS last_date
                  FROM daily
                 WHERE delta <> 0
                 GROUP BY 1, 2, 3, 4
            ), grid AS (
                SELECT date, user_key, team_key, company_key, model_key, delta, 1 AS events
                  FROM daily
                 WHERE NOT team_target
                UNION ALL
                SELECT d::date, c.user_key, c.team_key, c.company_key, c.model_key, 0, 0
                  FROM combo c
             LEFT JOIN res_users u ON u.id = c.user_key
             LEFT JOIN res_partner up ON up.id = u.partner_id
             LEFT JOIN res_company co ON co.id = c.company_key
             LEFT JOIN res_partner cp ON cp.id = co.partner_id
         CROSS JOIN LATERAL generate_series(
                       c.first_date,
                       -- up to today in the salesperson's time zone
                       GREATEST(c.last_date, (NOW() AT TIME ZONE COALESCE(up.tz, cp.tz, 'UTC'))::date),
                       INTERVAL '1 day') d
            ), quiet_row AS (
                -- days without an event that carry held cards (rows of the list only:
                -- grouped reads skip them, see _read_group)
                SELECT f.*,
                       SUM(f.delta) OVER (
                           PARTITION BY f.user_key, f.team_key, f.company_key, f.model_key
                           ORDER BY f.date) AS held,
                       ROW_NUMBER() OVER (
                           ORDER BY f.user_key, f.team_key, f.company_key, f.model_key, f.date) AS row_id
                  FROM (SELECT date, user_key, team_key, company_key, model_key,
                               SUM(delta) AS delta, SUM(events) AS events
                          FROM grid
                         GROUP BY 1, 2, 3, 4, 5) f
            )
            -- the days with events for grouped reads: no window to compute (see _search)
            SELECT 0 AS id, FALSE AS spm_list_row, g.has_events, g.team_target, g.date,
                   NULLIF(g.user_key, 0) AS user_id, NULLIF(g.team_key, 0) AS team_id,
                   NULLIF(g.company_key, 0) AS company_id, NULLIF(g.model_key, 0) AS intended_model_id,
                   g.visit_groups, g.new_a_cards, 0 AS held_a_cards, g.delta AS held_change,
                   g.test_drives, g.orders, g.deliveries, g.defeats,
                   g.orders + g.defeats AS closed_cards, g.orders AS c_cards,
                   g.units_sold, g.revenue, g.unit_target, g.amount_target,
                   0.0::float8 AS archive_rate, 0.0::float8 AS test_drive_rate,
                   0.0::float8 AS closing_rate, 0.0::float8 AS defeat_rate,
                   0.0::float8 AS unit_achievement, 0.0::float8 AS revenue_achievement
              FROM daily g
            UNION ALL
            -- the targets' segments for grouped reads that sum target figures
            SELECT 0, FALSE, FALSE, tp.team_target, tp.date, tp.user_id, tp.team_id, tp.company_id,
                   tp.product_tmpl_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0,
                   tp.unit_share, tp.amount_share, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
              FROM target_part tp
             WHERE %(targets_by_segment)s
            UNION ALL
            -- the rows of lists: the days with events and the quiet days, with held cards
            SELECT r.row_id::integer AS id,
                   TRUE AS spm_list_row,
                   r.has_events,
                   r.team_target,
                   r.date,
                   NULLIF(r.user_key, 0) AS user_id,
                   NULLIF(r.team_key, 0) AS team_id,
                   NULLIF(r.company_key, 0) AS company_id,
                   NULLIF(r.model_key, 0) AS intended_model_id,
                   r.visit_groups,
                   r.new_a_cards,
                   r.held::integer AS held_a_cards,
                   r.delta AS held_change,
                   r.test_drives,
                   r.orders,
                   r.deliveries,
                   r.defeats,
                   r.orders + r.defeats AS closed_cards,
                   r.orders AS c_cards,
                   r.units_sold,
                   r.revenue,
                   r.unit_target,
                   r.amount_target,
                   %(archive)s AS archive_rate,
                   %(test_drive)s AS test_drive_rate,
                   %(closing)s AS closing_rate,
                   %(defeat)s AS defeat_rate,
                   %(unit_achievement)s AS unit_achievement,
                   %(revenue_achievement)s AS revenue_achievement
              FROM event_row r
            UNION ALL
            SELECT (-q.row_id)::integer, TRUE, FALSE, FALSE, q.date,
                   NULLIF(q.user_key, 0), NULLIF(q.team_key, 0), NULLIF(q.company_key, 0),
                   NULLIF(q.model_key, 0),
                   0, 0, q.held::integer, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0,
                   0.0, 0.0, 0.0, 0.0, 0.0, 0.0
              FROM quiet_row q
             WHERE q.events = 0 AND q.held <> 0
        """,
            closed=self.env["crm.lead"]._spm_closed_sql("l", "s"),
            first_cut=first_cut,
            step=step,
            cuts=cuts,
            targets_by_day=SQL("TRUE" if grain == "day" else "FALSE"),
            targets_by_segment=SQL("TRUE" if grouped and grain not in ("day", "skip") else "FALSE"),
            archive=self._spm_rate_sql(SQL("r.new_a_cards"), SQL("r.visit_groups")),
            test_drive=self._spm_rate_sql(SQL("r.test_drives"), SQL("r.visit_groups")),
            closing=self._spm_rate_sql(SQL("r.orders"), SQL("r.visit_groups")),
            defeat=self._spm_rate_sql(SQL("r.defeats"), SQL("(r.orders + r.defeats)")),
            unit_achievement=self._spm_rate_sql(SQL("r.units_sold"), SQL("r.unit_target")),
            revenue_achievement=self._spm_rate_sql(SQL("r.revenue"), SQL("r.amount_target")),
        )

    @api.model
    def _spm_rate_sql(self, numerator, denominator):
        """numerator / denominator in percent, 0 when the denominator is 0 (SQL)."""
        return SQL(
            "(CASE WHEN COALESCE(%(den)s, 0) = 0 THEN 0.0 ELSE %(num)s * 100.0 / %(den)s END)::float8",
            num=numerator,
            den=denominator,
        )

    @property
    def _table_query(self):
        # A query, not a view created at install: it reads the test drives'
        # table, which may be created after this model's init on an upgrade.
        return self._spm_query()

    def init(self):
        # the view of earlier versions
        tools.drop_view_if_exists(self.env.cr, self._table)

    # ------------------------------------------------------------
    # READ
    # ------------------------------------------------------------

    def _spm_tune_transaction(self):
        # The view aggregates the whole traffic before filtering: PostgreSQL's
        # JIT compiler (on by default) spends seconds compiling that plan for
        # no gain, and the default work_mem pushes its sorts to disk. Both for
        # the rest of this transaction only (SET LOCAL).
        self.env.cr.execute(SQL("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """The rows of lists (days with events and quiet days, held cards on each),
        or with ``spm_group_rows`` in the context the days with events without
        the running figures, which grouped reads sum (PostgreSQL then skips the
        window functions and the day series)."""
        query = super()._search(domain, offset=offset, limit=limit, order=order)
        if not query.is_empty():
            query.add_where(
                SQL(
                    "%s = %s",
                    SQL.identifier(self._table, "spm_list_row"),
                    not self.env.context.get("spm_group_rows"),
                )
            )
        return query

    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        self._spm_tune_transaction()
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """Held A cards of a group = the cumulative change up to the group's period end.

        One grouped query over the days with events, without the date filter's
        lower bound (cards made before the period are still held in it): the
        flows are summed with that bound as a FILTER, ``held_change`` without
        it, and a running sum over the date groups gives each group's figure;
        groups with no row inside the bound are dropped, except those holding
        cards when no date is grouped (a quiet salesperson still holds cards). Domains the split
        cannot read (a date inside an OR, ...), a grouping by day of week and
        an order or HAVING on held cards fall back to the held figure of each
        combination's last row in the group (``_read_group_select``).
        """
        self._spm_tune_transaction()
        self = self.with_context(spm_targets=self._spm_target_cuts(domain, groupby, aggregates))
        held = [i for i, spec in enumerate(aggregates) if spec.split(":")[0] == "held_a_cards"]
        if not held:
            # flows are zero on quiet days: only the days with events are read
            return super(SalesDailyReport, self.with_context(spm_group_rows=True))._read_group(
                domain, groupby, aggregates, having, offset, limit, order
            )
        split = self._spm_held_domain(domain)
        if (
            split is None
            or having
            or "held_a_cards" in (order or "")
            or any(not self._spm_held_groupby(spec) for spec in groupby)
            or any(not self._spm_flow_aggregate(spec) for spec in aggregates)
        ):
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        held_domain, lower = split
        specs = tuple("held_change:sum" if i in held else spec for i, spec in enumerate(aggregates))
        specs += ("__count",)  # rows inside the lower bound
        report = self.with_context(spm_flow_filter=lower, spm_group_rows=True)
        rows = super(SalesDailyReport, report)._read_group(held_domain, groupby, specs, order=order)
        size = len(groupby)
        figures = self._spm_held_figures(groupby, [(row[:size], row[size + held[0]] or 0) for row in rows])
        by_date = any(spec.partition(":")[0] == "date" for spec in groupby)
        result = []
        for row in rows:
            # A group with no row inside the period: a date group before it only feeds
            # the running sum; a salesperson (model, team...) quiet in the period who
            # still holds cards is shown with them, the flows at 0.
            if groupby and not row[-1] and (by_date or not figures(row[:size])):
                continue
            keys = tuple(
                key.with_env(self.env) if isinstance(key, models.BaseModel) else key for key in row[:size]
            )
            value = figures(row[:size])
            result.append(keys + tuple(value if i in held else item for i, item in enumerate(row[size:-1])))
        return result[offset : offset + limit if limit else None]

    @api.model
    def _spm_target_cuts(self, domain, groupby, aggregates):
        """(grain, dates) of the targets' segments a grouped read needs (see _spm_query).

        ``skip`` when no target figure is read; else segments that no group and no
        date of the filter cuts: ``month`` for month, quarter and year groups,
        ``week`` for weeks, ``none`` without a date group, ``day`` for anything else
        (days, days of the week, a date the filter compares in a way not read here).
        The dates are those of the filter's date terms and the days after them, so
        that a segment is wholly inside or outside each bound.
        """
        if not any(spec.partition(":")[0] in TARGET_READS for spec in aggregates):
            return ("skip", ())
        kinds = set()
        for spec in groupby:
            fname, _sep, granularity = spec.partition(":")
            if fname == "date":
                kinds.add(DATE_CUTS.get(granularity or "month", "day"))
        grain = kinds.pop() if len(kinds) == 1 else ("none" if not kinds else "day")
        cuts = set()
        for item in domain or ():
            if not self._spm_is_date_leaf(item):
                continue
            values = item[2] if isinstance(item[2], (list, tuple)) else [item[2]]
            for value in values:
                try:
                    day = fields.Date.to_date(value)
                except (TypeError, ValueError):
                    day = None
                if not day:
                    return ("day", ())
                cuts.update((day, day + timedelta(days=1)))
        return (grain, tuple(sorted(cuts)))

    @api.model
    def _spm_flow_aggregate(self, spec):
        fname, _sep, func = spec.partition(":")
        return (
            spec == "__count"
            or fname in RATES
            or func in ("sum", "min", "max", "avg", "count", "count_distinct")
        )

    def _spm_held_groupby(self, spec):
        """A grouping the held figure accumulates over: a field, or the date by period."""
        fname, _sep, granularity = spec.partition(":")
        if fname != "date":
            return "." not in fname and fname in self._fields
        return granularity in HELD_GRANULARITIES

    @api.model
    def _spm_held_domain(self, domain):
        """(the domain without the date's lower bounds, those bounds), or None when it cannot be split.

        Read as a conjunction of terms: a ``date >=`` / ``date >`` leaf is dropped
        (the stock counts earlier cards), ``date =`` becomes ``date <=``, upper
        bounds and terms without the date stay. A date anywhere else (inside an
        OR or a NOT, another operator) is not read: None.
        """
        result, lower = [], []
        for term in self._spm_conjuncts(expression.normalize_domain(list(domain or []))):
            if not any(self._spm_is_date_leaf(item) for item in term):
                result.extend(term)
                continue
            if len(term) != 1:
                return None
            fname, operator, value = term[0]
            if fname != "date" or operator not in ("<", "<=", ">", ">=", "="):
                return None
            if not value:
                return None
            if operator in ("<", "<="):
                result.append(term[0])
            elif operator == "=":
                result.append(("date", "<=", value))
                lower.append((">=", fields.Date.to_string(fields.Date.to_date(value))))
            else:
                lower.append((operator, fields.Date.to_string(fields.Date.to_date(value))))
        return result, tuple(lower)

    @staticmethod
    def _spm_is_date_leaf(item):
        return isinstance(item, (list, tuple)) and len(item) == 3 and str(item[0]).split(".")[0] == "date"

    @staticmethod
    def _spm_conjuncts(domain):
        """The top-level AND terms of a normalized (prefix) domain, each a prefix domain."""
        terms = []

        def subtree(pos):
            """End position of the subtree starting at ``pos``."""
            item = domain[pos]
            if item == "!":
                return subtree(pos + 1)
            if item in ("&", "|"):
                return subtree(subtree(pos + 1))
            return pos + 1

        def split(pos):
            if domain[pos] == "&":
                left_end = split(pos + 1)
                return split(left_end)
            end = subtree(pos)
            terms.append(domain[pos:end])
            return end

        if domain:
            split(0)
        return terms

    def _spm_held_figures(self, groupby, changes):
        """A function from a group's key to its held figure, from the groups' changes."""
        dates = [i for i, spec in enumerate(groupby) if spec.partition(":")[0] == "date"]
        others = [i for i in range(len(groupby)) if i not in dates]
        series = {}
        for key, change in changes:
            series.setdefault(tuple(key[i] for i in others), []).append(
                (tuple(key[i] for i in dates), change or 0)
            )
        running = {}
        for key, points in series.items():
            points.sort(key=lambda point: tuple(day or date.min for day in point[0]))
            total, days, totals = 0, [], []
            for day, change in points:
                total += change
                days.append(tuple(d or date.min for d in day))
                totals.append(total)
            running[key] = (days, totals)

        def figure(group_key):
            days, totals = running.get(tuple(group_key[i] for i in others), ((), ()))
            position = bisect.bisect_right(days, tuple(group_key[i] or date.min for i in dates))
            return totals[position - 1] if position else 0

        return figure

    def _read_group_select(self, aggregate_spec, query):
        fname, _sep, _func = aggregate_spec.partition(":")
        lower = self.env.context.get("spm_flow_filter")
        flow_filter = SQL("")
        if lower and fname not in ("held_a_cards", "held_change"):
            # flows count inside the date filter only (see _read_group)
            date_sql = SQL.identifier(self._table, "date")
            flow_filter = SQL(
                " FILTER (WHERE %s)",
                SQL(" AND ").join(
                    SQL("%s %s %s", date_sql, SQL(">=" if operator == ">=" else ">"), value)
                    for operator, value in lower
                ),
            )
        if fname in RATES:
            # a ratio of the group's sums, 0 when the denominator is 0
            super()._read_group_select(f"{fname}:max", query)  # access checks on the field
            numerator, denominator = RATES[fname]
            return self._spm_rate_sql(
                SQL("SUM(%s)%s", SQL.identifier(self._table, numerator), flow_filter),
                SQL("SUM(%s)%s", SQL.identifier(self._table, denominator), flow_filter),
            )
        if lower and fname not in ("held_a_cards", "held_change"):
            return SQL("%s%s", super()._read_group_select(aggregate_spec, query), flow_filter)
        if fname == "held_a_cards" and aggregate_spec != "held_a_cards:max":
            # Fallback (see _read_group): the sum over the group's combinations of
            # the held figure on each one's last row in the group.
            super()._read_group_select("held_a_cards:max", query)  # access checks on the field
            table = SQL.identifier(self._table)
            return SQL(
                """(SELECT COALESCE(SUM(h.held), 0) FROM (
                       SELECT DISTINCT ON (h.combo) h.held
                         FROM unnest(ARRAY_AGG(ROW(%(t)s.user_id, %(t)s.team_id, %(t)s.company_id,
                                                   %(t)s.intended_model_id, %(t)s.team_target)::text),
                                     ARRAY_AGG(%(t)s.date), ARRAY_AGG(%(t)s.held_a_cards))
                              AS h(combo, day, held)
                     ORDER BY h.combo, h.day DESC) AS h)""",
                t=table,
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------
    # EXCEL EXPORT
    # ------------------------------------------------------------

    def action_export_xlsx(self):
        """Download the selected rows (or every row the user may read) as xlsx."""
        records = self or self.search(self.env.context.get("active_domain") or [])
        return self.env["sales.xlsx.export"]._download_action(
            base64.b64encode(records._spm_xlsx_content()),
            self.env._("daily_report.xlsx"),
        )

    def _spm_xlsx_content(self):
        """The rows of ``self`` as xlsx bytes; headers in the user's language.

        No cell is a formula: the workbook refuses string-to-formula conversion
        and text that a spreadsheet would run is written as a guarded string.
        """
        columns = [
            "date",
            "user_id",
            "team_id",
            "company_id",
            "intended_model_id",
            "visit_groups",
            "new_a_cards",
            "held_a_cards",
            "test_drives",
            "orders",
            "deliveries",
            "defeats",
            "closed_cards",
            "archive_rate",
            "test_drive_rate",
            "closing_rate",
            "defeat_rate",
            "units_sold",
            "unit_target",
            "unit_achievement",
            "revenue",
            "amount_target",
            "revenue_achievement",
        ]
        descriptions = self.fields_get(columns, ["string"])
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.env._("Daily Report")[:31])
        header = workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for col, fname in enumerate(columns):
            sheet.write_string(0, col, descriptions[fname]["string"], header)
            sheet.set_column(col, col, 18)
        for row, record in enumerate(self.sorted(lambda r: (r.date, r.user_id.name or "")), start=1):
            for col, fname in enumerate(columns):
                value = record[fname]
                if isinstance(value, models.BaseModel):
                    self._spm_write_text(sheet, row, col, value.display_name or "")
                elif fname == "date":
                    sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), date_format)
                else:
                    sheet.write_number(row, col, value)
        workbook.close()
        return output.getvalue()

    @api.model
    def _spm_write_text(self, sheet, row, col, text):
        if text.startswith(FORMULA_TRIGGERS):
            text = "'" + text
        sheet.write_string(row, col, text)
