"""Benchmark of the showroom daily report (sales.daily.report).

Loads a year of traffic for 50 salespeople (about 500,000 visits and 200,000
opportunities, most of them A cards, with their C cards) with plain SQL inserts
into a scratch copy of a database that has the addon installed, then prints:

- the time to read the daily report grouped by salesperson and month through
  the ORM (``read_group``, what the pivot and graph views call), and
- the time of the bare SQL aggregate over the same tables (visit groups, new A
  cards and C cards per salesperson and month, without the held-card day series),

in the same run. The scratch database is dropped at the end (``--keep`` keeps it).

Run from the repository root (tools/lib.sh finds the venv and the database):

    source tools/lib.sh; find_odoo; ensure_venv full; ensure_postgres
    PYTHONPATH=$ODOO_SRC "$VENV_PY" sales_process_mgmt/bench/bench_daily_report.py \\
        --source spm_t_cards -- --addons-path="$(odoo_addons_path)" \\
        --db_host=127.0.0.1 --db_user=odoo_spm --db_password=odoo_spm

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
    users = env["res.users"].with_context(no_reset_password=True).create([
        {"name": f"Bench Salesperson {i}", "login": f"bench_sp_{i}",
         "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])]}
        for i in range(salespeople)
    ])
    teams = env["crm.team"].create([
        {"name": f"Bench Team {t}", "company_id": company.id,
         "member_ids": [(6, 0, users[t::5].ids)]}
        for t in range(5)
    ])
    templates = env["product.template"].create([
        {"name": f"Bench Model {m}", "type": "consu"} for m in range(models)
    ])
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
    env.flush_all()
    year_start = date.today() - timedelta(days=364)
    params = {
        "users": users.ids, "teams": [teams[i % 5].id for i in range(salespeople)],
        "models": templates.ids, "company": company.id, "start": year_start,
        "won": won_stage.id, "open": open_stage.id, "n_leads": n_leads, "n_visits": n_visits,
        "partner": env.ref("base.res_partner_1").id,
    }
    # Opportunities: 85 % A cards; 30 % won, 35 % lost, the rest held.
    cr.execute("""
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
    """, params)
    # Visits: 70 % count as a group on their own day.
    cr.execute("""
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
    """, params)
    # C cards: one per won A card, on the day it was won.
    cr.execute("""
        INSERT INTO sales_c_card (name, date, lead_id, partner_id, user_id, team_id, company_id,
                                  intended_model_id, state, completeness, create_date, write_date)
        SELECT l.name, l.date_closed::date, l.id, %(partner)s, l.user_id, l.team_id, l.company_id,
               l.intended_model_id, 'ordered', 50, l.date_closed, l.date_closed
          FROM crm_lead l
         WHERE l.stage_id = %(won)s AND l.name LIKE 'Bench lead %%' AND l.is_a_card
    """, params)
    cr.execute("ANALYZE crm_lead; ANALYZE sales_visit; ANALYZE sales_c_card;")
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
            users, year_start = _populate(env, args.salespeople, args.visits, args.leads, args.models)
            print(f"loaded {args.visits} visits, {args.leads} opportunities, "
                  f"{args.salespeople} salespeople in {time.perf_counter() - start:.1f} s")
            cr.execute("SELECT COUNT(*) FROM sales_c_card")
            print(f"C cards: {cr.fetchone()[0]}")

            Report = env["sales.daily.report"]
            domain = [("user_id", "in", users.ids), ("date", ">=", year_start)]
            aggregates = ["visit_groups:sum", "new_a_cards:sum", "held_a_cards:sum", "c_cards:sum"]
            groups, orm_times = _timed(
                lambda: Report.read_group(domain, aggregates, ["user_id", "date:month"], lazy=False),
                args.runs,
            )
            cr.execute(SQL("SELECT COUNT(*) FROM sales_daily_report WHERE user_id = ANY(%s)", users.ids))
            rows = cr.fetchone()[0]

            bare_query = SQL("""
                SELECT user_id, date_trunc('month', day) AS month,
                       SUM(visits), SUM(new_cards), SUM(c_cards)
                  FROM (
                    SELECT user_id, counted_date AS day, 1 AS visits, 0 AS new_cards, 0 AS c_cards
                      FROM sales_visit WHERE counts_as_group AND user_id = ANY(%(users)s)
                    UNION ALL
                    SELECT user_id, a_card_date, 0, 1, 0
                      FROM crm_lead WHERE is_a_card AND user_id = ANY(%(users)s)
                    UNION ALL
                    SELECT user_id, date, 0, 0, 1
                      FROM sales_c_card WHERE user_id = ANY(%(users)s)
                  ) t
                 WHERE day >= %(start)s
                 GROUP BY 1, 2
            """, users=users.ids, start=year_start)
            bare, sql_times = _timed(lambda: cr.execute(bare_query) or cr.fetchall(), args.runs)

            print(f"report rows (day x salesperson x model): {rows}")
            print(f"groups (salesperson x month): {len(groups)} via ORM, {len(bare)} via bare SQL")
            print(f"daily report read_group by salesperson and month: "
                  f"median {statistics.median(orm_times) * 1000:.0f} ms "
                  f"(runs: {', '.join(f'{t * 1000:.0f}' for t in orm_times)} ms)")
            print(f"bare SQL aggregate (no held-card series):        "
                  f"median {statistics.median(sql_times) * 1000:.0f} ms "
                  f"(runs: {', '.join(f'{t * 1000:.0f}' for t in sql_times)} ms)")
            if args.explain:
                cr.execute("EXPLAIN ANALYZE SELECT * FROM sales_daily_report")
                print("\n".join(line for line, in cr.fetchall()))
            cr.rollback()
    finally:
        Registry.delete(args.scratch)
        if not args.keep:
            db_service.exp_drop(args.scratch)
    return odoo


if __name__ == "__main__":
    main()
