# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Guided selling: approvals, not-applicable items, owners and due times, stage
guidance and required fields, and the transition dialog, per role."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SpmCommon


class _Refused:
    def __init__(self, case, exception, text):
        self.case, self.text = case, text
        self.cm = case.assertRaises(exception)

    def __enter__(self):
        self.exc = self.cm.__enter__()
        return self.exc

    def __exit__(self, *args):
        res = self.cm.__exit__(*args)
        self.case.assertIn(self.text, str(self.exc.exception))
        return res


class GuidedCommon(SpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.process = cls.env["sales.process"].create({"name": "SPM Guided Process"})
        Stage = cls.env["crm.stage"]
        cls.s1 = Stage.create({"name": "SPM G1", "sequence": 1, "process_id": cls.process.id})
        cls.s2 = Stage.create(
            {
                "name": "SPM G2",
                "sequence": 2,
                "process_id": cls.process.id,
                "spm_guidance": "<p>Quote the price.</p>",
                "spm_required_field_ids": [
                    Command.set([cls.env.ref("crm.field_crm_lead__expected_revenue").id])
                ],
            }
        )
        cls.s3 = Stage.create(
            {
                "name": "SPM G3",
                "sequence": 3,
                "process_id": cls.process.id,
                "is_won": True,
                "spm_required_field_ids": [
                    Command.set([cls.env.ref("crm.field_crm_lead__date_deadline").id])
                ],
            }
        )
        Item = cls.env["sales.checklist.item"]
        cls.manual = Item.create(
            {
                "stage_id": cls.s1.id,
                "name": "Greet the customer",
                "description": "At the door.",
                "due_days": 1,
            }
        )
        cls.approval = Item.create(
            {"stage_id": cls.s1.id, "name": "Concession approved", "item_type": "approval", "allow_na": True}
        )
        cls.optional_na = Item.create({"stage_id": cls.s1.id, "name": "Test drive", "allow_na": True})
        cls.team.process_id = cls.process
        cls.team_leaderless = cls.env["crm.team"].create(
            {
                "name": "SPM Leaderless",
                "company_id": cls.company.id,
                "process_id": cls.process.id,
            }
        )

    def _lead(self, user=None, **values):
        user = user or self.salesperson
        vals = {
            "name": "Guided lead",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": user.id,
            "expected_revenue": 1000.0,
        }
        vals.update(values)
        lead = self.env["crm.lead"].create(vals)
        self.assertEqual(lead.stage_id, self.s1)
        return lead

    def _line(self, lead, item):
        return lead.checklist_line_ids.filtered(lambda line: line.item_id == item)

    def assertRefused(self, exception, text):
        """assertRaises (which rolls back to a savepoint) and the message names ``text``."""
        return _Refused(self, exception, text)

    def _decide(self, line, user, mode, comment=""):
        action = getattr(
            line.with_user(user),
            {"approve": "action_spm_approve", "reject": "action_spm_reject", "na": "action_spm_mark_na"}[
                mode
            ],
        )()
        decision = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"comment": comment})
        )
        return decision.action_confirm()


@tagged("post_install", "-at_install")
class TestApprovals(GuidedCommon):
    def test_leader_approves_by_default_salesperson_cannot(self):
        lead = self._lead()
        line = self._line(lead, self.approval)
        self.assertFalse(line.with_user(self.salesperson).can_approve)
        self.assertTrue(line.with_user(self.leader).can_approve)
        self.assertEqual(line.approver_names, "Leo Leader")
        with self.assertRefused(AccessError, "your own opportunity"):
            line.with_user(self.salesperson).write({"done": True})
        with self.assertRaises(AccessError):
            line.with_user(self.salesperson).action_spm_approve()
        with self.assertRaises(AccessError):
            line.with_user(self.salesperson)._spm_decide("approve", "fine")
        self.assertFalse(line.done)
        self.assertFalse(line.approval_state)
        # A leader of another team is no approver either.
        other_leader = new_test_user(
            self.env, "spm_g_other_leader", groups="sales_team.group_sale_salesman_all_leads"
        )
        with self.assertRaises(AccessError):
            line.with_user(other_leader).action_spm_approve()
        self._decide(line, self.leader, "approve", "One concession, against winter tyres.")
        self.assertTrue(line.done)
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.approval_state, "approved")
        self.assertEqual(line.approval_user_id, self.leader)
        self.assertEqual(line.approval_comment, "One concession, against winter tyres.")
        self.assertTrue(line.approval_date)
        self.assertIn("winter tyres", lead.message_ids[0].body)

    def test_request_approval_gives_activities_and_approval_closes_them(self):
        lead = self._lead()
        line = self._line(lead, self.approval)
        activity_type = self.env.ref("sales_process_mgmt.mail_activity_type_spm_approval")
        self.assertIs(line.with_user(self.salesperson).action_spm_request_approval(), True)
        self.assertEqual(line.state, "requested")
        self.assertEqual(line.approval_requested_uid, self.salesperson)
        activities = lead.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(activities.user_id, self.leader)
        self.assertEqual(activities.summary, "Approve: Concession approved")
        self.assertEqual(line.approval_activity_ids, activities)
        self.assertIn("Approval requested", lead.message_ids[0].body)
        self._decide(line, self.leader, "approve")
        self.assertFalse(activities.exists(), "approving closes the approvers' activities")
        self.assertEqual(line.state, "approved")
        with self.assertRefused(UserError, "already done"):
            line.with_user(self.salesperson).action_spm_request_approval()

    def test_activity_in_the_approver_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        self.leader.lang = "zh_CN"
        lead = self._lead()
        line = self._line(lead, self.approval)
        line.with_user(self.salesperson).action_spm_request_approval()
        activity = line.approval_activity_ids
        self.assertEqual(activity.summary, "审批：Concession approved")
        self.assertEqual(activity.with_context(lang="zh_CN").activity_type_id.name, "检查项审批")

    def test_reject_needs_a_comment_and_keeps_the_item_open(self):
        lead = self._lead()
        line = self._line(lead, self.approval)
        line.with_user(self.salesperson).action_spm_request_approval()
        with self.assertRefused(UserError, "reason for rejecting"):
            self._decide(line, self.leader, "reject", "  ")
        self.assertEqual(line.state, "requested")
        self._decide(line, self.leader, "reject", "Two concessions already.")
        self.assertFalse(line.done)
        self.assertEqual(line.state, "rejected")
        self.assertEqual(line.approval_user_id, self.leader)
        self.assertFalse(line.approval_activity_ids.exists())
        self.assertIn("Two concessions already.", lead.message_ids[0].body)
        # The salesperson asks again after changing the offer.
        line.with_user(self.salesperson).action_spm_request_approval()
        self.assertEqual(line.state, "requested")

    def test_group_approver(self):
        group = self.env["res.groups"].create({"name": "SPM Concession Approvers"})
        approver = new_test_user(self.env, "spm_g_approver", groups="sales_team.group_sale_salesman")
        group.users = approver
        item = self.env["sales.checklist.item"].create(
            {
                "stage_id": self.s1.id,
                "name": "Fleet price approved",
                "item_type": "approval",
                "approver_group_id": group.id,
            }
        )
        lead = self._lead(user=self.salesperson2)
        line = self._line(lead, item)
        self.assertFalse(line.with_user(self.leader).can_approve, "a named group replaces the leader")
        with self.assertRaises(AccessError):
            line.with_user(self.leader).write({"done": True})
        line.with_user(self.salesperson2).action_spm_request_approval()
        self.assertEqual(line.approval_activity_ids.user_id, approver)
        line.with_user(self.director).write({"done": True})
        self.assertEqual(line.approval_user_id, self.director, "sales administrators may always approve")

    def test_no_approver(self):
        lead = self._lead(team_id=self.team_leaderless.id)
        line = self._line(lead, self.approval)
        with self.assertRefused(UserError, "Nobody can approve"):
            line.with_user(self.salesperson).action_spm_request_approval()
        self.assertFalse(line.approval_state)

    def test_application_fields_refused_per_role(self):
        lead = self._lead()
        line = self._line(lead, self.approval)
        for user in (self.salesperson, self.leader, self.director):
            for vals in (
                {"approval_state": "approved"},
                {"approval_user_id": user.id},
                {"approval_comment": "ok"},
                {"is_na": True},
                {"na_reason": "x"},
                {"done_user_id": user.id},
                {"done_date": fields.Datetime.now()},
                {"approval_activity_ids": [Command.clear()]},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    line.with_user(user).write(vals)
        self.assertFalse(line.approval_state or line.is_na or line.done_user_id)


@tagged("post_install", "-at_install")
class TestNotApplicable(GuidedCommon):
    def test_mark_na_with_reason_counts_as_done(self):
        lead = self._lead()
        self._line(lead, self.manual).with_user(self.salesperson).write({"done": True})
        na = self._line(lead, self.optional_na)
        with self.assertRefused(UserError, "does not apply"):
            self._decide(na, self.salesperson, "na", "")
        self._decide(na, self.salesperson, "na", "The customer drove this model last week.")
        self.assertTrue(na.done)
        self.assertTrue(na.is_na)
        self.assertEqual(na.state, "na")
        self.assertEqual(na.na_reason, "The customer drove this model last week.")
        # The approval is still open: the salesperson may not mark it N/A (only approvers).
        approval = self._line(lead, self.approval)
        with self.assertRaises(AccessError):
            approval.with_user(self.salesperson).action_spm_mark_na()
        self._decide(approval, self.leader, "na", "No concession asked.")
        self.assertEqual(approval.state, "na")
        self.assertFalse(approval.approval_state)
        lead.with_user(self.salesperson).write({"stage_id": self.s2.id})
        self.assertEqual(lead.stage_id, self.s2, "not applicable counts as done for the gate")
        report = self.env["sales.checklist.report"].search([("lead_id", "=", lead.id)])
        self.assertEqual(sorted(report.mapped("state")), ["na", "na"])
        self.assertIn("No concession asked.", report.mapped("na_reason"))

    def test_na_refused_when_not_allowed(self):
        lead = self._lead()
        line = self._line(lead, self.manual)
        with self.assertRefused(UserError, "not allow"):
            line.with_user(self.salesperson).action_spm_mark_na()
        with self.assertRefused(UserError, "not allow"):
            line.with_user(self.salesperson)._spm_decide("na", "because")
        self.assertFalse(line.done)

    def test_untick_clears_na(self):
        lead = self._lead()
        line = self._line(lead, self.optional_na)
        self._decide(line, self.salesperson, "na", "Not needed")
        line.with_user(self.salesperson).write({"done": False})
        self.assertFalse(line.is_na)
        self.assertFalse(line.na_reason)
        self.assertEqual(line.state, "todo")


@tagged("post_install", "-at_install")
class TestOwnerAndDue(GuidedCommon):
    def test_owner(self):
        lead = self._lead()
        line = self._line(lead, self.manual)
        self.assertEqual(line.owner_id, self.salesperson)
        self.manual.owner_mode = "leader"
        line.invalidate_recordset(["owner_id"])
        self.assertEqual(line.owner_id, self.leader)
        self.manual.write({"owner_mode": "user", "owner_user_id": self.director.id})
        line.invalidate_recordset(["owner_id"])
        self.assertEqual(line.owner_id, self.director)

    def test_overdue_items_and_filter(self):
        lead = self._lead()
        fresh = self._lead(name="Fresh")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_lead SET date_last_stage_update = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=2), lead.id),
        )
        lead.invalidate_recordset()
        line = self._line(lead, self.manual)
        line.invalidate_recordset()
        self.assertTrue(line.is_overdue)
        self.assertFalse(self._line(fresh, self.manual).is_overdue)
        self.assertTrue(lead.checklist_overdue)
        Lead = self.env["crm.lead"].with_user(self.salesperson)
        found = Lead.search([("checklist_overdue", "=", True), ("id", "in", (lead | fresh).ids)])
        self.assertEqual(found, lead)
        self.assertEqual(
            Lead.search([("checklist_overdue", "=", False), ("id", "in", (lead | fresh).ids)]), fresh
        )
        line.with_user(self.salesperson).write({"done": True})
        line.invalidate_recordset()
        lead.invalidate_recordset()
        self.assertFalse(line.is_overdue)
        self.assertFalse(lead.checklist_overdue)


@tagged("post_install", "-at_install")
class TestRequiredFields(GuidedCommon):
    def _complete_s1(self, lead):
        for item in (self.manual, self.optional_na):
            self._line(lead, item).with_user(self.salesperson).write({"done": True})
        self._line(lead, self.approval).with_user(self.leader).write({"done": True})

    def test_write_refused_naming_the_field(self):
        lead = self._lead(expected_revenue=0.0)
        self._complete_s1(lead)
        for user in (self.salesperson, self.leader, self.director):
            with self.subTest(user=user.login), self.assertRefused(ValidationError, "Expected Revenue"):
                lead.with_user(user).write({"stage_id": self.s2.id})
            self.assertEqual(lead.stage_id, self.s1)
        # Filled in the same write: accepted.
        lead.with_user(self.salesperson).write({"stage_id": self.s2.id, "expected_revenue": 5000.0})
        self.assertEqual(lead.stage_id, self.s2)
        self.assertEqual(lead.spm_stage_guidance, "<p>Quote the price.</p>")

    def test_create_import_and_won_refused(self):
        plain_stage = self.env["crm.stage"].create(
            {
                "name": "SPM Plain Required",
                "spm_required_field_ids": [
                    Command.set([self.env.ref("crm.field_crm_lead__expected_revenue").id])
                ],
            }
        )
        with self.assertRefused(ValidationError, "Expected Revenue"):
            self.env["crm.lead"].with_user(self.salesperson).create(
                {
                    "name": "No revenue",
                    "type": "opportunity",
                    "stage_id": plain_stage.id,
                    "user_id": self.salesperson.id,
                }
            )
        result = (
            self.env["crm.lead"]
            .with_user(self.director)
            .load(["name", "type", "stage_id/.id"], [["Imported", "opportunity", str(plain_stage.id)]])
        )
        self.assertFalse(result["ids"])
        self.assertIn("Expected Revenue", str(result["messages"]))
        lead = self._lead()
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        with self.assertRefused(ValidationError, "Expected Closing"):
            lead.with_user(self.salesperson).action_set_won()
        self.assertEqual(lead.stage_id, self.s2)

    def test_system_moves_pass(self):
        lead = self._lead(expected_revenue=0.0)
        lead.sudo().with_context(
            spm_gate_bypass_reason="Order confirmed", spm_gate_bypass_type="system"
        ).write({"stage_id": self.s2.id})
        self.assertEqual(lead.stage_id, self.s2)

    def test_required_field_config(self):
        with self.assertRaises(ValidationError):
            self.s2.spm_required_field_ids = [Command.link(self.env.ref("base.field_res_partner__name").id)]
        with self.assertRaises(ValidationError):
            self.s2.spm_required_field_ids = [
                Command.link(self.env.ref("sales_process_mgmt.field_crm_lead__checklist_progress").id)
            ]


@tagged("post_install", "-at_install")
class TestTransitionDialog(GuidedCommon):
    def test_no_dialog_when_nothing_is_missing(self):
        lead = self._lead()
        for item in (self.manual, self.optional_na):
            self._line(lead, item).with_user(self.salesperson).write({"done": True})
        self._line(lead, self.approval).with_user(self.leader).write({"done": True})
        self.assertFalse(lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id))
        self.assertFalse(lead.with_user(self.salesperson).spm_prepare_transition(self.s1.id), "same stage")
        self.assertFalse(lead.with_user(self.salesperson).spm_prepare_transition(999999), "unknown stage")

    def test_dialog_flow_tick_request_approve_move(self):
        lead = self._lead(expected_revenue=0.0)
        before = (lead.stage_id, lead.date_last_stage_update)
        action = lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id)
        self.assertEqual(action["res_model"], "sales.stage.transition")
        Transition = self.env["sales.stage.transition"].with_user(self.salesperson)
        transition = Transition.browse(action["res_id"])
        self.assertEqual(transition.line_ids.item_id, self.manual | self.approval | self.optional_na)
        self.assertTrue(transition.need_expected_revenue)
        self.assertIn("Expected Revenue", transition.missing_field_names)
        manual = transition.line_ids.filtered(lambda ln: ln.item_id == self.manual)
        self.assertEqual(manual.description, "At the door.")
        self.assertEqual(manual.hint, "Tick it when done.")
        # Cancelling (closing the dialog) leaves the opportunity as it was.
        self.assertEqual((lead.stage_id, lead.date_last_stage_update), before)
        res = manual.action_done()
        self.assertEqual(res["res_id"], transition.id, "the dialog stays open while items are left")
        self.assertTrue(self._line(lead, self.manual).done)
        na = transition.line_ids.filtered(lambda ln: ln.item_id == self.optional_na)
        decision_action = na.action_mark_na()
        self.assertEqual(decision_action["context"]["default_transition_id"], transition.id)
        self.env["sales.checklist.decision"].with_user(self.salesperson).with_context(
            **decision_action["context"]
        ).create({"comment": "Drove it last week"}).action_confirm()
        approval = transition.line_ids.filtered(lambda ln: ln.item_id == self.approval)
        self.assertIn("Leo Leader", approval.hint)
        with self.assertRaises(AccessError):
            approval.action_approve()
        approval.action_request_approval()
        self.assertEqual(approval.state, "requested")
        with self.assertRefused(UserError, "Concession approved"):
            transition.action_confirm()
        self.assertEqual(lead.stage_id, self.s1)
        # The leader approves from the checklist; the salesperson fills the revenue in the dialog.
        self._decide(self._line(lead, self.approval), self.leader, "approve", "ok")
        transition.write({"expected_revenue": 2000.0})
        self.assertEqual(lead.expected_revenue, 2000.0)
        res = transition.action_confirm()
        self.assertEqual(res["type"], "ir.actions.act_window_close")
        self.assertEqual(lead.stage_id, self.s2)

    def test_move_completes_with_the_last_item(self):
        lead = self._lead()
        self._line(lead, self.approval).with_user(self.leader).write({"done": True})
        self._line(lead, self.optional_na).with_user(self.salesperson).write({"done": True})
        action = lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id)
        transition = self.env["sales.stage.transition"].with_user(self.salesperson).browse(action["res_id"])
        res = transition.line_ids.action_done()
        self.assertEqual(res["type"], "ir.actions.act_window_close")
        self.assertEqual(lead.stage_id, self.s2)

    def test_won_button_opens_the_dialog(self):
        lead = self._lead()
        action = lead.with_user(self.salesperson).with_context(spm_guided=True).action_set_won_rainbowman()
        self.assertEqual(action["res_model"], "sales.stage.transition")
        transition = self.env["sales.stage.transition"].browse(action["res_id"])
        self.assertTrue(transition.won)
        self.assertEqual(transition.stage_to_id, self.s3)
        self.assertTrue(transition.need_date_deadline)
        self.assertEqual(lead.stage_id, self.s1)

    def test_dialog_is_private(self):
        lead = self._lead()
        action = lead.with_user(self.salesperson).spm_prepare_transition(self.s2.id)
        with self.assertRaises(AccessError):
            self.env["sales.stage.transition"].with_user(self.salesperson2).browse(action["res_id"]).read(
                ["lead_id"]
            )
        with self.assertRaises(AccessError):
            lead.with_user(self.salesperson2).spm_prepare_transition(self.s2.id)
        with self.assertRaises(AccessError):
            self.env["sales.stage.transition"].with_user(self.salesperson2).create(
                {"lead_id": lead.id, "stage_from_id": self.s1.id, "stage_to_id": self.s2.id}
            )

    def test_form_shows_guidance(self):
        self.s1.spm_guidance = "<p>Welcome the customer.</p>"
        lead = self._lead()
        form = Form(lead.with_user(self.salesperson))
        self.assertIn("Welcome the customer.", str(form.spm_stage_guidance))
