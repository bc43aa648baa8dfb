# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Card statuses follow the card's life cycle again, from 18.0.4.0.0.

``crm.lead.card_state`` (and its copy on the C card) is computed; up to 18.0.4.0.0
a salesperson could write it by RPC. It is the application's now: the statuses of
the showroom opportunities and the C cards are recomputed.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Lead = env["crm.lead"].with_context(active_test=False)
    leads = Lead.search(
        [
            "|",
            ("card_state", "!=", False),
            "&",
            ("type", "=", "opportunity"),
            ("team_id.process_id.use_a_card", "=", True),
        ]
    )
    env.add_to_compute(Lead._fields["card_state"], leads)
    cards = env["sales.c.card"].with_context(active_test=False).search([])
    env.add_to_compute(cards._fields["card_state"], cards)
    env.flush_all()
