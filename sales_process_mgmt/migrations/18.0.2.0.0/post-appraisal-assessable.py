# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Appraisal lines of older versions: every line was scored, with its template weight."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("""
        UPDATE sales_appraisal_line
           SET weight_effective = COALESCE(weight_effective, weight),
               assessable = COALESCE(assessable, TRUE),
               excluded = COALESCE(excluded, FALSE)
    """)
