from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SpmCardsCommon


@tagged("post_install", "-at_install")
class TestCCard(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.env["res.partner"].create({"name": "Zhou Jie", "phone": "13900139000"})
        cls.lead = cls._a_card(
            partner_id=cls.buyer.id,
            contact_name="Zhou Jie",
            phone="13900139000",
            intended_model_id=cls.suv.id,
        )

    def _order(self, user=None, lead=None):
        user = user or self.salesperson
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": self.buyer.id,
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "opportunity_id": lead.id if lead else False,
                    "order_line": [(0, 0, {"product_id": self.car_suv.id, "product_uom_qty": 1})],
                }
            )
        )

    def test_confirming_order_makes_c_card_and_wins_the_a_card(self):
        self.assertTrue(self.lead.is_a_card_held)
        order = self._order(lead=self.lead)
        order.with_user(self.salesperson).action_confirm()
        card = self.env["sales.c.card"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(card), 1)
        self.assertEqual(card.lead_id, self.lead)
        self.assertEqual(card.partner_id, self.buyer)
        self.assertEqual(card.user_id, self.salesperson)
        self.assertEqual(card.team_id, self.team)
        self.assertEqual(card.company_id, self.company)
        self.assertEqual(card.intended_model_id, self.suv)
        self.assertEqual(card.date, order.date_order.date())
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertFalse(self.lead.is_a_card_held)
        self.assertTrue(self.lead.is_a_card, "a won card stays a (converted) A card")

    def test_one_card_per_order_even_when_reconfirmed(self):
        order = self._order(lead=self.lead)
        order.action_confirm()
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self.env["sales.c.card"].search_count([("sale_order_id", "=", order.id)]), 1)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["sales.c.card"].create({"sale_order_id": order.id, "partner_id": self.buyer.id})
            self.env.flush_all()

    def test_sql_constraint_message_translated_at_error_time(self):
        """Odoo 18 turns a database constraint error into a ValidationError in the RPC
        layer (odoo.service.model), reading the constraint's message in the caller's
        language from ir_model_constraint: our shipped translations apply."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        order = self._order(lead=self.lead)
        order.action_confirm()
        with self.assertRaises(IntegrityError) as error, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["sales.c.card"].create({"sale_order_id": order.id, "partner_id": self.buyer.id})
                self.env.flush_all()
        message = str(_as_validation_error(self.env(context={"lang": "zh_CN"}), error.exception))
        self.assertNotIn("A sale order has one C card only.", message)
        english = str(_as_validation_error(self.env(context={"lang": "en_US"}), error.exception))
        self.assertIn("A sale order has one C card only.", english)

    def test_order_without_opportunity_takes_model_from_lines(self):
        order = self._order()
        order.action_confirm()
        card = self.env["sales.c.card"].search([("sale_order_id", "=", order.id)])
        self.assertFalse(card.lead_id)
        self.assertEqual(card.intended_model_id, self.suv)

    def test_colleague_confirms_order_of_salesperson(self):
        order = self._order(lead=self.lead)
        order.with_user(self.leader).action_confirm()
        card = self.env["sales.c.card"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(card.user_id, self.salesperson)

    def test_no_hand_made_card(self):
        """C cards are made by confirming orders only: no role creates or copies one."""
        before = self.env["sales.c.card"].with_context(active_test=False).search_count([])
        for user in (self.salesperson, self.leader, self.director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["sales.c.card"].with_user(user).create(
                    {"partner_id": self.buyer.id, "user_id": user.id}
                )
        order = self._order(lead=self.lead)
        order.action_confirm()
        card = self._cards_of(order)
        with self.assertRaises(AccessError):
            card.with_user(self.director).copy()
        self.assertEqual(
            self.env["sales.c.card"].with_context(active_test=False).search_count([]), before + 1
        )

    def test_kpi_fields_follow_the_order(self):
        """Salesperson, leader and administrator cannot archive, redate or reassign a card."""
        order = self._order(lead=self.lead)
        order.action_confirm()
        card = self._cards_of(order)
        snapshot = card.read(
            [
                "date",
                "user_id",
                "team_id",
                "active",
                "sale_order_id",
                "lead_id",
                "partner_id",
                "intended_model_id",
                "company_id",
            ]
        )
        forged = [
            {"date": date(2026, 1, 1)},
            {"user_id": self.salesperson2.id},
            {"team_id": False},
            {"active": False},
            {"sale_order_id": False},
            {"lead_id": False},
            {"intended_model_id": self.sedan.id},
            {"company_id": self.company2.id},
            {"partner_id": self.customer.id},
        ]
        for user in (self.salesperson, self.leader, self.director):
            for vals in forged:
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    card.with_user(user).write(vals)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                card.with_user(user).action_archive()
        self.assertEqual(card.read(list(snapshot[0])[1:]), snapshot)
        # the delivery details stay the salesperson's to fill
        card.with_user(self.salesperson).write({"vin": "LSVAU2180N2183999", "payment_method": "full"})

    def test_completeness(self):
        card = self.env["sales.c.card"].create({"partner_id": self.buyer.id, "date": date(2026, 5, 1)})
        self.assertAlmostEqual(card.completeness, 200 / 9)  # name and phone
        card.write(
            {
                "partner_email": "zhou@example.com",
                "partner_street": "1 Nanjing Road",
                "partner_city": "Shanghai",
                "partner_country_id": self.env.ref("base.cn").id,
                "vin": "LSVAU2180N2183294",
                "payment_method": "loan",
            }
        )
        self.assertAlmostEqual(card.completeness, 800 / 9)
        card.delivery_date = date(2026, 6, 1)
        self.assertAlmostEqual(card.completeness, 100.0)
        self.assertEqual(self.buyer.city, "Shanghai", "details are the customer's")

    def test_delivery_needs_a_date(self):
        card = self.env["sales.c.card"].create({"partner_id": self.buyer.id, "date": date(2026, 5, 1)})
        with self.assertRaises(UserError):
            card.action_confirm_delivery()

    def test_delivery_launches_follow_up_plan_from_delivery_date(self):
        card = self.env["sales.c.card"].create(
            {
                "partner_id": self.buyer.id,
                "user_id": self.salesperson.id,
                "date": date(2026, 5, 20),
                "delivery_date": date(2026, 6, 1),
            }
        )
        card.with_user(self.salesperson).action_confirm_delivery()
        self.assertEqual(card.state, "delivered")
        deadlines = {a.activity_type_id.name: a.date_deadline for a in card.activity_ids}
        delivered = date(2026, 6, 1)
        self.assertEqual(deadlines["Thank-you call"], delivered + relativedelta(days=1))
        self.assertEqual(deadlines["Early usage check"], delivered + relativedelta(days=7))
        self.assertEqual(deadlines["Satisfaction check"], delivered + relativedelta(months=1))
        self.assertEqual(deadlines["First maintenance reminder"], delivered + relativedelta(months=3))
        self.assertEqual(deadlines["Annual inspection reminder"], delivered + relativedelta(months=24))
        self.assertEqual(card.activity_ids.user_id, self.salesperson)
        self.assertTrue(all(a.note for a in card.activity_ids), "each step has its note")
        # confirming again does not plan twice
        card.action_confirm_delivery()
        self.assertEqual(len(card.activity_ids), len(deadlines))

    def test_follow_up_plan_in_the_salesperson_language(self):
        """The plan's steps are shipped translated; a Chinese salesperson reads them in Chinese
        whoever confirms the delivery."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        self.salesperson.lang = "zh_CN"
        plan = self.env.ref("sales_process_mgmt.mail_activity_plan_after_sale")
        self.assertNotEqual(plan.with_context(lang="zh_CN").name, plan.with_context(lang="en_US").name)
        card = self.env["sales.c.card"].create(
            {
                "partner_id": self.buyer.id,
                "user_id": self.salesperson.id,
                "date": date(2026, 5, 20),
                "delivery_date": date(2026, 6, 1),
            }
        )
        card.with_context(lang="en_US").action_confirm_delivery()
        thanks = self.env.ref("sales_process_mgmt.mail_activity_type_after_sale_thanks")
        activity = card.activity_ids.filtered(lambda a: a.activity_type_id == thanks)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.note, thanks.with_context(lang="zh_CN").default_note)
        self.assertNotEqual(
            thanks.with_context(lang="zh_CN").default_note, thanks.with_context(lang="en_US").default_note
        )

    def test_satisfaction_results(self):
        card = self.env["sales.c.card"].create(
            {"partner_id": self.buyer.id, "user_id": self.salesperson.id, "team_id": self.team.id}
        )
        # the card's salesperson does not grade their own buyer
        Satisfaction = self.env["sales.satisfaction"]
        with self.assertRaises(AccessError):
            Satisfaction.with_user(self.salesperson).create({"c_card_id": card.id, "score": 100.0})
        self.assertFalse(card.satisfaction_ids)
        results = Satisfaction.with_user(self.leader).create(
            [
                {"c_card_id": card.id, "score": 90.0, "date": date(2026, 7, 1), "comment": "Friendly"},
                {"c_card_id": card.id, "score": 70.0, "date": date(2026, 8, 1)},
            ]
        )
        self.assertEqual(results.user_id, self.salesperson)
        self.assertEqual(results.recorded_by_id, self.leader, "each result says who entered it")
        self.assertEqual(results.company_id, self.company)
        self.assertAlmostEqual(card.satisfaction_score, 80.0)
        for vals in ({"score": 100.0}, {"recorded_by_id": self.salesperson2.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                results[0].with_user(self.salesperson).write(vals)
        with self.assertRaises(AccessError):
            results[0].with_user(self.leader).write({"recorded_by_id": self.salesperson2.id})
        with self.assertRaises(AccessError):
            results[0].with_user(self.salesperson).unlink()
        results[1].with_user(self.director).write({"score": 75.0})
        self.assertEqual(results[1].recorded_by_id, self.director)
        self.assertEqual(results[0].score, 90.0)
        # a leader who sells too does not grade their own buyers either
        own = self.env["sales.c.card"].create(
            {"partner_id": self.buyer.id, "user_id": self.leader.id, "team_id": self.team.id}
        )
        with self.assertRaises(AccessError):
            Satisfaction.with_user(self.leader).create({"c_card_id": own.id, "score": 100.0})
        for score in (120.0, -1.0, float("nan"), float("inf")):
            with self.subTest(score=score), self.assertRaises(ValidationError):
                results[0].score = score
                self.env.flush_all()
        self.assertEqual(results[0].score, 90.0)

    def test_access_per_role_and_company(self):
        own = self.env["sales.c.card"].create(
            {"partner_id": self.buyer.id, "user_id": self.salesperson.id, "team_id": self.team.id}
        )
        peer = self.env["sales.c.card"].create(
            {"partner_id": self.buyer.id, "user_id": self.salesperson2.id, "team_id": self.team.id}
        )
        other_partner = self.env["res.partner"].create({"name": "Elsewhere", "company_id": self.company2.id})
        other = self.env["sales.c.card"].create(
            {"partner_id": other_partner.id, "user_id": self.other_user.id, "company_id": self.company2.id}
        )
        cards = own | peer | other
        domain = [("id", "in", cards.ids)]
        CCard = self.env["sales.c.card"]
        self.assertEqual(CCard.with_user(self.salesperson).search(domain), own)
        with self.assertRaises(AccessError):
            peer.with_user(self.salesperson).read(["vin"])
        self.assertEqual(CCard.with_user(self.leader).search(domain), own | peer)
        self.assertEqual(CCard.with_user(self.director).search(domain), own | peer)
        self.assertEqual(CCard.with_user(self.other_user).search(domain), other)
        with self.assertRaises(AccessError):
            own.with_user(self.salesperson).unlink()
        self.env["sales.satisfaction"].create({"c_card_id": peer.id, "score": 50})
        Satisfaction = self.env["sales.satisfaction"]
        self.assertFalse(Satisfaction.with_user(self.salesperson).search([("c_card_id", "=", peer.id)]))
        self.assertTrue(Satisfaction.with_user(self.leader).search([("c_card_id", "=", peer.id)]))

    # ------------------------------------------------------------
    # CANCELLED ORDERS
    # ------------------------------------------------------------

    def _cards_of(self, order):
        return (
            self.env["sales.c.card"]
            .with_context(active_test=False)
            .search([("sale_order_id", "=", order.id)])
        )

    def test_cancelling_order_archives_its_c_card(self):
        order = self._order(lead=self.lead)
        order.with_user(self.salesperson).action_confirm()
        card = self._cards_of(order)
        order.with_user(self.salesperson).with_context(disable_cancel_warning=True).action_cancel()
        self.assertFalse(card.active, "a cancelled sale no longer counts")
        self.assertFalse(
            self.env["sales.c.card"].with_user(self.salesperson).search([("sale_order_id", "=", order.id)])
        )
        self.assertIn(order.name, card.message_ids[0].body, "the chatter names the cancelled order")
        # no confirmed order left: the opportunity stays won, its salesperson decides
        self.assertTrue(self.lead.stage_id.is_won)
        todo = self.lead.activity_ids.filtered(lambda a: order.name in (a.note or ""))
        self.assertEqual(todo.user_id, self.salesperson)

    def test_reconfirmed_order_restores_the_same_card_on_the_new_day(self):
        order = self._order(lead=self.lead)
        order.action_confirm()
        card = self._cards_of(order)
        card.date = date(2026, 1, 5)
        order._action_cancel()
        order.action_draft()
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(self._cards_of(order), card, "the same card comes back, no duplicate")
        self.assertTrue(card.active)
        self.assertEqual(card.date, order.date_order.date(), "it counts on the day of the new confirmation")
        self.assertTrue(self.lead.stage_id.is_won)

    def test_cancelling_one_of_two_orders_keeps_the_opportunity_won_quietly(self):
        first, second = self._order(lead=self.lead), self._order(lead=self.lead)
        (first | second).action_confirm()
        activities = self.lead.activity_ids
        second.with_user(self.salesperson).with_context(disable_cancel_warning=True).action_cancel()
        self.assertTrue(self._cards_of(first).active)
        self.assertFalse(self._cards_of(second).active)
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.activity_ids, activities, "another order is confirmed: nothing to decide")

    def test_cancelling_a_quotation_touches_no_card(self):
        order = self._order(lead=self.lead)
        order.with_user(self.salesperson).action_cancel()
        self.assertFalse(self._cards_of(order))
        self.assertTrue(self.lead.is_a_card_held)
        self.assertFalse(self.lead.activity_ids)
