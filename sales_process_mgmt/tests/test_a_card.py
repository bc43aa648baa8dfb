from contextlib import contextmanager
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, ValidationError
from odoo.tests import tagged

from .common import SpmCardsCommon


@tagged("post_install", "-at_install")
class TestACard(SpmCardsCommon):
    @contextmanager
    def assertDuplicate(self):
        """A duplicate is a RedirectWarning (open the card) for who may read it, else a ValidationError."""
        with self.assertRaises(Exception) as error:  # narrowed just below
            yield error
        self.assertIsInstance(error.exception, (RedirectWarning, ValidationError))
        self.assertIn("already belongs to", str(error.exception.args[0]))

    # ---------------------------------------------------------------
    # the three requirements
    # ---------------------------------------------------------------

    def test_complete_card_is_a_card_dated_today(self):
        lead = self._a_card()
        self.assertTrue(lead.is_a_card)
        self.assertEqual(lead.a_card_date, fields.Date.context_today(lead))
        self.assertFalse(lead.a_card_missing)
        self.assertTrue(lead.is_a_card_held)

    def test_missing_full_name_is_not_a_card(self):
        lead = self._a_card(contact_name=False)
        self.assertFalse(lead.is_a_card)
        self.assertFalse(lead.a_card_date)
        self.assertIn("customer full name", lead.a_card_missing)

    def test_partner_name_counts_as_full_name(self):
        partner = self.env["res.partner"].create({"name": "Han Meimei"})
        lead = self._a_card(contact_name=False, partner_id=partner.id, phone="13912345678")
        self.assertTrue(lead.is_a_card)

    def test_missing_or_invalid_phone_is_not_a_card(self):
        no_phone = self._a_card(phone=False)
        invalid = self._a_card(phone="123")
        for lead in no_phone | invalid:
            self.assertFalse(lead.is_a_card)
            self.assertIn("valid phone number", lead.a_card_missing)

    def test_missing_model_is_not_a_card(self):
        lead = self._a_card(intended_model_id=False)
        self.assertFalse(lead.is_a_card)
        self.assertIn("intended model", lead.a_card_missing)
        lead.intended_model_id = self.suv
        self.assertTrue(lead.is_a_card)
        self.assertEqual(lead.a_card_date, fields.Date.context_today(lead))

    def test_chinese_numbers_are_valid_with_company_country(self):
        """Mobiles with or without +86 and landlines are valid in a Chinese company."""
        for number in ("+86 138 0013 8000", "13800138001", "010 6552 9988", "021-6279 8888"):
            lead = self._a_card(phone=number, contact_name=f"Caller {number}")
            self.assertTrue(lead.is_a_card, number)
            lead.action_set_lost()

    # ---------------------------------------------------------------
    # the card's date
    # ---------------------------------------------------------------

    def test_a_card_date_is_kept_when_card_changes_or_closes(self):
        with freeze_time("2026-03-02 12:00:00"):
            lead = self._a_card()
            self.assertEqual(lead.a_card_date, date(2026, 3, 2))
        lead.phone = "123"  # no longer valid
        self.assertFalse(lead.is_a_card)
        self.assertEqual(lead.a_card_date, date(2026, 3, 2))
        lead.phone = "13800138000"
        self.assertEqual(lead.a_card_date, date(2026, 3, 2), "first day stays")
        lead.action_set_won()
        self.assertEqual(lead.a_card_date, date(2026, 3, 2))
        self.assertFalse(lead.is_a_card_held)

    # ---------------------------------------------------------------
    # held cards
    # ---------------------------------------------------------------

    def test_won_and_lost_cards_are_not_held(self):
        won = self._a_card(phone="13800138010", contact_name="Won")
        lost = self._a_card(phone="13800138011", contact_name="Lost")
        held = self._a_card(phone="13800138012", contact_name="Held")
        won.action_set_won()
        lost.action_set_lost()
        mine = won | lost | held
        found = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search(
                [
                    ("id", "in", mine.ids),
                    ("is_a_card_held", "=", True),
                ]
            )
        )
        self.assertEqual(found, held)
        not_held = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search(
                [
                    ("id", "in", mine.ids),
                    ("is_a_card_held", "=", False),
                ]
            )
        )
        self.assertEqual(not_held, won | lost)

    # ---------------------------------------------------------------
    # one card per phone
    # ---------------------------------------------------------------

    def test_same_phone_second_card_refused_naming_holder(self):
        self._a_card(contact_name="Li Lei")
        with self.assertDuplicate() as error:
            self._a_card(user=self.salesperson2, contact_name="Li Lei again", phone="+86 138 0013 8000")
        message = str(error.exception)
        self.assertIn("Li Lei", message)
        self.assertIn(self.salesperson.name, message)

    def test_same_phone_refused_for_salesperson_who_cannot_read_holder(self):
        self._a_card(contact_name="Li Lei")
        lead_model = self.env["crm.lead"].with_user(self.salesperson2)
        with self.assertDuplicate() as error:
            lead_model.create(
                {
                    "name": "Duplicate",
                    "type": "opportunity",
                    "contact_name": "Li L.",
                    "phone": "138 0013 8000",
                    "intended_model_id": self.suv.id,
                    "user_id": self.salesperson2.id,
                    "team_id": self.team.id,
                }
            )
        self.assertIn(self.salesperson.name, str(error.exception))

    def test_same_phone_in_one_batch_refused(self):
        with self.assertDuplicate():
            self.env["crm.lead"].create(
                [
                    {
                        "name": "One",
                        "contact_name": "A",
                        "phone": "13800138020",
                        "intended_model_id": self.sedan.id,
                        "company_id": self.company.id,
                    },
                    {
                        "name": "Two",
                        "contact_name": "B",
                        "phone": "+8613800138020",
                        "intended_model_id": self.sedan.id,
                        "company_id": self.company.id,
                    },
                ]
            )

    def test_incomplete_duplicate_refused_when_it_becomes_valid(self):
        self._a_card()
        draft = self._a_card(intended_model_id=False, contact_name="Li Lei")
        self.assertFalse(draft.is_a_card)
        with self.assertDuplicate():
            draft.intended_model_id = self.suv

    def test_same_phone_allowed_after_loss_not_on_restore(self):
        first = self._a_card()
        first.action_set_lost()
        second = self._a_card(contact_name="Li Lei, second visit")
        self.assertTrue(second.is_a_card_held)
        with self.assertDuplicate():
            first.action_unarchive()

    def test_same_phone_allowed_in_other_company(self):
        self._a_card()
        other = self.env["crm.lead"].create(
            {
                "name": "Other dealership",
                "contact_name": "Li Lei",
                "phone": "13800138000",
                "intended_model_id": self.sedan.id,
                "company_id": self.company2.id,
                "user_id": self.other_user.id,
            }
        )
        self.assertTrue(other.is_a_card_held)

    # ---------------------------------------------------------------
    # follow-up
    # ---------------------------------------------------------------

    def test_next_followup_from_intent_level_and_company_setting(self):
        self.company.write({"spm_followup_days_h": 2, "spm_followup_days_b": 10})
        with freeze_time("2026-05-04 12:00:00"):
            lead = self._a_card(intent_level="h")
            self.assertEqual(lead.next_followup_date, date(2026, 5, 6))
            lead.intent_level = "b"
            self.assertEqual(lead.next_followup_date, date(2026, 5, 14))
        with freeze_time("2026-05-08 12:00:00"):
            lead.action_spm_followup_done()
            self.assertEqual(lead.next_followup_date, date(2026, 5, 18))

    def test_followup_intervals_in_settings(self):
        settings = self.env["res.config.settings"].create({})
        settings.spm_followup_days_a = 5
        settings.execute()
        self.assertEqual(self.company.spm_followup_days_a, 5)
        lead = self._a_card(intent_level="a")
        self.assertEqual(lead.next_followup_date, fields.Date.context_today(lead) + timedelta(days=5))

    def test_cron_cost_does_not_grow_with_due_cards(self):
        today = fields.Date.context_today(self.env.user)
        Lead = self.env["crm.lead"]

        def queries_for(count, start):
            leads = Lead.browse()
            for i in range(count):
                leads |= self._a_card(phone=f"1380013{start + i:04d}", contact_name=f"Due {start + i}")
            leads.next_followup_date = today
            self.env.flush_all()
            before = self.cr.sql_log_count
            Lead._cron_spm_followup_activities()
            self.env.flush_all()
            planned = self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                ]
            )
            self.assertEqual(planned, count)
            # The calls of this batch are done and its cards not due any more, so the
            # next batch starts clean (only its own cards are due).
            self.env["mail.activity"].search(
                [("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)]
            ).unlink()
            leads.next_followup_date = today + timedelta(days=30)
            return self.cr.sql_log_count - before

        queries_for(1, 50)  # warm the caches (xml ids, model ids) first
        self.assertEqual(queries_for(2, 100), queries_for(8, 200))

    def test_cron_plans_one_follow_up_call_per_due_card(self):
        today = fields.Date.context_today(self.env.user)
        due = self._a_card(phone="13800138030", intent_level="a")
        due.next_followup_date = today
        later = self._a_card(phone="13800138031", contact_name="Later")
        later.next_followup_date = today + timedelta(days=3)
        lost = self._a_card(phone="13800138032", contact_name="Lost")
        lost.next_followup_date = today
        lost.action_set_lost()
        Lead = self.env["crm.lead"]
        Lead._cron_spm_followup_activities()
        Lead._cron_spm_followup_activities()
        call = self.env.ref("mail.mail_activity_data_call")
        self.assertEqual(len(due.activity_ids.filtered(lambda a: a.activity_type_id == call)), 1)
        self.assertEqual(due.activity_ids.user_id, self.salesperson)
        self.assertFalse(later.activity_ids)
        self.assertFalse(lost.with_context(active_test=False).activity_ids)
        due.with_user(self.salesperson).action_spm_followup_done()
        self.assertFalse(due.activity_ids, "the due call is done")
        self.assertEqual(due.next_followup_date, today + timedelta(days=self.company.spm_followup_days_a))

    # ---------------------------------------------------------------
    # Odoo's semantics: held whatever the probability, lost = archived
    # ---------------------------------------------------------------

    def test_card_at_zero_percent_is_held(self):
        """Predictive lead scoring gives 0 % on a database without won/lost history."""
        lead = self._a_card()
        lead.write({"probability": 0, "automated_probability": 0})
        self.assertTrue(lead.is_a_card_held)
        self.assertIn(lead, self.env["crm.lead"].search([("is_a_card_held", "=", True)]))
        self.assertNotIn(lead, self.env["crm.lead"].search([("is_a_card_held", "=", False)]))
        with self.assertDuplicate():
            self._a_card(user=self.salesperson2, contact_name="Li Lei twice")
        lost = self._a_card(phone="13800138041", contact_name="Lost at 50", probability=50)
        lost.action_archive()
        self.assertFalse(lost.is_a_card_held, "archived is lost whatever the probability")

    def test_zero_percent_card_counts_in_daily_report_and_cron(self):
        lead = self._a_card(phone="13800138042", probability=0)
        lead.next_followup_date = fields.Date.context_today(lead)
        self.env.flush_all()
        rows = self.env["sales.daily.report"].search(
            [
                ("user_id", "=", self.salesperson.id),
                ("date", "=", fields.Date.context_today(lead)),
            ]
        )
        self.assertEqual(sum(rows.mapped("held_a_cards")), 1)
        self.env["crm.lead"]._cron_spm_followup_activities()
        self.assertEqual(len(lead.activity_ids), 1)

    # ---------------------------------------------------------------
    # the phone rule across phone and mobile
    # ---------------------------------------------------------------

    def test_phone_and_mobile_both_count(self):
        self._a_card(phone="13800138050", mobile="13900139050", contact_name="Two numbers")
        for values in (
            {"phone": "13800138050"},
            {"phone": False, "mobile": "13800138050"},
            {"phone": "+86 139 0013 9050"},
            {"phone": "13700137050", "mobile": "13900139050"},
        ):
            with self.subTest(values=values), self.assertDuplicate():
                self._a_card(user=self.salesperson2, contact_name="Second", **values)
        self.assertEqual(self.env["crm.lead"].search_count([("contact_name", "=", "Second")]), 0)

    def test_write_of_mobile_refused(self):
        self._a_card(phone="13800138051")
        other = self._a_card(phone="13800138052", contact_name="Other")
        with self.assertDuplicate():
            other.write({"mobile": "138 0013 8051"})
        self.assertFalse(other.mobile)

    def test_duplicate_offers_to_open_card_to_reader_only(self):
        first = self._a_card(phone="13800138053", contact_name="Zhao Min")
        # the leader reads the team's cards: the message names the card and opens it
        with self.assertRaises(RedirectWarning) as error:
            self.env["crm.lead"].with_user(self.leader).create(
                {
                    "name": "Dup",
                    "type": "opportunity",
                    "contact_name": "Zhao M.",
                    "phone": "13800138053",
                    "intended_model_id": self.suv.id,
                    "user_id": self.leader.id,
                    "team_id": self.team.id,
                }
            )
        message, action, _button, _ctx = error.exception.args
        self.assertIn("Zhao Min", message)
        self.assertEqual((action["res_model"], action["res_id"]), ("crm.lead", first.id))
        # a colleague who cannot read it learns who to ask, not the customer
        with self.assertRaises(ValidationError) as error:
            self.env["crm.lead"].with_user(self.salesperson2).create(
                {
                    "name": "Dup",
                    "type": "opportunity",
                    "contact_name": "Zhao M.",
                    "phone": "13800138053",
                    "intended_model_id": self.suv.id,
                    "user_id": self.salesperson2.id,
                    "team_id": self.team.id,
                }
            )
        self.assertNotIn("Zhao Min", str(error.exception))
        self.assertIn(self.salesperson.name, str(error.exception))

    def test_numbers_follow_held_state(self):
        Number = self.env["sales.a.card.number"]
        lead = self._a_card(phone="13800138054", mobile="13900139054")
        self.assertEqual(
            set(Number.search([("lead_id", "=", lead.id)]).mapped("number")),
            {"+8613800138054", "+8613900139054"},
        )
        lead.action_set_lost()
        self.assertFalse(Number.search([("lead_id", "=", lead.id)]))
        lead.action_unarchive()
        self.assertEqual(len(Number.search([("lead_id", "=", lead.id)])), 2)
        lead.action_set_won()
        self.assertFalse(Number.search([("lead_id", "=", lead.id)]))

    def test_numbers_table_closed_to_users(self):
        lead = self._a_card(phone="13800138055")
        for user in (self.salesperson, self.leader):
            with self.assertRaises(AccessError):
                self.env["sales.a.card.number"].with_user(user).search([])
        row = self.env["sales.a.card.number"].search([("lead_id", "=", lead.id)])
        with self.assertRaises(AccessError):
            row.with_user(self.director).write({"number": "+8613800000000"})
        with self.assertRaises(AccessError):
            self.env["sales.a.card.number"].with_user(self.director).create(
                {"lead_id": lead.id, "number": "+8613800000001"}
            )
