import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .floor_common import FloorCommon


@tagged("post_install", "-at_install")
class TestDefeat(FloorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._card()

    def _request(self, lead=None, user=None, **values):
        vals = {
            "lead_id": (lead or self.lead).id,
            "lost_reason_id": self.reason_competitor.id,
            "competitor_brand": "BYD",
            "competitor_model": "Han EV",
            "note": "Signed elsewhere",
        }
        vals.update(values)
        return self.env["sales.defeat.request"].with_user(user or self.salesperson).create(vals)

    # ---------------------------------------------------------------- filing

    def test_file_from_the_card(self):
        action = self.lead.with_user(self.salesperson).action_spm_request_defeat()
        form = Form(
            self.env["sales.defeat.request"].with_user(self.salesperson).with_context(**action["context"]),
            view="sales_process_mgmt.sales_defeat_request_view_form_file",
        )
        form.lost_reason_id = self.reason_price
        form.competitor_model = "Model 3"
        request = form.save()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.user_id, self.salesperson)
        self.assertEqual(request.team_id, self.team)
        self.assertEqual(request.company_id, self.company)
        self.assertEqual(request.intended_model_id, self.sedan)
        self.assertEqual(request.stage_id, self.lead.stage_id)
        self.assertTrue(self.lead.has_open_defeat_request)
        self.assertTrue(self.lead.active, "filing does not lose the card")
        # the team leader gets a to-do
        self.assertEqual(request.activity_ids.user_id, self.leader)

    def test_one_open_request_per_card(self):
        request = self._request()
        with self.assertRaises(ValidationError):
            self._request()
        with self.assertRaises(ValidationError):
            self.env["sales.defeat.request"].with_user(self.salesperson).create(
                [{"lead_id": self.lead.id, "lost_reason_id": self.reason_price.id}] * 2
            )
        self.assertEqual(self.env["sales.defeat.request"].search_count([("lead_id", "=", self.lead.id)]), 1)
        request.with_user(self.salesperson).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(self._request().state, "submitted")

    def test_one_open_request_held_by_the_database(self):
        self._request()
        # past the Python check (as two concurrent transactions would be): the database refuses
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
            self.env.cr.savepoint(),
        ):
            self.env["sales.defeat.request"].sudo().create(
                {"lead_id": self.lead.id, "lost_reason_id": self.reason_price.id}
            )
            self.env.flush_all()

    def test_filing_refused_for_closed_or_foreign_cards(self):
        not_a_card = self._card(intended_model_id=False)
        with self.assertRaises(UserError):
            self._request(lead=not_a_card)
        with self.assertRaises(AccessError):
            self._request(user=self.salesperson2)
        self.lead.with_user(self.leader).action_set_lost(lost_reason_id=self.reason_price.id)
        with self.assertRaises(UserError):
            self._request()
        self.assertFalse(
            self.env["sales.defeat.request"]
            .search([])
            .filtered(lambda r: r.lead_id in (self.lead | not_a_card))
        )

    def test_context_defaults_cannot_forge_the_review(self):
        request = (
            self.env["sales.defeat.request"]
            .with_user(self.salesperson)
            .with_context(
                default_state="approved",
                default_user_id=self.salesperson2.id,
                default_reviewer_id=self.leader.id,
                default_review_comment="ok",
            )
            .create({"lead_id": self.lead.id, "lost_reason_id": self.reason_price.id})
        )
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.user_id, self.salesperson)
        self.assertFalse(request.reviewer_id)
        self.assertFalse(request.review_comment)

    def test_requester_and_snapshot_cannot_be_forged(self):
        with self.assertRaises(AccessError):
            self._request(user_id=self.salesperson2.id)
        with self.assertRaises(AccessError):
            self._request(state="approved")
        request = self._request()
        for vals in (
            {"state": "approved"},
            {"reviewer_id": self.salesperson.id},
            {"user_id": self.leader.id},
            {"stage_id": False},
            {"review_comment": "ok"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                request.with_user(self.salesperson).write(vals)
        with self.assertRaises(UserError):
            request.with_user(self.salesperson).write({"lead_id": self._card().id})
        self.assertEqual(request.state, "submitted")
        self.assertTrue(self.lead.active)

    # ---------------------------------------------------------------- approval

    def test_leader_approves_card_is_lost(self):
        request = self._request()
        self.assertEqual(request.with_user(self.leader).action_approve(), True)
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.reviewer_id, self.leader)
        self.assertTrue(request.date_reviewed)
        self.assertFalse(request.activity_ids, "the leader's to-do is done")
        self.assertFalse(self.lead.active)
        self.assertEqual(self.lead.probability, 0)
        self.assertEqual(self.lead.lost_reason_id, self.reason_competitor)
        self.assertEqual(self.lead.card_state, "defeated")
        self.assertFalse(self.lead.is_a_card_held)
        with self.assertRaises(UserError):
            request.with_user(self.leader).action_approve()

    def test_salesperson_cannot_approve_own_request(self):
        request = self._request()
        for method in ("action_approve", "action_reject"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(request.with_user(self.salesperson), method)()
        self.assertEqual(request.state, "submitted")
        self.assertTrue(self.lead.active)
        self.assertFalse(request.with_user(self.salesperson).can_review)
        self.assertTrue(request.with_user(self.leader).can_review)

    def test_leader_cannot_approve_own_request(self):
        lead = self._card(user=self.leader)
        request = self._request(lead=lead, user=self.leader)
        with self.assertRaises(AccessError):
            request.with_user(self.leader).action_approve()
        request.with_user(self.director).action_approve()
        self.assertFalse(lead.active)

    def test_other_team_leader_and_other_company_cannot_approve(self):
        request = self._request()
        for user in (self.other_leader, self.other_user, self.salesperson2):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                request.with_user(user).action_approve()
        self.assertTrue(self.lead.active)
        self.assertEqual(request.state, "submitted")

    def test_admin_approves(self):
        request = self._request()
        request.with_user(self.director).action_approve()
        self.assertEqual(request.reviewer_id, self.director)
        self.assertFalse(self.lead.active)

    def test_reject_with_comment_schedules_follow_up(self):
        request = self._request()
        action = request.with_user(self.leader).action_reject()
        self.assertEqual(action["res_model"], "sales.defeat.reject")
        wizard = Form(
            self.env["sales.defeat.reject"].with_user(self.leader).with_context(**action["context"])
        )
        wizard.comment = "Offer a test drive of the SUV"
        wizard.save().action_confirm()
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.review_comment, "Offer a test drive of the SUV")
        self.assertTrue(self.lead.active)
        self.assertEqual(self.lead.card_state, "held")
        follow_up = self.lead.activity_ids.filtered(lambda act: act.user_id == self.salesperson)
        self.assertEqual(len(follow_up), 1)
        self.assertIn("Offer a test drive", str(follow_up.note))
        self.assertFalse(self.lead.has_open_defeat_request)

    def test_reject_needs_comment_and_reviewer(self):
        request = self._request()
        with self.assertRaises(ValidationError):
            request.with_user(self.leader)._spm_reject("  ")
        with self.assertRaises(AccessError):
            self.env["sales.defeat.reject"].with_user(self.salesperson).create(
                {"request_ids": [(6, 0, request.ids)], "comment": "No"}
            )
        with self.assertRaises(AccessError):
            self.env["sales.defeat.reject"].with_user(self.other_leader).create(
                {"request_ids": [(6, 0, request.ids)], "comment": "No"}
            )
        self.assertEqual(request.state, "submitted")

    def test_withdraw(self):
        request = self._request()
        with self.assertRaises(AccessError):
            request.with_user(self.salesperson2).action_cancel()
        request.with_user(self.salesperson).action_cancel()
        self.assertEqual(request.state, "cancelled")
        with self.assertRaises(UserError):
            request.with_user(self.salesperson).action_cancel()
        with self.assertRaises(UserError):
            request.with_user(self.salesperson).write({"note": "changed"})

    # ---------------------------------------------------------------- losing directly

    def test_salesperson_cannot_lose_a_card_directly(self):
        lead = self.lead.with_user(self.salesperson)
        for call in (
            lambda: lead.action_set_lost(lost_reason_id=self.reason_price.id),
            lambda: lead.action_archive(),
            lambda: lead.write({"active": False}),
            lambda: lead.unlink(),
        ):
            with self.assertRaises(UserError):
                call()
        self.assertTrue(self.lead.exists().active)
        # a lead that is not (yet) an A card is lost as in Odoo
        prospect = self._card(intended_model_id=False).with_user(self.salesperson)
        prospect.action_set_lost(lost_reason_id=self.reason_price.id)
        self.assertFalse(prospect.active)

    def test_leader_may_use_lost_button_and_closes_open_request(self):
        request = self._request()
        self.lead.with_user(self.leader).action_set_lost(lost_reason_id=self.reason_price.id)
        self.assertFalse(self.lead.active)
        self.assertEqual(request.state, "cancelled")

    # ---------------------------------------------------------------- reactivation

    def test_reactivated_card_is_held_again(self):
        request = self._request()
        request.with_user(self.leader).action_approve()
        held = self.env["crm.lead"].with_user(self.salesperson).search([("is_a_card_held", "=", True)])
        self.assertNotIn(self.lead, held)
        # Odoo's Restore, by the salesperson
        self.lead.with_user(self.salesperson).action_unarchive()
        self.assertTrue(self.lead.active)
        self.assertFalse(self.lead.lost_reason_id)
        self.assertEqual(self.lead.card_state, "held")
        self.assertTrue(self.lead.is_a_card_held)
        held = self.env["crm.lead"].with_user(self.salesperson).search([("is_a_card_held", "=", True)])
        self.assertIn(self.lead, held, "the same card counts as held again")
        self.assertEqual(request.state, "approved", "the history stays")
        # and can be defeated again
        self.assertEqual(self._request().state, "submitted")

    # ---------------------------------------------------------------- analysis

    def test_defeat_analysis_groups(self):
        other = self._card()
        self._request().with_user(self.leader).action_approve()
        self._request(lead=other, lost_reason_id=self.reason_price.id, competitor_model="Model Y").with_user(
            self.leader
        ).action_approve()
        Request = self.env["sales.defeat.request"].with_user(self.leader)
        for groupby in ("lost_reason_id", "competitor_model", "intended_model_id", "user_id", "stage_id"):
            with self.subTest(groupby=groupby):
                groups = Request._read_group([("state", "=", "approved")], [groupby], ["__count"])
                self.assertEqual(sum(count for _key, count in groups), 2)
        by_reason = dict(Request._read_group([("state", "=", "approved")], ["lost_reason_id"], ["__count"]))
        self.assertEqual(by_reason[self.reason_price], 1)
        # a salesperson of the team sees only their own requests
        self.assertFalse(self.env["sales.defeat.request"].with_user(self.salesperson2).search([]))
