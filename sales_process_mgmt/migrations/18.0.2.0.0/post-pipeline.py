# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One pipeline per process (18.0.2.0.0).

- The shipped showroom process asks for A cards (the data file is noupdate).
- Leads of a process team sitting in a stage outside its process, or of a team
  without a process sitting in a process stage, move into their team's pipeline
  (a system move, logged).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    showroom = env.ref("sales_process_mgmt.process_showroom", raise_if_not_found=False)
    if showroom:
        showroom.use_a_card = True
    teams = env["crm.team"].with_context(active_test=False).search([])
    teams._spm_move_leads_into_pipeline()
