# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Test drives remember the checklist lines they ticked, from 18.0.3.0.0.

``sales.test.drive.checklist_line_ids`` is new: cancelling a done test drive
unticks the lines it ticked. For the drives done before the upgrade, the lines
of their opportunity's test-drive items that are still done and were ticked in
the same minute as the drive was completed are taken as the drive's (the tick
was made in the same transaction); a tick made at another time (by a person, or
a feedback score recorded later) is left to the people.
"""

from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    drives = env["sales.test.drive"].search([("state", "=", "done"), ("date_done", "!=", False)])
    if not drives:
        return
    lines = env["sales.checklist.line"].search(
        [
            ("lead_id", "in", drives.lead_id.ids),
            ("item_id.test_drive_check", "!=", False),
            ("done", "=", True),
            ("done_date", "!=", False),
        ]
    )
    by_lead = lines.grouped("lead_id")
    taken = set()
    for drive in drives.sorted("date_done"):
        window = (drive.date_done - timedelta(minutes=1), drive.date_done + timedelta(minutes=1))
        mine = by_lead.get(drive.lead_id, lines.browse()).filtered(
            lambda line, window=window: line.id not in taken and window[0] <= line.done_date <= window[1]
        )
        if mine:
            taken.update(mine.ids)
            drive.checklist_line_ids = [Command.link(line.id) for line in mine]
