# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Satisfaction results follow their C card again, from 18.0.4.0.0.

``sales.satisfaction.user_id``, ``team_id``, ``company_id`` and ``partner_id`` are
stored copies of the C card's, which the satisfaction KPI groups by. Up to
18.0.4.0.0 a team leader could write them by RPC (e.g. put their own name on a
good result of a member's buyer); they are the application's now. Every result
is recomputed from its card.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Satisfaction = env["sales.satisfaction"]
    results = Satisfaction.search([])
    for fname in ("user_id", "team_id", "company_id", "partner_id"):
        env.add_to_compute(Satisfaction._fields[fname], results)
    env.flush_all()
