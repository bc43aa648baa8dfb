# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the pipeline by RPC, per role: the dialogs' records pointed at another
opportunity after they were opened, a leader forcing their own opportunity past its
approval items."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_pipeline import PipelineCommon


@tagged("post_install", "-at_install")
class TestRedteamPipeline(PipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.env["crm.lead"].create(
            {
                "name": "SPM Own Deal",
                "type": "opportunity",
                "team_id": cls.team.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.peer = cls.env["crm.lead"].create(
            {
                "name": "SPM Peer Deal",
                "type": "opportunity",
                "team_id": cls.team.id,
                "user_id": cls.salesperson2.id,
                "phone": "+86 139 0000 0001",
                "contact_name": "Peer's Customer",
                "expected_revenue": 123456.0,
            }
        )

    def _transition(self, user, lead):
        return (
            self.env["sales.stage.transition"]
            .with_user(user)
            .create({"lead_id": lead.id, "stage_from_id": lead.stage_id.id, "stage_to_id": self.s2.id})
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_transition_dialog_stays_on_its_opportunity(self):
        for user, lead in ((self.salesperson, self.own), (self.leader, self.own), (self.director, self.own)):
            with self.subTest(user=user.login):
                transition = self._transition(user, lead)
                with self.assertRaises(AccessError):
                    transition.write({"lead_id": self.peer.id})
                with self.assertRaises(AccessError):
                    transition.write({"stage_to_id": self.s4.id, "won": True})
                transition.invalidate_recordset()
                self.assertEqual(transition.lead_id, lead)
                self.assertEqual(transition.stage_to_id, self.s2)
                self.assertNotEqual(transition.phone, self.peer.phone, "the peer's customer is not shown")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_transition_item_stays_on_its_checklist_line(self):
        transition = self._transition(self.salesperson, self.own)
        item = transition.line_ids[:1]
        self.assertTrue(item)
        peer_line = self.peer.checklist_line_ids[:1]
        with self.assertRaises(AccessError):
            item.write({"checklist_line_id": peer_line.id})
        other = self._transition(self.salesperson, self.own)
        with self.assertRaises(AccessError):
            item.write({"transition_id": other.id})
        item.invalidate_recordset()
        self.assertEqual(item.checklist_line_id.lead_id, self.own)
        self.assertEqual(item.transition_id, transition)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_decision_stays_on_its_checklist_line(self):
        own_line = self.own.checklist_line_ids.filtered(lambda line: line.item_id == self.i1)
        peer_line = self.peer.checklist_line_ids.filtered(lambda line: line.item_id == self.i1)
        for user in (self.salesperson, self.leader):
            with self.subTest(user=user.login):
                decision = (
                    self.env["sales.checklist.decision"]
                    .with_user(user)
                    .create({"line_id": own_line.id, "mode": "approve"})
                )
                with self.assertRaises(AccessError):
                    decision.write({"line_id": peer_line.id})
                decision.invalidate_recordset()
                self.assertEqual(decision.line_id, own_line)
                self.assertEqual(decision.lead_id, self.own)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_leader_cannot_force_own_opportunity(self):
        """Forcing passes the approval items: nobody approves their own opportunity."""
        own = self._lead(user=self.leader)
        before = own.stage_id
        with self.assertRaisesRegex(AccessError, "own opportunities"):
            self._force(self.leader, own, self.s3)
        # one of the leader's own among their team's: the whole move is refused
        with self.assertRaises(AccessError):
            self._force(self.leader, own | self.own, self.s3)
        self.assertEqual(own.stage_id, before)
        self.assertEqual(self.own.stage_id, before)
        self.assertFalse(own.stage_log_ids.filtered("is_override"))
        # the team's other opportunities: still the leader's to force; their own: an administrator's
        self._force(self.leader, self.own, self.s3)
        self.assertEqual(self.own.stage_id, self.s3)
        self._force(self.director, own, self.s3)
        self.assertEqual(own.stage_id, self.s3)

    def _force(self, user, leads, stage, reason="Customer signed at the motor show"):
        wizard = (
            self.env["sales.stage.force.wizard"]
            .with_user(user)
            .create({"lead_ids": [(6, 0, leads.ids)], "stage_id": stage.id, "reason": reason})
        )
        return wizard.action_confirm()
