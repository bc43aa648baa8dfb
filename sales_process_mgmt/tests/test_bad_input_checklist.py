# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input on the guided-selling models: each case is refused and writes nothing."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_checklist_guided import GuidedCommon


@tagged("post_install", "-at_install")
class TestBadInputChecklist(GuidedCommon):
    def setUp(self):
        super().setUp()
        self.lead = self._lead()
        self.line_manual = self._line(self.lead, self.manual)
        self.line_approval = self._line(self.lead, self.approval)
        self.line_na = self._line(self.lead, self.optional_na)

    # --- item configuration -------------------------------------------------

    def test_01_negative_due_days(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.manual.due_days = -1

    def test_02_named_owner_without_user(self):
        with self.assertRaises(ValidationError):
            self.manual.owner_mode = "user"
        self.assertEqual(self.manual.owner_mode, "salesperson")

    def test_03_na_on_automatic_item(self):
        with self.assertRaises(ValidationError):
            self.env["sales.checklist.item"].create(
                {
                    "stage_id": self.s1.id,
                    "name": "Phone",
                    "item_type": "auto",
                    "auto_domain": "[('phone', '!=', False)]",
                    "allow_na": True,
                }
            )

    def test_04_salesperson_cannot_configure_items(self):
        with self.assertRaises(AccessError):
            self.manual.with_user(self.salesperson).write({"allow_na": True})
        with self.assertRaises(AccessError):
            self.manual.with_user(self.leader).write({"due_days": 5})

    def test_05_required_field_of_another_model(self):
        with self.assertRaises(ValidationError):
            self.s1.spm_required_field_ids = [Command.link(self.env.ref("base.field_res_partner__email").id)]

    def test_06_required_field_one2many(self):
        with self.assertRaises(ValidationError):
            self.s1.spm_required_field_ids = [
                Command.link(self.env.ref("sales_process_mgmt.field_crm_lead__checklist_line_ids").id)
            ]

    def test_07_required_field_owned_by_the_application(self):
        with self.assertRaises(ValidationError):
            self.s1.spm_required_field_ids = [
                Command.link(self.env.ref("sales_process_mgmt.field_crm_lead__is_a_card").id)
            ]

    def test_08_salesperson_cannot_set_required_fields(self):
        with self.assertRaises(AccessError):
            self.s1.with_user(self.salesperson).write({"spm_guidance": "<p>x</p>"})

    # --- decisions ------------------------------------------------------------

    def test_09_unknown_decision(self):
        with self.assertRaises(UserError):
            self.line_approval.with_user(self.leader)._spm_decide("maybe", "x")
        self.assertFalse(self.line_approval.done)

    def test_10_reject_without_comment(self):
        with self.assertRaises(UserError):
            self.line_approval.with_user(self.leader)._spm_decide("reject", "")
        self.assertFalse(self.line_approval.approval_state)

    def test_11_na_with_blank_reason(self):
        with self.assertRaises(UserError):
            self.line_na.with_user(self.salesperson)._spm_decide("na", " \n\t ")
        self.assertFalse(self.line_na.is_na)

    def test_12_approve_a_manual_item(self):
        with self.assertRaises(UserError):
            self.line_manual.with_user(self.leader).action_spm_approve()

    def test_13_approve_twice(self):
        self.line_approval.with_user(self.leader)._spm_decide("approve", "")
        with self.assertRaises(UserError):
            self.line_approval.with_user(self.leader)._spm_decide("approve", "again")
        self.assertFalse(self.line_approval.approval_comment)

    def test_14_request_approval_of_a_manual_item(self):
        with self.assertRaises(UserError):
            self.line_manual.with_user(self.salesperson).action_spm_request_approval()
        self.assertFalse(self.line_manual.approval_state)

    def test_15_request_approval_on_a_peer_opportunity(self):
        with self.assertRaises(AccessError):
            self.line_approval.with_user(self.salesperson2).action_spm_request_approval()
        self.assertFalse(self.line_approval.approval_activity_ids)

    def test_16_decision_wizard_for_a_peer_line(self):
        with self.assertRaises(AccessError):
            self.env["sales.checklist.decision"].with_user(self.salesperson2).create(
                {"line_id": self.line_na.id, "mode": "na", "comment": "x"}
            )

    def test_17_decision_wizard_of_another_user(self):
        decision = (
            self.env["sales.checklist.decision"]
            .with_user(self.salesperson)
            .create({"line_id": self.line_na.id, "mode": "na", "comment": "x"})
        )
        with self.assertRaises(AccessError):
            decision.with_user(self.leader).action_confirm()
        self.assertFalse(self.line_na.is_na)

    def test_18_na_twice(self):
        self.line_na.with_user(self.salesperson)._spm_decide("na", "first")
        with self.assertRaises(UserError):
            self.line_na.with_user(self.salesperson)._spm_decide("na", "second")
        self.assertEqual(self.line_na.na_reason, "first")

    def test_19_state_field_is_not_writable(self):
        with self.assertRaises(AccessError):
            self.line_manual.with_user(self.director).write({"state": "done"})
        self.assertFalse(self.line_manual.done)

    def test_20_salesperson_moves_a_line_to_another_item(self):
        with self.assertRaises(UserError):
            self.line_manual.with_user(self.salesperson).write({"item_id": self.optional_na.id})
        self.assertEqual(self.line_manual.item_id, self.manual)

    # --- searches -------------------------------------------------------------

    def test_21_bad_overdue_searches(self):
        with self.assertRaises(NotImplementedError):
            self.env["sales.checklist.line"].search([("is_overdue", ">", 1)])
        with self.assertRaises(NotImplementedError):
            self.env["crm.lead"].search([("checklist_overdue", "=", "yes")])

    # --- transition dialog ----------------------------------------------------

    def test_22_prepare_on_several_leads(self):
        other = self._lead(name="Second")
        with self.assertRaises(ValueError):
            (self.lead | other).with_user(self.salesperson).spm_prepare_transition(self.s2.id)

    def test_23_transition_line_of_another_opportunity(self):
        action = self.lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id)
        other = self._lead(name="Second")
        with self.assertRaises(UserError):
            self.env["sales.stage.transition.line"].with_user(self.salesperson).create(
                {
                    "transition_id": action["res_id"],
                    "checklist_line_id": self._line(other, self.manual).id,
                }
            )

    def test_24_confirm_with_open_items(self):
        action = self.lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id)
        transition = self.env["sales.stage.transition"].with_user(self.salesperson).browse(action["res_id"])
        with self.assertRaises(UserError):
            transition.action_confirm()
        self.assertEqual(self.lead.stage_id, self.s1)

    def test_25_dialog_field_write_for_a_peer(self):
        # A transition's fields write through with the user's rights.
        action = self.lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id)
        transition = self.env["sales.stage.transition"].browse(action["res_id"])
        with self.assertRaises(AccessError):
            transition.with_user(self.salesperson2).write({"expected_revenue": 1.0})
        self.assertEqual(self.lead.expected_revenue, 1000.0)

    def test_26_required_fields_emptied_on_entering(self):
        for item in (self.manual, self.optional_na):
            self._line(self.lead, item).write({"done": True})
        self.line_approval.with_user(self.leader).write({"done": True})
        with self.assertRaises(ValidationError):
            self.lead.with_user(self.salesperson).write({"stage_id": self.s2.id, "expected_revenue": 0})
        self.assertEqual(self.lead.stage_id, self.s1)
        self.assertEqual(self.lead.expected_revenue, 1000.0)

    def test_27_only_approver_is_the_salesperson(self):
        lead = self._lead(user=self.leader)
        line = self._line(lead, self.approval)
        self.assertFalse(line.with_user(self.leader).can_approve, "the leader's own opportunity")
        with self.assertRaises(UserError) as err:
            line.with_user(self.leader).action_spm_request_approval()
        self.assertIn("Nobody but the opportunity's own salesperson", str(err.exception))
        with self.assertRaises(AccessError):
            line.with_user(self.leader).write({"done": True})
        self.assertFalse(line.done or line.approval_state)
