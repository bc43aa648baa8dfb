import base64
import io

from odoo import api, fields, models, tools
from odoo.tools import SQL
from odoo.tools.misc import xlsxwriter

# Characters a spreadsheet may read as the start of a formula (or of a command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class SalesDailyReport(models.Model):
    """Daily report (每日报表): per day, salesperson and intended model.

    ``held_a_cards`` is a stock, not a flow: a row holds the figure at the end
    of its day, and any group spanning several days (a month, a salesperson)
    shows the figure at the end of the group's last day, not a sum of days
    (see ``_read_group_select``).

    Days are the salesperson's days: the A-card, visit and C-card dates are
    local dates already, and the day a card is won or lost is read from
    ``date_closed`` (UTC) in the salesperson's time zone, else the company's
    (its partner's), else UTC.
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
    visit_groups = fields.Integer(
        readonly=True, help="Visiting or calling parties that count by the six counting rules.",
    )
    new_a_cards = fields.Integer(readonly=True)
    held_a_cards = fields.Integer(
        readonly=True,
        help="Valid A cards neither won nor lost at the end of the day. Over several days "
        "it shows the figure of the last day.",
    )
    c_cards = fields.Integer(readonly=True)

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
        """Daily events per salesperson, team, company and model, then a day
        series only for the combinations that hold cards (running sum of
        +1 on the card's day / -1 on the day it is won or lost; won and lost as
        crm.lead's ``_spm_closed_sql`` says, the one definition of held cards)."""
        return SQL("""
            WITH event AS (
                -- each A card: +1 on its day, -1 on the day it is won or lost
                SELECT e.date, l.user_id, l.team_id, l.company_id, l.intended_model_id,
                       0 AS visit_groups, e.new_a_cards, e.delta, 0 AS c_cards
                  FROM crm_lead l
             LEFT JOIN crm_stage s ON s.id = l.stage_id
             LEFT JOIN res_users u ON u.id = l.user_id
             LEFT JOIN res_partner up ON up.id = u.partner_id
             LEFT JOIN res_company co ON co.id = l.company_id
             LEFT JOIN res_partner cp ON cp.id = co.partner_id
    CROSS JOIN LATERAL (VALUES
                           (l.a_card_date, 1, 1),
                           -- closing day in the salesperson's time zone (date_closed is UTC)
                           (CASE WHEN %(closed)s
                                 THEN GREATEST(
                                     (COALESCE(l.date_closed, l.write_date) AT TIME ZONE 'UTC'
                                      AT TIME ZONE COALESCE(up.tz, cp.tz, 'UTC'))::date,
                                     l.a_card_date)
                            END, 0, -1)
                       ) AS e(date, new_a_cards, delta)
                 WHERE l.is_a_card AND l.a_card_date IS NOT NULL AND e.date IS NOT NULL
                UNION ALL
                SELECT v.counted_date, v.user_id, v.team_id, v.company_id, v.intended_model_id,
                       1, 0, 0, 0
                  FROM sales_visit v
                 WHERE v.counts_as_group
                UNION ALL
                SELECT c.date, c.user_id, c.team_id, c.company_id, c.intended_model_id,
                       0, 0, 0, 1
                  FROM sales_c_card c
                 WHERE c.active  -- archived with its cancelled order
            ), daily AS (
                SELECT date,
                       COALESCE(user_id, 0) AS user_key,
                       COALESCE(team_id, 0) AS team_key,
                       COALESCE(company_id, 0) AS company_key,
                       COALESCE(intended_model_id, 0) AS model_key,
                       SUM(visit_groups) AS visit_groups,
                       SUM(new_a_cards) AS new_a_cards,
                       SUM(delta) AS delta,
                       SUM(c_cards) AS c_cards
                  FROM event
                 GROUP BY 1, 2, 3, 4, 5
            ), combo AS (
                SELECT user_key, team_key, company_key, model_key,
                       MIN(date) AS first_date, MAX(date) AS last_date
                  FROM daily
                 WHERE delta <> 0
                 GROUP BY 1, 2, 3, 4
            ), grid AS (
                SELECT date, user_key, team_key, company_key, model_key,
                       visit_groups, new_a_cards, delta, c_cards
                  FROM daily
                UNION ALL
                SELECT d::date, c.user_key, c.team_key, c.company_key, c.model_key, 0, 0, 0, 0
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
            ), filled AS (
                SELECT date, user_key, team_key, company_key, model_key,
                       SUM(visit_groups) AS visit_groups, SUM(new_a_cards) AS new_a_cards,
                       SUM(delta) AS delta, SUM(c_cards) AS c_cards
                  FROM grid
                 GROUP BY date, user_key, team_key, company_key, model_key
            ), running AS (
                -- both windows share one sort (combination, then day)
                SELECT f.*,
                       SUM(f.delta) OVER (
                           PARTITION BY f.user_key, f.team_key, f.company_key, f.model_key
                           ORDER BY f.date
                       ) AS held,
                       ROW_NUMBER() OVER (
                           ORDER BY f.user_key, f.team_key, f.company_key, f.model_key, f.date
                       ) AS row_id
                  FROM filled f
            )
            SELECT r.row_id::integer AS id,
                   r.date,
                   NULLIF(r.user_key, 0) AS user_id,
                   NULLIF(r.team_key, 0) AS team_id,
                   NULLIF(r.company_key, 0) AS company_id,
                   NULLIF(r.model_key, 0) AS intended_model_id,
                   r.visit_groups::integer AS visit_groups,
                   r.new_a_cards::integer AS new_a_cards,
                   r.held::integer AS held_a_cards,
                   r.c_cards::integer AS c_cards
              FROM running r
             WHERE r.held <> 0 OR r.delta <> 0 OR r.visit_groups <> 0
                OR r.new_a_cards <> 0 OR r.c_cards <> 0
        """, closed=self.env["crm.lead"]._spm_closed_sql("l", "s"))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            "CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._spm_query(),
        ))

    # ------------------------------------------------------------
    # READ
    # ------------------------------------------------------------

    def _spm_tune_transaction(self):
        # The view aggregates the whole traffic before filtering: PostgreSQL's
        # JIT compiler (on by default) spends seconds compiling that plan for
        # no gain, and the default work_mem pushes its sorts to disk. Both for
        # the rest of this transaction only (SET LOCAL).
        self.env.cr.execute(SQL("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"))

    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        self._spm_tune_transaction()
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        self._spm_tune_transaction()
        return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    def _read_group_select(self, aggregate_spec, query):
        # Held A cards of a group = the figure at the end of the group's last day:
        # rows are dense for every combination that holds cards, so summing the
        # rows of that last day gives the total.
        if aggregate_spec == "held_a_cards:sum":
            self._read_group_select("held_a_cards:max", query)  # access checks on the field
            date = SQL.identifier(self._table, "date")
            held = SQL.identifier(self._table, "held_a_cards")
            return SQL(
                "(SELECT COALESCE(SUM(h.held), 0) FROM unnest(ARRAY_AGG(%(date)s), ARRAY_AGG(%(held)s))"
                " AS h(day, held) WHERE h.day = MAX(%(date)s))",
                date=date, held=held,
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------
    # EXCEL EXPORT
    # ------------------------------------------------------------

    def action_export_xlsx(self):
        """Download the selected rows (or every row the user may read) as xlsx."""
        records = self or self.search(self.env.context.get("active_domain") or [])
        return self.env["sales.xlsx.export"]._download_action(
            base64.b64encode(records._spm_xlsx_content()), self.env._("daily_report.xlsx"),
        )

    def _spm_xlsx_content(self):
        """The rows of ``self`` as xlsx bytes; headers in the user's language.

        No cell is a formula: the workbook refuses string-to-formula conversion
        and text that a spreadsheet would run is written as a guarded string.
        """
        columns = [
            "date", "user_id", "team_id", "company_id", "intended_model_id",
            "visit_groups", "new_a_cards", "held_a_cards", "c_cards",
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

