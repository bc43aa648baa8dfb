# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A cards and visits from 18.0.1.0.0:

- held A cards no longer read the probability (an active card at 0 % is held):
  the numbers of every held card go into ``sales.a.card.number``, the table the
  phone rule's unique index guards. Cards that already shared a number with an
  older held card are logged (the older one keeps the number);
- a visit's count reason was stored as English text: it is now a code,
  recomputed from the counting rules.
"""
import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    clashes = env["sales.a.card.number"]._spm_rebuild()
    if clashes:
        _logger.warning(
            "A cards held with a phone number an older held card already has (ids %s): "
            "merge them or mark them lost.", clashes.ids,
        )
    visits = env["sales.visit"].with_context(active_test=False).search([])
    env.add_to_compute(visits._fields["not_counted_reason"], visits)
    visits._recompute_recordset(["not_counted_reason"])
    env.flush_all()
