# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("spm_tour", "post_install", "-at_install")
class TestPipelineTour(HttpCase):
    def test_tick_checklist_and_drag_card(self):
        admin = self.env.ref("base.user_admin")
        process = self.env["sales.process"].create({"name": "SPM Tour Process"})
        stage_a = self.env["crm.stage"].create(
            {"name": "Tour Stage A", "sequence": 1, "process_id": process.id}
        )
        stage_b = self.env["crm.stage"].create(
            {"name": "Tour Stage B", "sequence": 2, "process_id": process.id}
        )
        self.env["sales.checklist.item"].create(
            [
                {"stage_id": stage_a.id, "name": "Tour greeting", "sequence": 1},
                {"stage_id": stage_a.id, "name": "Tour needs noted", "sequence": 2},
            ]
        )
        team = self.env["crm.team"].create(
            {
                "name": "SPM Tour Team",
                "user_id": admin.id,
                "process_id": process.id,
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "SPM Tour Opportunity",
                "type": "opportunity",
                "team_id": team.id,
                "user_id": admin.id,
            }
        )
        self.assertEqual(lead.stage_id, stage_a)
        action = self.env["ir.actions.act_window"].create(
            {
                "name": "SPM Tour Pipeline",
                "res_model": "crm.lead",
                "view_mode": "kanban,form",
                "domain": [("team_id", "=", team.id)],
                "context": {"default_team_id": team.id, "default_type": "opportunity"},
            }
        )
        self.start_tour(f"/odoo/action-{action.id}", "spm_pipeline_tour", login="admin")
        self.assertEqual(lead.stage_id, stage_b)
        lines = lead.checklist_line_ids.filtered(lambda line: line.stage_id == stage_a)
        self.assertTrue(all(lines.mapped("done")))
        self.assertEqual(lines.done_user_id, admin)
        self.assertEqual(lead.stage_log_ids.move_type, "forward")

    def test_team_pipeline_shows_the_process_only(self):
        leader = new_test_user(
            self.env,
            "spm_tour_leader",
            groups="sales_team.group_sale_salesman_all_leads,base.group_user",
            name="Tour Leader",
        )
        process = self.env["sales.process"].create({"name": "SPM Team Tour Process"})
        first = self.env["crm.stage"].create(
            {"name": "Tour Team P1", "sequence": 1, "process_id": process.id}
        )
        self.env["crm.stage"].create(
            {"name": "Tour Team P2", "sequence": 2, "process_id": process.id, "is_won": True}
        )
        team = self.env["crm.team"].create(
            {"name": "SPM Team Tour", "user_id": leader.id, "process_id": process.id}
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "SPM Team Tour Opportunity",
                "type": "opportunity",
                "team_id": team.id,
            }
        )
        self.assertEqual(lead.stage_id, first)
        self.start_tour("/odoo/crm", "spm_team_pipeline_tour", login="spm_tour_leader")
