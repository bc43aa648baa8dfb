# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily report carries targets, from 18.0.3.0.0.

A team's or the company's target is on a row without salesperson
(``team_target``): the record rules of salespeople and team leaders, shipped
``noupdate``, get the clause that hides those rows from people the target
itself is hidden from. A rule someone changed is left as it is.
"""

from odoo import SUPERUSER_ID, api

RULES = {
    "sales_process_mgmt.sales_daily_report_rule_own": (
        "['|', ('user_id', '=', user.id), ('user_id', '=', False)]",
        "['|', ('user_id', '=', user.id), '&', ('user_id', '=', False), ('team_target', '=', False)]",
    ),
    "sales_process_mgmt.sales_daily_report_rule_team": (
        "['|', '|', '|', ('user_id', '=', user.id), ('user_id', '=', False), "
        "('team_id.user_id', '=', user.id), ('team_id.member_ids', 'in', [user.id])]",
        "['|', '|', '|', ('user_id', '=', user.id), '&', ('user_id', '=', False), "
        "('team_target', '=', False), ('team_id.user_id', '=', user.id), "
        "'&', ('team_id.member_ids', 'in', [user.id]), ('team_target', '=', False)]",
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old, new) in RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule and rule.domain_force == old:
            rule.domain_force = new
