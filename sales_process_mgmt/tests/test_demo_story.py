"""The demo tells one story, made through the application (runs with demo data only).

The demo's dealership (Jinhai Motors) is checked as a user would meet it: its
currency and country, the typed phone numbers it makes valid, and that what the
application owns was written by the application for the right person: C cards
made by confirming orders, ticks by the salespeople, stage times that vary,
last quarter's appraisals approved. Without demo data there is nothing to check.
"""

import base64
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import date_utils


@tagged("post_install", "-at_install")
class TestDemoStory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("sales_process_mgmt.res_company_dealer_demo", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.company:
            self.skipTest("no demo data on this database")
        self.in_company = [("company_id", "=", self.company.id)]

    def test_dealership_in_china_and_cny(self):
        self.assertEqual(self.company.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(self.company.country_id, self.env.ref("base.cn"))
        team = self.env.ref("sales_process_mgmt.crm_team_showroom_demo")
        self.assertEqual(team.company_id, self.company)
        self.assertEqual(team.process_id, self.env.ref("sales_process_mgmt.process_showroom"))
        self.assertEqual(len(team.member_ids), 3)
        self.assertTrue(team.user_id.has_group("sales_team.group_sale_salesman_all_leads"))
        b2b = self.env.ref("sales_process_mgmt.crm_team_b2b_demo")
        self.assertEqual(b2b.process_id, self.env.ref("sales_process_mgmt.process_b2b"))

    def test_a_cards_at_every_intent_level_with_typed_phones(self):
        cards = self.env["crm.lead"].search(self.in_company + self.env["crm.lead"]._spm_held_domain())
        self.assertEqual(set(cards.mapped("intent_level")), {"h", "a", "b", "c"})
        self.assertTrue(all(card.phone_sanitized.startswith("+86") for card in cards))
        # typed the way salespeople type them, not in E.164
        self.assertTrue(any(" " in card.phone for card in cards))
        self.assertTrue(any(card.phone.isdigit() for card in cards))

    def test_c_cards_come_from_confirmed_orders(self):
        cards = self.env["sales.c.card"].search(self.in_company)
        self.assertGreaterEqual(len(cards), 5)
        for card in cards:
            self.assertEqual(card.sale_order_id.state, "sale")
            self.assertTrue(card.lead_id.stage_id.is_won, card.name)
        self.assertEqual(
            self.env.ref("sales_process_mgmt.c_card_1_demo").sale_order_id,
            self.env.ref("sales_process_mgmt.sale_order_1_demo"),
        )
        delivered = cards.filtered(lambda card: card.state == "delivered")
        self.assertTrue(delivered.activity_ids, "the after-sale plan runs for the delivered cars")
        results = self.env["sales.satisfaction"].search([("c_card_id", "in", cards.ids)])
        self.assertTrue(results)
        self.assertFalse(results.filtered(lambda r: r.recorded_by_id == r.c_card_id.user_id))

    def test_ticks_by_the_salespeople_and_stage_times_vary(self):
        team = self.env.ref("sales_process_mgmt.crm_team_showroom_demo")
        lines = self.env["sales.checklist.line"].search(
            self.in_company + [("done", "=", True), ("item_id.item_type", "=", "manual")]
        )
        self.assertTrue(lines)
        self.assertLessEqual(
            set(lines.mapped("done_user_id")),
            set(
                team.member_ids
                | team.user_id
                | self.env.ref("sales_process_mgmt.crm_team_b2b_demo").member_ids
            ),
        )
        logs = self.env["sales.stage.log"].search(self.in_company)
        self.assertGreater(len({round(days) for days in logs.mapped("days_in_stage")}), 5)
        self.assertGreater(len({log.date.date() for log in logs}), 20)

    def test_last_quarter_approved_this_quarter_computed(self):
        appraisals = self.env["sales.appraisal"].search(self.in_company)
        previous = self.env.ref("sales_process_mgmt.sales_appraisal_admin_previous_demo")
        current = self.env.ref("sales_process_mgmt.sales_appraisal_admin_demo")
        self.assertEqual(previous.state, "approved")
        self.assertEqual(previous.approved_by_id, previous.team_id.user_id)
        self.assertEqual(current.state, "confirmed")
        self.assertEqual(len(appraisals), 6)
        targets = self.env["sales.target"].search(self.in_company + [("scope", "=", "user")])
        self.assertEqual(set(targets.mapped("state")), {"confirmed"})
        self.assertEqual(len(targets), 36)

    def test_defeats_filed_by_salespeople_and_reviewed_by_the_leader(self):
        Request = self.env["sales.defeat.request"]

        def request_of(card):
            return Request.search([("lead_id", "=", self.env.ref(f"sales_process_mgmt.{card}").id)])

        approved, rejected, waiting = (
            request_of(card) for card in ("a_card_17_demo", "a_card_3_demo", "a_card_5_demo")
        )
        for request in approved | rejected | waiting:
            self.assertEqual(request.company_id, self.company)
            self.assertEqual(request.user_id, request.lead_id.user_id)
            self.assertEqual(request.create_uid, request.user_id)
        self.assertEqual(approved.state, "approved")
        self.assertEqual(approved.reviewer_id, approved.team_id.user_id)
        lost = approved.lead_id.with_context(active_test=False)
        self.assertFalse(lost.active)
        self.assertEqual(lost.lost_reason_id, approved.lost_reason_id)
        self.assertEqual(lost.card_state, "defeated")
        self.assertEqual(rejected.state, "rejected")
        self.assertEqual(rejected.reviewer_id, rejected.team_id.user_id)
        self.assertTrue(rejected.lead_id.active)
        self.assertEqual(rejected.lead_id.card_state, "held")
        self.assertIn(rejected.user_id, rejected.lead_id.activity_ids.user_id)
        self.assertEqual(waiting.state, "submitted")
        self.assertEqual(waiting.lead_id.card_state, "held")

    def test_defeat_analysis_shows_reasons_models_salespeople_and_stages(self):
        requests = self.env["sales.defeat.request"].search(self.in_company)
        approved = requests.filtered(lambda request: request.state == "approved")
        self.assertEqual(len(approved), 4)
        self.assertEqual(len(requests.filtered(lambda request: request.state == "rejected")), 2)
        for request in requests:
            # filed by the card's salesperson, reviewed by the team's leader, through the app
            self.assertEqual(request.create_uid, request.lead_id.user_id)
            if request.state != "submitted":
                self.assertEqual(request.reviewer_id, request.team_id.user_id)
        for request in approved:
            lead = request.lead_id.with_context(active_test=False)
            self.assertFalse(lead.active, request.name)
            self.assertEqual(lead.lost_reason_id, request.lost_reason_id)
            self.assertEqual(lead.card_state, "defeated")
        # the analysis has something to compare on every axis
        for fname, at_least in (
            ("lost_reason_id", 3),
            ("intended_model_id", 3),
            ("user_id", 3),
            ("stage_id", 3),
            ("competitor_model", 3),
        ):
            self.assertGreaterEqual(len(set(approved.mapped(fname)) - {False}), at_least, fname)
        self.assertTrue(approved.filtered(lambda request: not request.competitor_model), "no competitor")

    def test_forecast_and_model_targets_are_the_dealerships(self):
        for xmlid in ("forecast_lead_fleet_demo", "forecast_lead_family_demo"):
            lead = self.env.ref(f"sales_process_mgmt.{xmlid}")
            self.assertEqual(lead.company_id, self.company)
            self.assertIn(lead.user_id, lead.team_id.member_ids | lead.team_id.user_id)
        target = self.env.ref("sales_process_mgmt.sales_target_model_summit_demo")
        self.assertEqual(target.company_id, self.company)
        self.assertEqual(target.product_tmpl_id, self.env.ref("sales_process_mgmt.product_summit_demo"))

    def test_dashboard_tables_have_rows_for_this_quarter(self):
        """What the leader sees on the dashboard opened on its default period (this quarter)."""
        dashboard = self.env.ref("sales_process_mgmt.spreadsheet_dashboard_sales_process")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        period = next(f for f in data["globalFilters"] if f["type"] == "date")
        self.assertEqual(period["defaultValue"], "this_quarter")
        start, end = date_utils.get_quarter(fields.Date.context_today(self.env["res.users"]))
        leader = self.env.ref("sales_process_mgmt.crm_team_showroom_demo").user_id
        for pivot in data["pivots"].values():
            chain = pivot["fieldMatching"][period["id"]]["chain"]
            domain = pivot["domain"] + [(chain, ">=", start), (chain, "<", end + timedelta(days=1))]
            Model = self.env[pivot["model"]].with_user(leader).with_context(**pivot["context"])
            self.assertTrue(Model.search_count(domain), f"{pivot['name']}: no rows this quarter")
