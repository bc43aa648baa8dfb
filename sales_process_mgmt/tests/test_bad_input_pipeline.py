# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input on the pipeline models: each case is a clean, translated refusal and
nothing is written."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_pipeline import PipelineCommon


@tagged("post_install", "-at_install")
class TestBadInputPipeline(PipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.process2 = cls.env["sales.process"].create(
            {"name": "SPM C2 Process", "company_id": cls.company2.id}
        )
        cls.c2_stage = cls.env["crm.stage"].create({"name": "SPM C2 Stage", "process_id": cls.process2.id})
        cls.other_process = cls.env["sales.process"].create({"name": "SPM Other Process"})
        cls.other_stage = cls.env["crm.stage"].create(
            {"name": "SPM Other Stage", "process_id": cls.other_process.id}
        )
        cls.roles = (cls.salesperson, cls.leader, cls.leader2, cls.director)

    def _force(self, user, lead, stage, reason="a reason"):
        return (
            self.env["sales.stage.force.wizard"]
            .with_user(user)
            .create(
                {
                    "lead_ids": [(6, 0, lead.ids)],
                    "stage_id": stage.id,
                    "reason": reason,
                }
            )
            .action_confirm()
        )

    # --- stage configuration ---------------------------------------------------

    def test_negative_time_limit(self):
        with self.assertRaises(ValidationError):
            self.s2.with_user(self.director).max_days = -1
        self.assertEqual(self.s2.max_days, 3)

    def test_huge_time_limit(self):
        with self.assertRaises(ValidationError):
            self.s2.with_user(self.director).max_days = 10**6
        self.assertEqual(self.s2.max_days, 3)

    def test_negative_leader_delay(self):
        with self.assertRaises(ValidationError):
            self.s2.with_user(self.director).escalate_leader_days = -5
        self.assertEqual(self.s2.escalate_leader_days, 2)

    def test_huge_manager_delay(self):
        with self.assertRaises(ValidationError):
            self.s2.with_user(self.director).escalate_manager_days = 99999
        self.assertEqual(self.s2.escalate_manager_days, 3)

    def test_create_stage_with_negative_limit(self):
        with self.assertRaises(ValidationError):
            self.env["crm.stage"].with_user(self.director).create(
                {
                    "name": "SPM bad limit",
                    "process_id": self.process.id,
                    "max_days": -3,
                }
            )
        self.assertFalse(self.env["crm.stage"].search([("name", "=", "SPM bad limit")]))

    def test_duplicate_stage_name_in_process(self):
        with self.assertRaises(ValidationError):
            self.env["crm.stage"].with_user(self.director).create(
                {"name": "SPM S2", "process_id": self.process.id}
            )
        self.assertEqual(self.env["crm.stage"].search_count([("name", "=", "SPM S2")]), 1)

    def test_stage_with_leads_cannot_change_process(self):
        self._lead()
        with self.assertRaises(ValidationError):
            self.s1.with_user(self.director).process_id = self.other_process
        self.assertEqual(self.s1.process_id, self.process)

    def test_stage_configuration_by_salesperson_and_leader(self):
        for user in (self.salesperson, self.leader):
            with self.assertRaises(AccessError):
                self.s2.with_user(user).max_days = 5
        self.assertEqual(self.s2.max_days, 3)

    # --- teams and processes ----------------------------------------------------

    def test_team_follows_another_companys_process(self):
        with self.assertRaises(ValidationError):
            self.team.with_user(self.director).process_id = self.process2
        self.assertEqual(self.team.process_id, self.process)

    def test_team_follows_an_archived_process(self):
        self.other_process.active = False
        with self.assertRaises(ValidationError):
            self.plain_team.with_user(self.director).process_id = self.other_process
        self.assertFalse(self.plain_team.process_id)

    def test_archive_a_process_teams_follow(self):
        with self.assertRaises(ValidationError):
            self.process.with_user(self.director).active = False
        self.assertTrue(self.process.active)

    def test_team_process_by_leader(self):
        with self.assertRaises(AccessError):
            self.plain_team.with_user(self.leader).process_id = self.process
        self.assertFalse(self.plain_team.process_id)

    # --- moves -------------------------------------------------------------------

    def test_move_to_other_companys_process_stage(self):
        lead = self._lead()
        for user in self.roles:
            with self.assertRaises(UserError):
                lead.with_user(user).write({"stage_id": self.c2_stage.id})
        self.assertEqual(lead.stage_id, self.s1)
        self.assertFalse(lead.stage_log_ids)

    def test_other_company_user_moves_a_lead(self):
        lead = self._lead()
        with self.assertRaises(AccessError):
            lead.with_user(self.other_user).write({"stage_id": self.s2.id})
        self.assertEqual(lead.stage_id, self.s1)

    def test_move_to_another_process_stage(self):
        lead = self._lead()
        self._complete_s1(lead)
        for user in self.roles:
            with self.assertRaisesRegex(UserError, "SPM Test Process"):
                lead.with_user(user).sudo().write({"stage_id": self.other_stage.id})
        self.assertEqual(lead.stage_id, self.s1)

    def test_create_in_another_process_stage(self):
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaises(UserError):
                self.env["crm.lead"].with_user(user).create(
                    {
                        "name": "SPM wrong process",
                        "team_id": self.team.id,
                        "stage_id": self.other_stage.id,
                    }
                )
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "SPM wrong process")]))

    def test_team_change_with_a_stage_of_another_process(self):
        lead = self._lead(team_id=self.plain_team.id)
        stage = lead.stage_id
        with self.assertRaisesRegex(UserError, "SPM Test Process"):
            lead.with_user(self.leader).write({"team_id": self.team.id, "stage_id": self.other_stage.id})
        self.assertEqual((lead.team_id, lead.stage_id), (self.plain_team, stage))

    def test_bypass_context_without_superuser(self):
        lead = self._lead()
        for user in self.roles:
            with self.assertRaises(UserError):
                lead.with_user(user).with_context(
                    spm_gate_bypass_reason="because",
                    spm_gate_bypass_code="process_change",
                ).write({"stage_id": self.s3.id})
        self.assertEqual(lead.stage_id, self.s1)

    # --- force wizard ------------------------------------------------------------

    def test_force_without_reason(self):
        lead = self._lead()
        for user in (self.leader, self.director):
            with self.assertRaises(UserError):
                self._force(user, lead, self.s2, reason="   \n ")
        self.assertEqual(lead.stage_id, self.s1)
        self.assertFalse(lead.stage_log_ids)

    def test_force_into_another_process(self):
        lead = self._lead()
        for user in (self.leader, self.director):
            with self.assertRaises(UserError):
                self._force(user, lead, self.other_stage)
        self.assertEqual(lead.stage_id, self.s1)

    def test_force_by_salesperson_and_other_leader(self):
        lead = self._lead()
        for user in (self.salesperson, self.leader2):
            with self.assertRaises(AccessError):
                self._force(user, lead, self.s3)
        self.assertEqual(lead.stage_id, self.s1)

    def test_force_by_other_company(self):
        lead = self._lead()
        with self.assertRaises(AccessError):
            self._force(self.other_user, lead, self.s3)
        self.assertEqual(lead.stage_id, self.s1)

    # --- application's fields and audit rows ------------------------------------

    def test_write_pipeline_bookkeeping(self):
        lead = self._lead()
        before = lead.date_last_stage_update
        for user in self.roles:
            for vals in (
                {"is_stalled": True},
                {"date_last_stage_update": "2000-01-01 00:00:00"},
                {"spm_stalled_date": "2000-01-01"},
            ):
                with self.assertRaises(AccessError):
                    lead.with_user(user).write(vals)
        # an administrator's correction of the A-card date does not carry a stall flag along
        with self.assertRaises(AccessError):
            lead.with_user(self.director).write({"a_card_date": "2026-01-05", "is_stalled": True})
        self.assertFalse(lead.is_stalled)
        self.assertFalse(lead.a_card_date)
        self.assertEqual(lead.date_last_stage_update, before)

    def test_import_pipeline_bookkeeping(self):
        result = (
            self.env["crm.lead"]
            .with_user(self.director)
            .with_context(import_file=True)
            .load(
                ["name", "team_id/.id", "is_stalled"],
                [["SPM stalled import", str(self.team.id), "1"]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "SPM stalled import")]))

    def test_stage_log_by_hand(self):
        lead = self._lead()
        Log = self.env["sales.stage.log"]
        for user in self.roles:
            with self.assertRaises(AccessError):
                Log.with_user(user).create({"lead_id": lead.id, "stage_to_id": self.s3.id})
        self.assertFalse(Log.search([("lead_id", "=", lead.id)]))

    def test_team_pipeline_without_a_team(self):
        for user in (self.salesperson, self.leader2):
            with self.assertRaises(UserError):
                self.env["crm.team"].with_user(user)._spm_action_team_pipeline()
