# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dealership floor, from 18.0.2.0.0:

- the shipped showroom process's test-drive items are ticked by test drives: the
  shipped process is ``noupdate`` data, so its items get the new flag here (the
  form filed when a test drive is done, the feedback form once it has a score),
  unless someone already set it;
- ``crm.lead.card_state`` (and the C cards' copy) are new stored computed fields:
  the ORM computes them for every record when it adds their columns, nothing to
  do here.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, check in (
        ("sales_process_mgmt.item_showroom_testdrive_form", "done"),
        ("sales_process_mgmt.item_showroom_testdrive_feedback", "feedback"),
    ):
        item = env.ref(xmlid, raise_if_not_found=False)
        if item and not item.test_drive_check:
            item.test_drive_check = check
