# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("spm_tour", "post_install", "-at_install")
class TestGuidedTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            "spm_guided_sales",
            groups="sales_team.group_sale_salesman",
            name="Sam Guided",
            password="spm_guided_sales",
        )
        cls.leader = new_test_user(
            cls.env,
            "spm_guided_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Leo Guided Leader",
            password="spm_guided_leader",
        )
        cls.process = cls.env["sales.process"].create({"name": "SPM Guided Tour Process"})
        Stage = cls.env["crm.stage"]
        cls.stage_a = Stage.create(
            {
                "name": "Guided Stage A",
                "sequence": 1,
                "process_id": cls.process.id,
                "spm_guidance": "<ul><li>Welcome every customer at the door.</li></ul>",
            }
        )
        cls.stage_b = Stage.create(
            {
                "name": "Guided Stage B",
                "sequence": 2,
                "process_id": cls.process.id,
                "spm_required_field_ids": [
                    Command.set([cls.env.ref("crm.field_crm_lead__expected_revenue").id])
                ],
            }
        )
        Item = cls.env["sales.checklist.item"]
        cls.greeting = Item.create(
            {
                "stage_id": cls.stage_a.id,
                "name": "Guided greeting",
                "description": "Greet at the door.",
                "sequence": 1,
            }
        )
        cls.concession = Item.create(
            {
                "stage_id": cls.stage_a.id,
                "name": "Guided concession",
                "item_type": "approval",
                "sequence": 2,
            }
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "SPM Guided Tour Team",
                "user_id": cls.leader.id,
                "process_id": cls.process.id,
                "member_ids": [Command.set(cls.salesperson.ids)],
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "SPM Guided Tour Opp",
                "type": "opportunity",
                "team_id": cls.team.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.action = cls.env["ir.actions.act_window"].create(
            {
                "name": "SPM Guided Pipeline",
                "res_model": "crm.lead",
                "view_mode": "kanban,form",
                "domain": [("team_id", "=", cls.team.id)],
                "context": {"default_team_id": cls.team.id, "default_type": "opportunity"},
            }
        )

    def _line(self, item):
        return self.lead.checklist_line_ids.filtered(lambda line: line.item_id == item)

    def test_drag_dialog_approval_move(self):
        url = f"/odoo/action-{self.action.id}"
        self.start_tour(url, "spm_guided_drag_tour", login="spm_guided_sales")
        self.assertEqual(self.lead.stage_id, self.stage_a, "cancelled: the card stayed")
        self.assertTrue(self._line(self.greeting).done)
        self.assertEqual(self._line(self.greeting).done_user_id, self.salesperson)
        concession = self._line(self.concession)
        self.assertEqual(concession.state, "requested")
        self.assertEqual(concession.approval_activity_ids.user_id, self.leader)
        # The leader approves (from the activity's opportunity).
        concession.with_user(self.leader)._spm_decide("approve", "One concession, against mats.")
        self.assertFalse(concession.approval_activity_ids.exists())
        self.start_tour(url, "spm_guided_drag_finish_tour", login="spm_guided_sales")
        self.assertEqual(self.lead.stage_id, self.stage_b)
        self.assertEqual(self.lead.expected_revenue, 250000.0)
        self.assertEqual(self.lead.stage_log_ids.move_type, "forward")

    def test_cancel_statusbar_move(self):
        before = self.lead.date_last_stage_update
        self.start_tour(
            f"/odoo/action-{self.action.id}/{self.lead.id}",
            "spm_guided_cancel_tour",
            login="spm_guided_sales",
        )
        self.assertEqual(self.lead.stage_id, self.stage_a)
        self.assertEqual(self.lead.date_last_stage_update, before)
        self.assertFalse(self.lead.stage_log_ids)
