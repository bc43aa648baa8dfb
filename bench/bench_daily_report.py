"""Benchmark of the showroom daily report (sales.daily.report).

Loads a year of traffic for 50 salespeople (about 500,000 visits and 200,000
opportunities, most of them A cards, with their C cards) with plain SQL inserts
into a scratch copy of a database that has the addon installed, then prints:

- the time to read the daily report grouped by salesperson and month through
  the ORM (``read_group``, what the pivot and graph views call), and
- the time of a bare SQL aggregate over the same tables that computes the same
  figures per salesperson and month: visit groups, new A cards, held A cards at
  the end of each month (a running sum of the monthly changes, cards made
  before the year included), test drives, orders, deliveries, defeats, closed
  cards and the four rates, units sold and revenue (a sale order per C card),
  the months' share of the salespeople's targets (a month target per person
  split across three models) and the two achievement rates; the run checks
  that both give the same figures,

in the same run. The scratch database is dropped at the end (``--keep`` keeps it).

Run from the repository root (tools/lib.sh finds the venv and the database):

    source tools/lib.sh; find_odoo; ensure_venv full; ensure_postgres
    PYTHONPATH=$ODOO_SRC "$VENV_PY" bench/bench_daily_report.py \\
        --source spm_t_cards -- --addons-path="$(odoo_addons_path)" \\
        --db_host=127.0.0.1 --db_user=odoo_spm --db_password=odoo_spm

``--scale 0.1`` loads a tenth of the visits and opportunities.

It is not a test (no ``test_`` prefix, not imported by the tests package).
"""

import argparse
import statistics
import time
from datetime import date, timedelta


def _timed(func, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return result, times


def _populate(env, salespeople, n_visits, n_leads, models):
    """Users, teams and car models through the ORM; the volume through SQL."""
    cr = env.cr
    company = env.ref("base.main_company")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench Salesperson {i}",
                    "login": f"bench_sp_{i}",
                    "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
                }
                for i in range(salespeople)
            ]
        )
    )
    teams = env["crm.team"].create(
        [
            {"name": f"Bench Team {t}", "company_id": company.id, "member_ids": [(6, 0, users[t::5].ids)]}
            for t in range(5)
        ]
    )
    templates = env["product.template"].create(
        [{"name": f"Bench Model {m}", "type": "consu"} for m in range(models)]
    )
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
    env.flush_all()
    year_start = date.today() - timedelta(days=364)
    params = {
        "users": users.ids,
        "teams": [teams[i % 5].id for i in range(salespeople)],
        "models": templates.ids,
        "company": company.id,
        "start": year_start,
        "won": won_stage.id,
        "open": open_stage.id,
        "n_leads": n_leads,
        "n_visits": n_visits,
        "partner": env.ref("base.res_partner_1").id,
    }
    # Opportunities: 85 % A cards; 30 % won, 35 % lost, the rest held.
    cr.execute(
        """
        INSERT INTO crm_lead (name, type, active, user_id, team_id, company_id,
                              intended_model_id, is_a_card, a_card_date, stage_id,
                              probability, date_closed, create_date, write_date)
        SELECT 'Bench lead ' || g, 'opportunity',
               (g %% 20) NOT BETWEEN 6 AND 12,
               (%(users)s::int[])[1 + g %% array_length(%(users)s::int[], 1)],
               (%(teams)s::int[])[1 + g %% array_length(%(teams)s::int[], 1)],
               %(company)s,
               (%(models)s::int[])[1 + (g / 7) %% array_length(%(models)s::int[], 1)],
               g %% 20 < 17, day,
               CASE WHEN g %% 20 < 6 THEN %(won)s ELSE %(open)s END,
               CASE WHEN g %% 20 < 6 THEN 100 WHEN g %% 20 <= 12 THEN 0 ELSE 30 END,
               CASE WHEN g %% 20 <= 12 THEN LEAST(day + (5 + g %% 55), CURRENT_DATE)::timestamp END,
               day::timestamp, day::timestamp
          FROM generate_series(1, %(n_leads)s) g,
               LATERAL (SELECT %(start)s::date + (g::bigint * 7919 %% 365)::int AS day) d
    """,
        params,
    )
    # Visits: 70 % count as a group on their own day.
    cr.execute(
        """
        INSERT INTO sales_visit (name, visit_date, channel, purpose, user_id, team_id, company_id,
                                 intended_model_id, party_size, counts_as_group, counted_date,
                                 create_date, write_date)
        SELECT 'Bench visit ' || g, day + interval '10 hours',
               (ARRAY['walk_in', 'walk_in', 'phone', 'event', 'online'])[1 + g %% 5],
               (ARRAY['purchase', 'purchase', 'purchase', 'service', 'errand'])[1 + g %% 5],
               (%(users)s::int[])[1 + g %% array_length(%(users)s::int[], 1)],
               (%(teams)s::int[])[1 + g %% array_length(%(teams)s::int[], 1)],
               %(company)s,
               (%(models)s::int[])[1 + (g / 3) %% array_length(%(models)s::int[], 1)],
               1 + g %% 4, g %% 10 < 7, CASE WHEN g %% 10 < 7 THEN day END,
               day, day
          FROM generate_series(1, %(n_visits)s) g,
               LATERAL (SELECT %(start)s::date + (g::bigint * 104729 %% 365)::int AS day) d
    """,
        params,
    )
    # C cards: one per won A card, on the day it was won.
    cr.execute(
        """
        INSERT INTO sales_c_card (name, date, lead_id, partner_id, user_id, team_id, company_id,
                                  intended_model_id, state, completeness, create_date, write_date)
        SELECT l.name, l.date_closed::date, l.id, %(partner)s, l.user_id, l.team_id, l.company_id,
               l.intended_model_id, 'ordered', 50, l.date_closed, l.date_closed
          FROM crm_lead l
         WHERE l.stage_id = %(won)s AND l.name LIKE 'Bench lead %%' AND l.is_a_card
    """,
        params,
    )
    # Deliveries: two C cards in three are delivered ten days after the order.
    cr.execute(
        """
        UPDATE sales_c_card SET delivery_date = date + 10
         WHERE name LIKE 'Bench lead %%' AND id %% 3 <> 0
    """,
        params,
    )
    # Test drives: one for two A cards in five, done (a tenth cancelled), two days after the card.
    cr.execute(
        """
        INSERT INTO sales_test_drive (name, lead_id, user_id, team_id, company_id, product_tmpl_id,
                                      date_start, state, create_date, write_date)
        SELECT 'Bench drive ' || l.id, l.id, l.user_id, l.team_id, l.company_id, l.intended_model_id,
               l.a_card_date + interval '2 days 9 hours',
               CASE WHEN l.id %% 10 = 0 THEN 'cancelled' ELSE 'done' END,
               l.create_date, l.write_date
          FROM crm_lead l
         WHERE l.name LIKE 'Bench lead %%' AND l.is_a_card AND l.id %% 5 < 2
    """,
        params,
    )
    # Sale orders: one per C card, on its day at 10:00 UTC, a car of the card's model
    # (1 or 2 units) and a service line (revenue, no unit).
    service = env["product.product"].create({"name": "Bench Care Pack", "type": "service"})
    env.flush_all()
    params.update(
        {
            "products": [t.product_variant_id.id for t in templates],
            "service": service.id,
            "templates_of": templates.ids,
            "currency": company.currency_id.id,
        }
    )
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
                                currency_id, date_order, state, user_id, team_id, amount_untaxed,
                                currency_rate, create_date, write_date)
        SELECT 'Bench order ' || c.id, %(partner)s, %(partner)s, %(partner)s, c.company_id,
               %(currency)s, c.date + interval '10 hours', 'sale', c.user_id, c.team_id,
               (1 + c.id %% 2) * 100000 + 3000, 1.0, c.create_date, c.write_date
          FROM sales_c_card c
         WHERE c.name LIKE 'Bench lead %%'
    """,
        params,
    )
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom_qty, price_unit,
                                     price_subtotal, customer_lead, company_id, currency_id,
                                     create_date, write_date)
        SELECT o.id, 'Bench car', (%(products)s::int[])[array_position(%(templates_of)s::int[],
                                                                       c.intended_model_id)],
               1 + c.id %% 2, 100000, (1 + c.id %% 2) * 100000, 0, o.company_id, o.currency_id,
               o.create_date, o.write_date
          FROM sale_order o
          JOIN sales_c_card c ON o.name = 'Bench order ' || c.id
        UNION ALL
        SELECT o.id, 'Bench care', %(service)s, 1, 3000, 3000, 0, o.company_id, o.currency_id,
               o.create_date, o.write_date
          FROM sale_order o
         WHERE o.name LIKE 'Bench order %%'
    """,
        params,
    )
    # Targets: per salesperson and month, one for every model split across three models
    # (2 units each of 8: 2 left on no model), and a team target per team and quarter.
    months = [year_start.replace(day=1)]
    while len(months) < 13:
        last = months[-1]
        months.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    params["months"] = months
    cr.execute(
        """
        INSERT INTO sales_target (name, scope, company_id, team_id, user_id, period_type, date_from,
                                  date_to, unit_target, amount_target, state, create_date, write_date)
        SELECT 'Bench target ' || u.uid || ' ' || m.month, 'user', %(company)s, u.team, u.uid, 'month',
               m.month, (m.month + interval '1 month - 1 day')::date, 8, 800000, 'confirmed',
               NOW(), NOW()
          FROM unnest(%(users)s::int[], %(teams)s::int[]) AS u(uid, team),
               unnest(%(months)s::date[]) AS m(month)
        UNION ALL
        SELECT 'Bench team target ' || t.team || ' ' || m.month, 'team', %(company)s, t.team, NULL,
               'quarter', m.month, (m.month + interval '3 months - 1 day')::date, 100, 10000000,
               'draft', NOW(), NOW()
          FROM (SELECT DISTINCT unnest(%(teams)s::int[]) AS team) t,
               unnest(%(months)s::date[]) AS m(month)
         WHERE EXTRACT(month FROM m.month)::int %% 3 = 1
    """,
        params,
    )
    cr.execute("UPDATE sales_target SET parent_path = id || '/' WHERE name LIKE 'Bench %%target %%'")
    cr.execute(
        """
        INSERT INTO sales_target (name, scope, company_id, team_id, user_id, period_type, date_from,
                                  date_to, unit_target, amount_target, state, parent_id,
                                  product_tmpl_id, create_date, write_date)
        SELECT p.name || ' / ' || m.model, 'user', p.company_id, p.team_id, p.user_id, 'month',
               p.date_from, p.date_to, 2, 200000, 'confirmed', p.id, m.model, NOW(), NOW()
          FROM sales_target p,
               unnest((%(models)s::int[])[1:3]) AS m(model)
         WHERE p.name LIKE 'Bench target %%'
    """,
        params,
    )
    cr.execute(
        """
        UPDATE sales_target c SET parent_path = p.parent_path || c.id || '/'
          FROM sales_target p WHERE c.parent_id = p.id AND c.name LIKE 'Bench target %%'
    """
    )
    cr.execute(
        "ANALYZE crm_lead; ANALYZE sales_visit; ANALYZE sales_c_card; ANALYZE sales_test_drive;"
        " ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE sales_target;"
    )
    env.invalidate_all()
    return users, year_start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="spm_t_cards", help="database with the addon installed")
    parser.add_argument("--scratch", default="spm_bench_cards", help="scratch copy (dropped)")
    parser.add_argument("--salespeople", type=int, default=50)
    parser.add_argument("--visits", type=int, default=500_000)
    parser.add_argument("--leads", type=int, default=200_000)
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiplies the visits and opportunities (e.g. 0.1)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--explain", action="store_true", help="print the plan of the report's view")
    parser.add_argument("odoo_args", nargs="*", help="Odoo options after --")
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.service import db as db_service
    from odoo.tools import SQL, config

    config.parse_config(args.odoo_args)
    if args.scratch in db_service.list_dbs(force=True):
        db_service.exp_drop(args.scratch)
    db_service.exp_duplicate_database(args.source, args.scratch)
    try:
        registry = Registry(args.scratch)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            start = time.perf_counter()
            args.visits, args.leads = int(args.visits * args.scale), int(args.leads * args.scale)
            users, year_start = _populate(env, args.salespeople, args.visits, args.leads, args.models)
            print(
                f"loaded {args.visits} visits, {args.leads} opportunities, "
                f"{args.salespeople} salespeople in {time.perf_counter() - start:.1f} s"
            )
            cr.execute("SELECT COUNT(*) FROM sales_c_card")
            print(f"C cards: {cr.fetchone()[0]}")

            Report = env["sales.daily.report"]
            domain = [("user_id", "in", users.ids), ("date", ">=", year_start)]
            figures = [
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
                "revenue",
                "unit_target",
                "amount_target",
                "unit_achievement",
                "revenue_achievement",
            ]
            aggregates = [f"{fname}:sum" for fname in figures]
            groups, orm_times = _timed(
                lambda: Report.read_group(domain, aggregates, ["user_id", "date:month"], lazy=False),
                args.runs,
            )
            rows = Report.search_count([("user_id", "in", users.ids)])

            bare_query = SQL(
                """
                WITH ev AS (
                    SELECT l.user_id, e.day, 0 AS visits, e.new_cards, e.delta, 0 AS drives,
                           0 AS orders, 0 AS deliveries, e.defeats
                      FROM crm_lead l
                 LEFT JOIN crm_stage s ON s.id = l.stage_id
                 LEFT JOIN res_users u ON u.id = l.user_id
                 LEFT JOIN res_partner up ON up.id = u.partner_id
                 LEFT JOIN res_company co ON co.id = l.company_id
                 LEFT JOIN res_partner cp ON cp.id = co.partner_id
        CROSS JOIN LATERAL (VALUES
                               (l.a_card_date, 1, 1, 0),
                               (CASE WHEN NOT l.active OR COALESCE(s.is_won, FALSE)
                                     THEN GREATEST((COALESCE(l.date_closed, l.write_date) AT TIME ZONE 'UTC'
                                                    AT TIME ZONE COALESCE(up.tz, cp.tz, 'UTC'))::date,
                                                   l.a_card_date) END, 0, -1,
                                CASE WHEN NOT l.active AND NOT COALESCE(s.is_won, FALSE) THEN 1 ELSE 0 END)
                           ) AS e(day, new_cards, delta, defeats)
                     WHERE l.is_a_card AND l.a_card_date IS NOT NULL AND e.day IS NOT NULL
                       AND l.user_id = ANY(%(users)s)
                    UNION ALL
                    SELECT user_id, counted_date, 1, 0, 0, 0, 0, 0, 0
                      FROM sales_visit WHERE counts_as_group AND user_id = ANY(%(users)s)
                    UNION ALL
                    SELECT t.user_id, (t.date_start AT TIME ZONE 'UTC'
                                       AT TIME ZONE COALESCE(up.tz, cp.tz, 'UTC'))::date,
                           0, 0, 0, 1, 0, 0, 0
                      FROM sales_test_drive t
                 LEFT JOIN res_users u ON u.id = t.user_id
                 LEFT JOIN res_partner up ON up.id = u.partner_id
                 LEFT JOIN res_company co ON co.id = t.company_id
                 LEFT JOIN res_partner cp ON cp.id = co.partner_id
                     WHERE t.state = 'done' AND t.user_id = ANY(%(users)s)
                    UNION ALL
                    SELECT c.user_id, d.day, 0, 0, 0, 0, d.orders, d.deliveries, 0
                      FROM sales_c_card c
        CROSS JOIN LATERAL (VALUES (c.date, 1, 0), (c.delivery_date, 0, 1)) AS d(day, orders, deliveries)
                     WHERE c.active AND d.day IS NOT NULL AND c.user_id = ANY(%(users)s)
                ), monthly AS (
                    SELECT user_id, date_trunc('month', day)::date AS month,
                           SUM(visits) AS visits, SUM(new_cards) AS new_cards, SUM(delta) AS delta,
                           SUM(drives) AS drives, SUM(orders) AS orders,
                           SUM(deliveries) AS deliveries, SUM(defeats) AS defeats
                      FROM ev GROUP BY 1, 2
                ), sold AS (
                    -- units (goods lines) and revenue of confirmed orders, by the order's UTC month
                    SELECT o.user_id, date_trunc('month', o.date_order)::date AS month,
                           SUM(CASE WHEN pt.type = 'consu' AND ol.is_downpayment IS NOT TRUE
                                    THEN ol.product_uom_qty ELSE 0 END) AS units,
                           SUM(ol.price_subtotal / COALESCE(NULLIF(o.currency_rate, 0), 1)) AS revenue
                      FROM sale_order_line ol
                      JOIN sale_order o ON o.id = ol.order_id
                 LEFT JOIN product_product pp ON pp.id = ol.product_id
                 LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     WHERE o.state = 'sale' AND ol.display_type IS NULL AND o.user_id = ANY(%(users)s)
                  GROUP BY 1, 2
                ), aim AS (
                    -- the salespeople's targets: each one's rest beside its sub-targets per day,
                    -- times the days of each month it overlaps
                    SELECT t.user_id, date_trunc('month', m.month)::date AS month,
                           SUM((LEAST(t.date_to, (m.month + interval '1 month - 1 day')::date)
                                - GREATEST(t.date_from, m.month::date, %(start)s::date) + 1)
                               * (t.unit_target - COALESCE(c.units, 0))::float8
                               / (t.date_to - t.date_from + 1)) AS units,
                           SUM((LEAST(t.date_to, (m.month + interval '1 month - 1 day')::date)
                                - GREATEST(t.date_from, m.month::date, %(start)s::date) + 1)
                               * (t.amount_target - COALESCE(c.amount, 0))::float8
                               / (t.date_to - t.date_from + 1)) AS amount
                      FROM sales_target t
                 LEFT JOIN (SELECT parent_id, SUM(unit_target) AS units, SUM(amount_target) AS amount
                              FROM sales_target GROUP BY 1) c ON c.parent_id = t.id
        CROSS JOIN LATERAL generate_series(date_trunc('month', t.date_from), t.date_to,
                                           interval '1 month') AS m(month)
                     WHERE t.scope = 'user' AND t.user_id = ANY(%(users)s) AND t.date_to >= %(start)s
                  GROUP BY 1, 2
                ), held AS (
                    SELECT m.*, SUM(delta) OVER (PARTITION BY user_id ORDER BY month) AS held
                      FROM monthly m
                )
                SELECT h.user_id, h.month, visits, new_cards, held, drives, orders, deliveries, defeats,
                       orders + defeats,
                       CASE WHEN visits = 0 THEN 0 ELSE new_cards * 100.0 / visits END,
                       CASE WHEN visits = 0 THEN 0 ELSE drives * 100.0 / visits END,
                       CASE WHEN visits = 0 THEN 0 ELSE orders * 100.0 / visits END,
                       CASE WHEN orders + defeats = 0 THEN 0 ELSE defeats * 100.0 / (orders + defeats) END,
                       COALESCE(s.units, 0), COALESCE(s.revenue, 0),
                       COALESCE(a.units, 0), COALESCE(a.amount, 0),
                       CASE WHEN COALESCE(a.units, 0) = 0 THEN 0 ELSE s.units * 100.0 / a.units END,
                       CASE WHEN COALESCE(a.amount, 0) = 0 THEN 0 ELSE s.revenue * 100.0 / a.amount END
                  FROM held h
             LEFT JOIN sold s ON s.user_id = h.user_id AND s.month = h.month
             LEFT JOIN aim a ON a.user_id = h.user_id AND a.month = h.month
                 WHERE h.month >= date_trunc('month', %(start)s::date)
                   AND h.month <= date_trunc('month', CURRENT_DATE)
            """,
                users=users.ids,
                start=year_start,
            )

            def bare_sql():
                cr.execute(SQL("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"))
                cr.execute(bare_query)
                return cr.fetchall()

            bare, sql_times = _timed(bare_sql, args.runs)

            # Same figures both ways? (the traffic starts on year_start: the first month compares too)
            orm = {
                (g["user_id"][0], g["__range"]["date:month"]["from"]): tuple(
                    round(g[fname] or 0, 4) for fname in figures
                )
                for g in groups
            }
            sql = {
                (user_id, str(month)): tuple(round(float(v or 0), 4) for v in values)
                for user_id, month, *values in bare
            }
            mismatches = [
                (key, orm.get(key), values) for key, values in sql.items() if orm.get(key) != values
            ]
            print(f"report rows (day x salesperson x team x model, quiet days included): {rows}")
            print(
                f"groups (salesperson x month): {len(groups)} via ORM, {len(bare)} via bare SQL; "
                f"{len(mismatches)} differ" + (f", e.g. {mismatches[0]}" if mismatches else "")
            )
            print(
                f"daily report read_group by salesperson and month: "
                f"median {statistics.median(orm_times) * 1000:.0f} ms "
                f"(runs: {', '.join(f'{t * 1000:.0f}' for t in orm_times)} ms)"
            )
            print(
                f"bare SQL aggregate, same figures, held cards at each month's end: "
                f"median {statistics.median(sql_times) * 1000:.0f} ms "
                f"(runs: {', '.join(f'{t * 1000:.0f}' for t in sql_times)} ms)"
            )
            print(f"ratio: {statistics.median(orm_times) / statistics.median(sql_times):.2f}x")
            if args.explain:
                query = Report._search(domain + [("has_events", "=", True)])
                cr.execute(SQL("EXPLAIN ANALYZE %s", query.select("user_id", "date")))
                print("\n".join(line for (line,) in cr.fetchall()))
            if args.keep:
                cr.commit()  # the loaded traffic stays in the kept scratch database, to study plans
            else:
                cr.rollback()
    finally:
        Registry.delete(args.scratch)
        if not args.keep:
            db_service.exp_drop(args.scratch)
    return odoo


if __name__ == "__main__":
    main()
