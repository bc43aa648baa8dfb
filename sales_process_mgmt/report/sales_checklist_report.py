# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class SalesChecklistReport(models.Model):
    """Checklist items left undone: open on active opportunities, passed by an override,
    or marked not applicable (shown apart: they count as done for the gate)."""

    _name = "sales.checklist.report"
    _description = "Checklist Analysis"
    _auto = False
    _order = "date desc"

    state = fields.Selection(
        [("open", "Open"), ("overridden", "Overridden"), ("na", "Not Applicable")],
        readonly=True,
        help="Open: a required item of the opportunity's current stage is not done. "
        "Overridden: a forced, automatic or imported move went past it. "
        "Not Applicable: marked so with a reason; it counts as done.",
    )
    na_reason = fields.Text(string="N/A Reason", readonly=True)
    item_id = fields.Many2one("sales.checklist.item", string="Checklist Item", readonly=True)
    stage_id = fields.Many2one("crm.stage", readonly=True)
    process_id = fields.Many2one("sales.process", string="Sales Process", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Opportunity", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT u.*
                  FROM (
                    -- stable ids: even for lines, odd for (log, item) pairs
                    SELECT line.id::bigint * 2 AS id, 'open' AS state, line.item_id, line.stage_id, item.process_id,
                           lead.id AS lead_id, lead.team_id, lead.user_id, lead.company_id,
                           lead.date_last_stage_update AS date, NULL::text AS na_reason
                      FROM sales_checklist_line line
                      JOIN sales_checklist_item item ON item.id = line.item_id
                      JOIN crm_lead lead ON lead.id = line.lead_id
                     WHERE line.done IS NOT TRUE AND item.required AND item.active
                       AND lead.active AND line.stage_id = lead.stage_id
                    UNION ALL
                    SELECT (rel.log_id::bigint * 1000000 + rel.item_id) * 2 + 1, 'overridden', rel.item_id, item.stage_id, item.process_id,
                           log.lead_id, log.team_id, log.user_id, log.company_id, log.date, NULL::text
                      FROM sales_stage_log_item_rel rel
                      JOIN sales_stage_log log ON log.id = rel.log_id
                      JOIN sales_checklist_item item ON item.id = rel.item_id
                    UNION ALL
                    -- a not-applicable line is done, never open: its even id is free
                    SELECT line.id::bigint * 2, 'na', line.item_id, line.stage_id, item.process_id,
                           lead.id, lead.team_id, lead.user_id, lead.company_id,
                           COALESCE(line.done_date, line.write_date), line.na_reason
                      FROM sales_checklist_line line
                      JOIN sales_checklist_item item ON item.id = line.item_id
                      JOIN crm_lead lead ON lead.id = line.lead_id
                     WHERE line.is_na
                  ) u
            )
            """,
                SQL.identifier(self._table),
            )
        )
