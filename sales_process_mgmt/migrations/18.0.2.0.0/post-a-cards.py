# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A cards and visits from 18.0.1.0.0:

- held A cards no longer read the probability (an active card at 0 % is held):
  the numbers of every held card go into ``sales.a.card.number``, the table the
  phone rule's unique index guards. Cards that already shared a number with an
  older held card are logged (the older one keeps the number);
- a visit's count reason was stored as text, in the language of whoever saved
  the visit: it is now a code. Each text (English, or its zh_CN / zh_TW
  translation) becomes its code; the count itself is left as it was. A text
  that matches no reason is recomputed from the counting rules.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools.translate import code_translations

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    clashes = env["sales.a.card.number"]._spm_rebuild()
    if clashes:
        _logger.warning(
            "A cards held with a phone number an older held card already has (ids %s): "
            "merge them or mark them lost.",
            clashes.ids,
        )
    Visit = env["sales.visit"].with_context(active_test=False)
    field = Visit._fields["not_counted_reason"]
    translations = [
        code_translations.get_python_translations("sales_process_mgmt", lang) for lang in ("zh_CN", "zh_TW")
    ]
    codes = {code for code, _label in field.selection}
    for code, label in field.selection:
        texts = {label} | {terms[label] for terms in translations if terms.get(label)}
        visits = Visit.search([("not_counted_reason", "in", list(texts))])
        if visits:
            visits.write({"not_counted_reason": code})
    env.flush_all()
    unknown = Visit.search(
        [("not_counted_reason", "!=", False), ("not_counted_reason", "not in", list(codes))]
    )
    if unknown:
        env.add_to_compute(field, unknown)
        unknown._recompute_recordset(["not_counted_reason"])
        env.flush_all()
