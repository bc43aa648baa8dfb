from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .floor_common import FloorCommon


@tagged("post_install", "-at_install")
class TestTestDrive(FloorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._card(partner_id=cls.customer.id)
        cls.start = datetime(2026, 4, 14, 2, 0)

    def _drive(self, user=None, **values):
        user = user or self.salesperson
        vals = {
            "lead_id": self.lead.id,
            "date_start": self.start,
            "date_end": self.start + timedelta(minutes=30),
        }
        vals.update(values)
        return self.env["sales.test.drive"].with_user(user).create(vals)

    def _lines(self, lead, items):
        return self.env["sales.checklist.line"].search(
            [("lead_id", "=", lead.id), ("item_id", "in", items.ids)]
        )

    # ---------------------------------------------------------------- booking

    def test_book_from_opportunity_prefills_and_counts(self):
        action = self.lead.with_user(self.salesperson).action_spm_book_test_drive()
        self.assertEqual(action["res_model"], "sales.test.drive")
        form = Form(
            self.env["sales.test.drive"].with_user(self.salesperson).with_context(**action["context"])
        )
        form.route = "City loop"
        drive = form.save()
        self.assertEqual(drive.lead_id, self.lead)
        self.assertEqual(drive.partner_id, self.customer)
        self.assertEqual(drive.user_id, self.salesperson)
        self.assertEqual(drive.team_id, self.team)
        self.assertEqual(drive.company_id, self.company)
        self.assertEqual(drive.product_tmpl_id, self.sedan)
        self.assertEqual(drive.state, "planned")
        self.assertEqual(self.lead.test_drive_count, 1)
        smart = self.lead.with_user(self.salesperson).action_spm_view_test_drives()
        self.assertEqual(self.env["sales.test.drive"].search(smart["domain"]), drive)

    def test_book_from_visit_prefills(self):
        visit = (
            self.env["sales.visit"]
            .with_user(self.salesperson)
            .create(
                {
                    "lead_id": self.lead.id,
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "intended_model_id": self.suv.id,
                    "visit_date": self.start,
                }
            )
        )
        action = visit.action_spm_book_test_drive()
        drive = Form(
            self.env["sales.test.drive"].with_user(self.salesperson).with_context(**action["context"])
        ).save()
        self.assertEqual(drive.visit_id, visit)
        self.assertEqual(drive.lead_id, self.lead)
        self.assertEqual(drive.partner_id, self.customer)
        self.assertEqual(drive.user_id, self.salesperson)
        self.assertEqual(drive.product_tmpl_id, self.suv, "the model the visitor came for")
        self.assertEqual(visit.test_drive_ids, drive)

    def test_book_from_visit_without_card_refused(self):
        visit = (
            self.env["sales.visit"]
            .with_user(self.salesperson)
            .create(
                {
                    "customer_name": "Zhao",
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                }
            )
        )
        with self.assertRaises(UserError):
            visit.action_spm_book_test_drive()

    def test_visit_of_another_card_refused(self):
        other = self._card()
        visit = (
            self.env["sales.visit"]
            .with_user(self.salesperson)
            .create(
                {
                    "lead_id": other.id,
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                }
            )
        )
        with self.assertRaises(ValidationError):
            self._drive(visit_id=visit.id)

    # ---------------------------------------------------------------- completing

    def test_done_ticks_the_test_drive_items(self):
        drive = self._drive(licence_checked=True)
        self.assertFalse(self._lines(self.lead, self.item_form).done)
        self.assertEqual(drive.action_done(), True)
        self.assertEqual(drive.state, "done")
        self.assertTrue(drive.date_done)
        form_line = self._lines(self.lead, self.item_form)
        self.assertTrue(form_line.done, "the form item is ticked ahead of the test-drive stage")
        self.assertEqual(form_line.done_user_id, self.salesperson)
        self.assertFalse(self._lines(self.lead, self.item_feedback).done, "no feedback yet")
        self.assertFalse(self._lines(self.lead, self.item_drive).done, "the salesperson ticks that one")
        drive.write({"feedback_score": "4", "feedback_comment": "Quiet cabin"})
        self.assertTrue(self._lines(self.lead, self.item_feedback).done)

    def test_ticks_existing_lines_and_only_flagged_items(self):
        # a process item without the flag is left alone; an existing line is ticked
        line = (
            self.env["sales.checklist.line"]
            .sudo()
            .create({"lead_id": self.lead.id, "item_id": self.item_form.id})
        )
        self.assertFalse(line.done)
        self._drive(licence_checked=True, feedback_score="5", state="done")
        self.assertTrue(line.done)
        self.assertTrue(self._lines(self.lead, self.item_feedback).done)
        self.assertFalse(self._lines(self.lead, self.item_drive))

    def test_other_process_not_ticked(self):
        self.team.process_id = False
        lead = self._card()
        self._drive(lead_id=lead.id, licence_checked=True, state="done")
        self.assertFalse(self._lines(lead, self.item_form))

    def test_done_without_licence_refused(self):
        drive = self._drive()
        with self.assertRaises(ValidationError):
            drive.action_done()
        self.assertEqual(drive.state, "planned")
        self.assertFalse(self._lines(self.lead, self.item_form))

    def test_cancel_and_plan_again(self):
        drive = self._drive()
        self.assertEqual(drive.action_cancel(), True)
        self.assertEqual(drive.state, "cancelled")
        self.assertEqual(drive.action_reset_planned(), True)
        self.assertEqual(drive.state, "planned")

    # ---------------------------------------------------------------- rules

    def test_end_after_start(self):
        with self.assertRaises(ValidationError):
            self._drive(date_end=self.start - timedelta(minutes=1))
        with self.assertRaises(ValidationError):
            self._drive(date_end=self.start)
        drive = self._drive()
        with self.assertRaises(ValidationError):
            drive.write({"date_start": drive.date_end + timedelta(hours=1)})
        self.assertEqual(drive.date_start, self.start)
        self.assertAlmostEqual(drive.duration, 0.5)

    def test_app_fields_refused(self):
        drive = self._drive()
        for vals in ({"date_done": self.start}, {"name": "Mine"}, {"duration": 9.0}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                drive.with_user(self.director).write(vals)
        with self.assertRaises(AccessError):
            self._drive(date_done=self.start)
        self.assertFalse(drive.date_done)

    def test_context_defaults_cannot_set_app_fields(self):
        drive = (
            self.env["sales.test.drive"]
            .with_user(self.salesperson)
            .with_context(
                default_date_done=self.start,
                default_name="Forged",
                default_duration=9.0,
            )
            .create({"lead_id": self.lead.id, "date_start": self.start})
        )
        self.assertFalse(drive.date_done)
        self.assertNotEqual(drive.name, "Forged")
        self.assertEqual(drive.duration, 0.0)

    # ---------------------------------------------------------------- access

    def test_access_per_role(self):
        drive = self._drive()
        drive.with_user(self.salesperson).read(["name"])
        drive.with_user(self.leader).read(["name"])
        drive.with_user(self.director).read(["name"])
        for user in (self.salesperson2, self.other_leader, self.other_user):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                drive.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            drive.with_user(self.salesperson2).write({"route": "Highway"})
        self.assertFalse(drive.route)
        # the leader of the team sees the team's test drives in a search
        self.assertIn(drive, self.env["sales.test.drive"].with_user(self.leader).search([]))
        self.assertNotIn(drive, self.env["sales.test.drive"].with_user(self.salesperson2).search([]))

    def test_peer_cannot_book_on_a_card_they_cannot_read(self):
        with self.assertRaises(AccessError):
            self._drive(user=self.salesperson2)
        self.assertFalse(self.lead.test_drive_ids)

    def test_companies_isolated(self):
        lead2 = self.env["crm.lead"].create(
            {
                "name": "Other company card",
                "type": "opportunity",
                "contact_name": "Chen",
                "phone": "13800139999",
                "intended_model_id": self.sedan.id,
                "user_id": self.other_user.id,
                "team_id": self.team2.id,
                "company_id": self.company2.id,
            }
        )
        drive2 = self._drive(user=self.other_user, lead_id=lead2.id)
        self.assertEqual(drive2.company_id, self.company2)
        self.assertNotIn(drive2, self.env["sales.test.drive"].with_user(self.director).search([]))
        with self.assertRaises(AccessError):
            drive2.with_user(self.director).read(["name"])
        with self.assertRaises(AccessError):
            self._drive(user=self.other_user)

    def test_rpc_create_with_a_model_fills_the_rest(self):
        # a model given does not keep the salesperson, team and customer from the card
        drive = self._drive(product_tmpl_id=self.suv.id)
        self.assertEqual(drive.product_tmpl_id, self.suv)
        self.assertEqual(drive.user_id, self.salesperson)
        self.assertEqual(drive.team_id, self.team)
        self.assertEqual(drive.partner_id, self.customer)

    def test_batch_create_ticks_each_card(self):
        other = self._card()
        drives = (
            self.env["sales.test.drive"]
            .with_user(self.salesperson)
            .create(
                [
                    {"lead_id": lead.id, "date_start": self.start, "licence_checked": True, "state": "done"}
                    for lead in (self.lead, other)
                ]
            )
        )
        self.assertEqual(len(drives), 2)
        self.assertTrue(self._lines(self.lead, self.item_form).done)
        self.assertTrue(self._lines(other, self.item_form).done)

    # ---------------------------------------------------------------- cancelling a done drive

    def _notes(self, record):
        messages = self.env["mail.message"].search([("model", "=", record._name), ("res_id", "=", record.id)])
        return [str(body) for body in messages.mapped("body")]

    def test_cancel_done_unticks_what_it_ticked_per_role(self):
        for user in (self.salesperson, self.leader, self.director):
            with self.subTest(user=user.login):
                lead = self._card()
                drive = self._drive(lead_id=lead.id, licence_checked=True, feedback_score="4")
                drive.with_user(user).action_done()
                lines = self._lines(lead, self.item_form | self.item_feedback)
                self.assertEqual(lines.mapped("done"), [True, True])
                self.assertEqual(drive.checklist_line_ids, lines)
                self.assertEqual(drive.with_user(user).action_cancel(), True)
                self.assertEqual(lines.mapped("done"), [False, False], "cancelling unticks what it ticked")
                self.assertFalse(drive.checklist_line_ids)
                self.assertTrue(
                    any("no longer done" in body for body in self._notes(drive)), "logged on the drive"
                )
                self.assertTrue(
                    any("unticked" in body for body in self._notes(lead)), "and on the opportunity"
                )

    def test_cancel_keeps_a_tick_made_by_hand_before(self):
        lead = self._card()
        line = (
            self.env["sales.checklist.line"].sudo().create({"lead_id": lead.id, "item_id": self.item_form.id})
        )
        line.with_user(self.salesperson).write({"done": True})
        drive = self._drive(lead_id=lead.id, licence_checked=True, state="done")
        self.assertFalse(drive.checklist_line_ids, "already ticked by a person: not the drive's")
        drive.action_cancel()
        self.assertTrue(line.done)

    def test_another_done_drive_still_justifies_the_items(self):
        lead = self._card()
        first = self._drive(lead_id=lead.id, licence_checked=True, feedback_score="5", state="done")
        second = self._drive(lead_id=lead.id, licence_checked=True, state="done")
        form, feedback = self._lines(lead, self.item_form), self._lines(lead, self.item_feedback)
        self.assertEqual(first.checklist_line_ids, form | feedback)
        first.with_user(self.salesperson).action_cancel()
        self.assertTrue(form.done, "the second done drive justifies the form")
        self.assertFalse(feedback.done, "the second one has no feedback")
        self.assertEqual(second.checklist_line_ids, form, "the tick is the second drive's now")
        second.with_user(self.salesperson).action_reset_planned()
        self.assertFalse(form.done, "reset to planned: no done drive is left")

    def test_feedback_removed_and_drive_deleted(self):
        lead = self._card()
        drive = self._drive(lead_id=lead.id, licence_checked=True, feedback_score="3", state="done")
        form, feedback = self._lines(lead, self.item_form), self._lines(lead, self.item_feedback)
        drive.with_user(self.salesperson).write({"feedback_score": False})
        self.assertTrue(form.done)
        self.assertFalse(feedback.done, "no feedback any more")
        drive.with_user(self.salesperson).unlink()
        self.assertFalse(form.done, "deleting the done drive unticks the form")
        self.assertTrue(any("no longer done" in body for body in self._notes(lead)))

    def test_peer_cannot_untick_through_a_drive(self):
        lead = self._card()
        drive = self._drive(lead_id=lead.id, licence_checked=True, state="done")
        form = self._lines(lead, self.item_form)
        for user in (self.salesperson2, self.other_leader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                drive.with_user(user).action_cancel()
        self.assertTrue(form.done)
        self.assertEqual(drive.state, "done")
        with self.assertRaises(AccessError):
            drive.with_user(self.salesperson).write({"checklist_line_ids": [(5, 0, 0)]})
        self.assertEqual(drive.checklist_line_ids, form)
