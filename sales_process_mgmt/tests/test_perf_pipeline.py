"""Creating and moving opportunities of a process costs a fixed number of queries per batch."""

from contextlib import nullcontext

from odoo.tests import tagged
from odoo.tools import SQL

from .test_pipeline import PipelineCommon

# Creating a batch of opportunities in a process team (salesperson): Odoo's own create,
# the first stage's checklist lines and their automatic items, all in one create each.
CREATE_QUERIES = 38
# Moving a batch to the next stage (team leader), flushed: gate, Odoo's write, the new
# stage's lines, automatic items, checklist state and the stage log.
MOVE_QUERIES = 29


@tagged("post_install", "-at_install")
class TestPerfPipeline(PipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's predictive lead scoring recomputes probabilities on a stage move with one
        # query per team that has scoring frequencies: that is the database's history, not
        # the addon's cost. Without frequencies the count is the same on every database.
        cls.env["crm.lead.scoring.frequency"].sudo().search([]).unlink()

    def _vals(self, count, label):
        return [
            {
                "name": "SPM Perf %s %s" % (label, i),
                "type": "opportunity",
                "team_id": self.team.id,
                "user_id": self.salesperson.id,
                "phone": "+86 138 0000 %04d" % i,
            }
            for i in range(count)
        ]

    def _pinned(self, queries, warm):
        # the first batch warms Odoo's caches (access rules, defaults): not pinned
        return nullcontext() if warm else self.assertQueryCount(queries)

    def _create(self, count, label):
        Lead = self.env["crm.lead"].with_user(self.salesperson)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        with self._pinned(CREATE_QUERIES, label == "warm"):
            leads = Lead.create(self._vals(count, label))
            self.env.flush_all()
        return leads, self.env.cr.sql_log_count - before

    def test_creating_5_or_50_opportunities_costs_the_same_queries(self):
        self._create(2, "warm")
        (few, few_count), (many, many_count) = self._create(5, "few"), self._create(50, "many")
        self.assertEqual(few_count, many_count, "10x the opportunities, the same queries")
        for leads in (few, many):
            # each starts in the first stage with its checklist lines, batched or not
            self.assertEqual(set(leads.mapped("stage_id")), {self.s1})
            for lead in leads:
                self.assertEqual(lead.checklist_line_ids.item_id, self.i1 | self.i1_opt)
                self.assertTrue(lead.checklist_incomplete)

    def test_moving_5_or_50_opportunities_costs_the_same_queries(self):
        counts = []
        for count, label in ((2, "warm"), (5, "few"), (50, "many")):
            leads, _count = self._create(count, label)
            self.env["sales.checklist.line"].search(
                [("lead_id", "in", leads.ids), ("item_id", "=", self.i1.id)]
            ).write({"done": True})
            leads = leads.with_user(self.leader)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with self._pinned(MOVE_QUERIES, label == "warm"):
                leads.write({"stage_id": self.s2.id})
                self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(set(leads.mapped("stage_id")), {self.s2})
            self.assertEqual(len(leads.stage_log_ids), count)
            for lead in leads:
                lines = lead.checklist_line_ids.filtered(lambda line: line.stage_id == self.s2)
                self.assertEqual(lines.item_id, self.a2 | self.ap2)
                # the phone is filled: the automatic item is ticked, by nobody
                auto = lines.filtered(lambda line: line.item_id == self.a2)
                self.assertTrue(auto.done)
                self.assertFalse(auto.done_user_id)
        self.assertEqual(counts[1], counts[2], "10x the opportunities, the same queries")

    def test_move_gives_the_stored_fields_of_its_lines_and_log_once(self):
        """The lines' stage and company and the log's override flag are written by the
        INSERT, from the move's values: correct in the database, and not computed again
        for every new row at flush."""
        leads = self.env["crm.lead"].with_user(self.salesperson).create(self._vals(3, "stored"))
        self.env["sales.checklist.line"].search(
            [("lead_id", "in", leads.ids), ("item_id", "=", self.i1.id)]
        ).write({"done": True})
        self.env.flush_all()
        leads.with_user(self.leader).write({"stage_id": self.s2.id})
        Line, Log = self.env["sales.checklist.line"], self.env["sales.stage.log"]
        new_lines = Line.search([("lead_id", "in", leads.ids), ("stage_id", "=", self.s2.id)])
        self.assertEqual(len(new_lines), 2 * len(leads))
        for field in (Line._fields["stage_id"], Line._fields["company_id"], Log._fields["is_override"]):
            self.assertFalse(self.env.records_to_compute(field), f"{field} is left to compute")
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT line.stage_id, item.stage_id, line.company_id, lead.company_id
              FROM sales_checklist_line line
              JOIN sales_checklist_item item ON item.id = line.item_id
              JOIN crm_lead lead ON lead.id = line.lead_id
             WHERE line.lead_id IN %s
            """,
                tuple(leads.ids),
            )
        )
        self.assertEqual(len(rows), 4 * len(leads), "two lines of S1 and two of S2 per lead")
        for line_stage, item_stage, line_company, lead_company in rows:
            self.assertEqual(line_stage, item_stage)
            self.assertEqual(line_company, lead_company)
            self.assertTrue(line_company)
        logs = self.env.execute_query(
            SQL(
                "SELECT move_type, is_override FROM sales_stage_log WHERE lead_id IN %s",
                tuple(leads.ids),
            )
        )
        self.assertEqual(logs, [("forward", False)] * len(leads))
