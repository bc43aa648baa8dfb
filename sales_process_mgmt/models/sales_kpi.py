# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import scoring
from .sales_kpi_metrics import METRIC_SELECTION, METRICS_BY_CODE

# Dates Python's date arithmetic handles with room for a period's end (+1 day).
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(9998, 12, 31)
# Scores and slopes beyond this are input errors, not configurations.
MAX_SCORE = 1_000_000.0
# Amounts and targets beyond this are input errors (no company sells 10^15 a period).
MAX_AMOUNT = 1e15


def check_numbers(model, vals_list, limit=MAX_AMOUNT):
    """Refuse NaN, infinite and absurdly large numbers in ``vals_list`` before the ORM rounds them.

    Odoo rounds float, monetary and integer values when they enter the cache,
    so a NaN or an infinity raises a bare ValueError/OverflowError there,
    before any constraint runs: check the values first, with a clear message.
    """
    if isinstance(vals_list, dict):
        vals_list = [vals_list]
    for vals in vals_list:
        for fname, value in vals.items():
            field = model._fields.get(fname)
            if field is None or field.type not in ("float", "monetary", "integer"):
                continue
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and (not math.isfinite(value) or abs(value) > limit)
            ):
                raise ValidationError(
                    model.env._(
                        "%(field)s must be a finite number of at most 10^15 in absolute value.",
                        field=field._description_string(model.env),
                    )
                )


class SalesFiniteNumbersMixin(models.AbstractModel):
    """Refuses NaN, infinite and absurdly large numbers on create and write (see :func:`check_numbers`)."""

    _name = "sales.finite.numbers.mixin"
    _description = "Finite Numbers Check"

    @api.model_create_multi
    def create(self, vals_list):
        check_numbers(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_numbers(self, vals)
        return super().write(vals)


class SalesKpi(models.Model):
    _name = "sales.kpi"
    _inherit = ["sales.finite.numbers.mixin"]
    _description = "Sales KPI"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Unique technical code, e.g. REV_COMPLETION.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the KPI with every company.")
    metric = fields.Selection(
        METRIC_SELECTION,
        required=True,
        default="manual",
        help="Where the actual figure comes from; each figure counts the appraisal's company only.",
    )
    metric_help = fields.Text("How It Is Measured", compute="_compute_metric_help")
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    deviation_type = fields.Selection(
        [("relative", "Relative to the target"), ("points", "Percentage points")],
        string="Deviation",
        required=True,
        default="relative",
        help="Relative: 110 against a target of 100 is 10 % above. Percentage points, "
        "for KPIs that are already rates: 95 % against a target of 100 % is 5 points "
        "below.",
    )
    bonus_per_pct = fields.Float(
        "Bonus per %",
        default=1.3,
        digits=(16, 2),
        help="Points added to 100 for each percent better than the target.",
    )
    penalty_per_pct = fields.Float(
        "Penalty per %",
        default=0.3,
        digits=(16, 2),
        help="Points taken from 100 for each percent worse than the target.",
    )
    score_floor = fields.Float("Minimum Score", default=0.0)
    score_cap = fields.Float("Maximum Score", default=150.0)
    unit = fields.Selection(
        [("amount", "Amount"), ("percent", "Percent"), ("count", "Count")],
        required=True,
        default="percent",
    )
    description = fields.Text(
        translate=True,
        help="How the KPI is computed. A line with no target, or whose figures cannot be "
        "measured in the period, is not assessable: it has no score until a team leader "
        "resolves it.",
    )
    is_computed = fields.Boolean(compute="_compute_is_computed")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        # sudo: templates and appraisals of every company count
        domain = [("kpi_id", "in", self.ids)]
        if self.env["sales.appraisal.template.line"].sudo().search_count(domain, limit=1) or self.env[
            "sales.appraisal.line"
        ].sudo().search_count(domain, limit=1):
            raise UserError(
                self.env._(
                    "This KPI is used by appraisal templates or appraisals: archive it instead of deleting it."
                )
            )

    @api.depends("metric")
    def _compute_is_computed(self):
        for kpi in self:
            metric = METRICS_BY_CODE.get(kpi.metric)
            kpi.is_computed = bool(metric and metric.is_computed)

    @api.depends("metric")
    @api.depends_context("lang")
    def _compute_metric_help(self):
        for kpi in self:
            metric = METRICS_BY_CODE.get(kpi.metric)
            kpi.metric_help = str(metric.help) if metric else False

    @api.constrains("code")
    def _check_code_unique(self):
        # a Python check (not an SQL constraint) so that the message is translated
        groups = self.with_context(active_test=False)._read_group(
            [("code", "in", self.mapped("code"))], ["code"], ["__count"]
        )
        duplicates = [code for code, count in groups if count > 1]
        if duplicates:
            raise ValidationError(
                self.env._(
                    "The KPI code %(code)s is already used: give each KPI its own code.", code=duplicates[0]
                )
            )

    @api.constrains("bonus_per_pct", "penalty_per_pct", "score_floor", "score_cap")
    def _check_curve(self):
        for kpi in self:
            numbers = (kpi.bonus_per_pct, kpi.penalty_per_pct, kpi.score_floor, kpi.score_cap)
            if not all(math.isfinite(n) and abs(n) <= MAX_SCORE for n in numbers):
                raise ValidationError(
                    self.env._(
                        "The scoring curve of %(kpi)s needs finite numbers between -%(max)s and %(max)s.",
                        kpi=kpi.name,
                        max=int(MAX_SCORE),
                    )
                )
            if kpi.bonus_per_pct < 0 or kpi.penalty_per_pct < 0:
                raise ValidationError(
                    self.env._(
                        "Bonus and penalty points per percent cannot be negative (%(kpi)s).", kpi=kpi.name
                    )
                )
            if kpi.score_floor > kpi.score_cap:
                raise ValidationError(
                    self.env._(
                        "The minimum score of %(kpi)s (%(floor)s) is above its maximum score (%(cap)s): "
                        "lower the minimum or raise the maximum.",
                        kpi=kpi.name,
                        floor=kpi.score_floor,
                        cap=kpi.score_cap,
                    )
                )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _curve(self):
        """This KPI's scoring curve: the keyword arguments of :func:`..tools.scoring.score`."""
        self.ensure_one()
        return {
            "direction": self.direction,
            "deviation": self.deviation_type,
            "bonus_per_pct": self.bonus_per_pct,
            "penalty_per_pct": self.penalty_per_pct,
            "floor": self.score_floor,
            "cap": self.score_cap,
        }

    def _score(self, actual, target, curve=None):
        """Score of ``actual`` against ``target`` on this KPI's curve.

        See :func:`..tools.scoring.score`; a zero target gives 100 when the
        actual is zero, the cap when it is better, the floor when it is worse.
        ``curve``: this KPI's :meth:`_curve`, when the caller read it already.
        """
        return scoring.score(actual, target, **(curve or self._curve()))

    def _achievement(self, actual, target, curve=None):
        curve = curve or self._curve()
        return scoring.achievement_pct(
            actual, target, direction=curve["direction"], deviation=curve["deviation"]
        )

    # ------------------------------------------------------------
    # FIGURES FROM ODOO DATA (batch: one query per figure and period)
    # ------------------------------------------------------------

    @api.model
    def _period_bounds(self, date_from, date_to):
        """[start, end) datetimes of a period of days; safe at the ends of the calendar."""
        start = datetime.combine(max(date_from, MIN_DATE), time.min)
        end = datetime.combine(min(date_to, MAX_DATE) + timedelta(days=1), time.min)
        return start, end

    @api.model
    def _period_domain(self, field, date_from, date_to, is_datetime=False):
        if is_datetime:
            start, end = self._period_bounds(date_from, date_to)
            return [(field, ">=", start), (field, "<", end)]
        return [(field, ">=", date_from), (field, "<=", date_to)]

    @api.model
    def _fetch_figures(self, figures, scope, keys, date_from, date_to, company=None):
        """Aggregated figures of a period for many people (or teams) at once.

        :param figures: names among ``FIGURES``
        :param scope: ``user``, ``team`` or ``company``: what ``keys`` are
        :param keys: ``res.users``, ``crm.team`` or ``res.company`` records
        :param company: the company whose documents count (default: the
            current company); a salesperson working in two companies has
            separate figures in each, in each company's currency
        :return: {figure: {key id: value}}; missing keys mean 0

        Each figure costs a fixed number of queries, whatever the number of
        keys; callers batch by company, so the count grows with the number of
        distinct companies in a batch, not with the number of keys. The figures are company aggregates the caller is entitled to
        (appraisals and targets are already access-checked); they read
        invoices and orders with sudo because a salesperson reading their own
        target may have no access to accounting.
        """
        result = {}
        if not keys:
            return {figure: {} for figure in figures}
        company = company or self.env.company
        company.ensure_one()
        for figure in figures:
            result[figure] = getattr(self, f"_figure_{figure}")(scope, keys, date_from, date_to, company)
        return result

    @api.model
    def _revenue_order_domain(self):
        """The sale orders whose untaxed amount is revenue (achieved), by their
        order date: the one definition, read by the forecast report too."""
        return [("state", "=", "sale")]

    @api.model
    def _figure_revenue(self, scope, keys, date_from, date_to, company):
        """Untaxed amount of confirmed orders (state 'sale') by order date, in company currency."""
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        domain = self._revenue_order_domain() + [("company_id", "=", company.id), (key_field, "in", keys.ids)]
        domain += self._period_domain("date_order", date_from, date_to, is_datetime=True)
        # sudo: aggregates for an appraisal/target the caller may read (see _fetch_figures)
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group(domain, [key_field, "currency_rate"], ["amount_untaxed:sum"])
        )
        values = defaultdict(float)
        for key, rate, amount in groups:
            # currency_rate converts company currency into the order currency
            values[key.id] += amount / (rate or 1.0)
        return dict(values)

    @api.model
    def _figure_collected(self, scope, keys, date_from, date_to, company):
        """Amount paid on posted customer invoices and refunds by invoice date (company currency)."""
        key_field = {"user": "invoice_user_id", "team": "team_id", "company": "company_id"}[scope]
        domain = [
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("company_id", "=", company.id),
            (key_field, "in", keys.ids),
        ] + self._period_domain("invoice_date", date_from, date_to)
        # sudo: a salesperson may not read invoices; only the aggregate is returned
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(domain, [key_field], ["amount_total_signed:sum", "amount_residual_signed:sum"])
        )
        return {key.id: total - residual for key, total, residual in groups}

    @api.model
    def _figure_new_customers(self, scope, keys, date_from, date_to, company):
        """Partners whose first confirmed order ever in the company falls in the period.

        A new customer counts for the person (team, company) of that first
        order. One SQL query: a grouped read would build a record per
        (partner, person) pair, far slower on a real order book.
        """
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        Order = self.env["sale.order"]
        Order.flush_model(["state", "date_order", "partner_id", "company_id", key_field])
        start, end = self._period_bounds(date_from, date_to)
        key = SQL.identifier("o", key_field)
        rows = self.env.execute_query(
            SQL(
                """SELECT first_order.key, COUNT(*)
                 FROM (SELECT DISTINCT ON (o.partner_id) o.partner_id, %(key)s AS key
                         FROM sale_order o
                        WHERE o.state = 'sale' AND o.company_id = %(company)s AND %(key)s IN %(keys)s
                          AND o.date_order >= %(start)s AND o.date_order < %(end)s
                          AND NOT EXISTS (SELECT 1 FROM sale_order earlier
                                           WHERE earlier.partner_id = o.partner_id
                                             AND earlier.state = 'sale'
                                             AND earlier.company_id = %(company)s
                                             AND earlier.date_order < %(start)s)
                        ORDER BY o.partner_id, o.date_order, o.id) AS first_order
             GROUP BY first_order.key""",
                key=key,
                keys=tuple(keys.ids),
                start=start,
                end=end,
                company=company.id,
            )
        )
        return dict(rows)

    @api.model
    def _figure_units(self, scope, keys, date_from, date_to, company):
        """Units sold: quantity of the goods lines of confirmed orders (state 'sale') by order date.

        Counts ``product_uom_qty`` of lines whose product is a good (type
        ``consu``); sections, notes, down payments, services and combo
        headers (their components are counted) are left out. The key is the
        order's salesperson, team or company, as for the revenue, among the
        orders of ``company``. One SQL
        query: sale order lines carry no team, and a grouped read cannot
        group them by their order's team.
        """
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        self.env["sale.order"].flush_model(["state", "date_order", "company_id", key_field])
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "product_uom_qty", "display_type", "is_downpayment"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["type"])
        start, end = self._period_bounds(date_from, date_to)
        key = SQL.identifier("o", key_field)
        rows = self.env.execute_query(
            SQL(
                """SELECT %(key)s, SUM(l.product_uom_qty)
                 FROM sale_order_line l
                 JOIN sale_order o ON o.id = l.order_id
                 JOIN product_product pp ON pp.id = l.product_id
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id
                WHERE o.state = 'sale' AND o.company_id = %(company)s AND %(key)s IN %(keys)s
                  AND o.date_order >= %(start)s AND o.date_order < %(end)s
                  AND l.display_type IS NULL AND l.is_downpayment IS NOT TRUE
                  AND pt.type = 'consu'
             GROUP BY %(key)s""",
                key=key,
                keys=tuple(keys.ids),
                start=start,
                end=end,
                company=company.id,
            )
        )
        return dict(rows)

    @api.model
    def _figure_model_sales(self, scope, keys, models, date_from, date_to, company):
        """Revenue and units per owner and model: {(key id, template id): (revenue, units)}.

        The lines of ``models`` (product templates) on the confirmed orders of
        the period, by order date, for the order's salesperson, team or company
        among the orders of ``company``. Revenue is the lines' untaxed subtotal
        in company currency (as the order's revenue, through its currency
        rate); units are counted as :meth:`_figure_units` does (goods only).
        One SQL query for the whole batch (order lines carry no team).
        """
        if not keys or not models:
            return {}
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        self.env["sale.order"].flush_model(["state", "date_order", "company_id", "currency_rate", key_field])
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "product_uom_qty", "price_subtotal", "display_type", "is_downpayment"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["type"])
        start, end = self._period_bounds(date_from, date_to)
        key = SQL.identifier("o", key_field)
        rows = self.env.execute_query(
            SQL(
                """SELECT %(key)s, pp.product_tmpl_id,
                      SUM(l.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1)),
                      SUM(CASE WHEN pt.type = 'consu' THEN l.product_uom_qty ELSE 0 END)
                 FROM sale_order_line l
                 JOIN sale_order o ON o.id = l.order_id
                 JOIN product_product pp ON pp.id = l.product_id
                 JOIN product_template pt ON pt.id = pp.product_tmpl_id
                WHERE o.state = 'sale' AND o.company_id = %(company)s AND %(key)s IN %(keys)s
                  AND pp.product_tmpl_id IN %(models)s
                  AND o.date_order >= %(start)s AND o.date_order < %(end)s
                  AND l.display_type IS NULL AND l.is_downpayment IS NOT TRUE
             GROUP BY 1, 2""",
                key=key,
                keys=tuple(keys.ids),
                models=tuple(models.ids),
                start=start,
                end=end,
                company=company.id,
            )
        )
        return {
            (key_id, model_id): (revenue or 0.0, units or 0.0) for key_id, model_id, revenue, units in rows
        }

    # Figures read from the A/C cards capability (crm.lead A cards, sales.visit,
    # sales.c.card, sales.satisfaction). Without those models they are empty.

    @api.model
    def _card_model(self, name):
        # sudo: aggregates only, see _fetch_figures
        return self.env[name].sudo().with_context(active_test=False) if name in self.env else None

    @api.model
    def _figure_new_a_cards(self, scope, keys, date_from, date_to, company):
        """Opportunities that became valid A cards in the period (by A-card date)."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        if "a_card_date" not in Lead._fields:
            return {}
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        groups = Lead._read_group(
            [("is_a_card", "=", True), ("company_id", "=", company.id), (key_field, "in", keys.ids)]
            + self._period_domain("a_card_date", date_from, date_to),
            [key_field],
            ["__count"],
        )
        return {key.id: count for key, count in groups}

    @api.model
    def _figure_c_cards(self, scope, keys, date_from, date_to, company, extra_domain=()):
        CCard = self._card_model("sales.c.card")
        if CCard is None:
            return {}
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        # _card_model reads archived records too: a C card archived with its
        # cancelled order is not a sale
        active = [("active", "=", True)] if "active" in CCard._fields else []
        groups = CCard._read_group(
            [("company_id", "=", company.id), (key_field, "in", keys.ids), *active, *extra_domain]
            + self._period_domain("date", date_from, date_to),
            [key_field],
            ["__count"],
        )
        return {key.id: count for key, count in groups}

    @api.model
    def _figure_a_card_conversion(self, scope, keys, date_from, date_to, company):
        """C cards of the period / A cards that became valid in the period, in percent.

        No new A card: 0, or 100 when C cards were still won (from older A cards).
        """
        a_cards = self._figure_new_a_cards(scope, keys, date_from, date_to, company)
        c_cards = self._figure_c_cards(scope, keys, date_from, date_to, company)
        values = {}
        for key_id in set(a_cards) | set(c_cards):
            a, c = a_cards.get(key_id, 0), c_cards.get(key_id, 0)
            values[key_id] = c / a * 100.0 if a else (100.0 if c else 0.0)
        return values

    @api.model
    def _figure_complete_files(self, scope, keys, date_from, date_to, company):
        """C cards of the period whose customer file is complete (100 %) / C cards, in percent."""
        files = self._figure_c_cards(scope, keys, date_from, date_to, company)
        complete = self._figure_c_cards(
            scope, keys, date_from, date_to, company, [("completeness", ">=", 100.0)]
        )
        return {key_id: complete.get(key_id, 0) / count * 100.0 for key_id, count in files.items() if count}

    @api.model
    def _figure_visit_groups(self, scope, keys, date_from, date_to, company):
        """Showroom visits (and calls) of the period that count as a group (来店(电)组数)."""
        Visit = self._card_model("sales.visit")
        if Visit is None:
            return {}
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        # a visit counts on its counted day (events and calls: the day they form an A card)
        if "counted_date" in Visit._fields:
            period = self._period_domain("counted_date", date_from, date_to)
        else:
            period = self._period_domain("visit_date", date_from, date_to, is_datetime=True)
        groups = Visit._read_group(
            [("counts_as_group", "=", True), ("company_id", "=", company.id), (key_field, "in", keys.ids)]
            + period,
            [key_field],
            ["__count"],
        )
        return {key.id: count for key, count in groups}

    @api.model
    def _figure_satisfaction(self, scope, keys, date_from, date_to, company):
        """Mean score (0-100) of the satisfaction results dated in the period."""
        Satisfaction = self._card_model("sales.satisfaction")
        if Satisfaction is None:
            return {}
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        groups = Satisfaction._read_group(
            [("company_id", "=", company.id), (key_field, "in", keys.ids)]
            + self._period_domain("date", date_from, date_to),
            [key_field],
            ["score:avg"],
        )
        return {key.id: avg for key, avg in groups}

    @api.model
    def _figure_key_account_visits(self, scope, keys, date_from, date_to, company):
        """Key accounts visited in the period / key accounts of the person (or team), in percent.

        Key accounts are customers flagged as such whose salesperson is the
        appraised one (for a team: one of the team's salespeople); a visit is
        a showroom visit of that customer in the period.
        """
        Partner = self.env["res.partner"].sudo()  # sudo: aggregates only, see _fetch_figures
        if scope == "team":
            # partners carry a salesperson, not a team: the team is the salesperson's
            domain = [("user_id.sale_team_id", "in", keys.ids)]
            key_field = "user_id"
        else:
            key_field = {"user": "user_id", "company": "company_id"}[scope]
            domain = [(key_field, "in", keys.ids)]
        # key accounts of this company, or shared by every company
        groups = Partner._read_group(
            [("is_key_account", "=", True), ("company_id", "in", [company.id, False])] + domain,
            [key_field],
            ["id:recordset"],
        )
        accounts = defaultdict(lambda: Partner.browse())
        for key, partners in groups:
            accounts[key.sale_team_id.id if scope == "team" else key.id] |= partners
        if not accounts:
            return {}
        Visit = self._card_model("sales.visit")
        visited = set()
        if Visit is not None and "partner_id" in Visit._fields:
            all_accounts = Partner.browse().union(*accounts.values())
            visits = Visit._read_group(
                [("partner_id", "in", all_accounts.ids), ("company_id", "=", company.id)]
                + self._period_domain("visit_date", date_from, date_to, is_datetime=True),
                ["partner_id"],
            )
            visited = {partner.id for (partner,) in visits}
        return {
            key_id: len(set(partners.ids) & visited) / len(partners) * 100.0
            for key_id, partners in accounts.items()
        }
