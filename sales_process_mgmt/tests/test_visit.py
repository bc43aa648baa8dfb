from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import SpmCardsCommon


@tagged("post_install", "-at_install")
class TestVisit(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.day = date(2026, 4, 14)

    def _visit(self, user=None, at=None, **values):
        user = user or self.salesperson
        vals = {
            "visit_date": at or datetime(2026, 4, 14, 3, 0),  # 11:00 in China, same day in UTC
            "customer_name": "Zhang San",
            "user_id": user.id,
            "team_id": self.team.id,
            "company_id": self.company.id,
            "intended_model_id": self.sedan.id,
        }
        vals.update(values)
        return self.env["sales.visit"].with_user(user).create(vals)

    # ---------------------------------------------------------------
    # rule 2: one group whatever the headcount
    # ---------------------------------------------------------------

    def test_rule2_family_is_one_group(self):
        visit = self._visit(party_size=5)
        self.assertTrue(visit.counts_as_group)
        self.assertEqual(visit.counted_date, self.day)
        self.assertFalse(visit.not_counted_reason)

    # ---------------------------------------------------------------
    # rule 3: errands
    # ---------------------------------------------------------------

    def test_rule3_errand_does_not_count(self):
        visit = self._visit(purpose="errand")
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule3_errand")

    # ---------------------------------------------------------------
    # rule 5: after-sales service only
    # ---------------------------------------------------------------

    def test_rule5_service_only_does_not_count(self):
        visit = self._visit(purpose="service")
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule5_service")
        visit.purpose = "purchase"  # the service customer shows new purchase intent
        self.assertTrue(visit.counts_as_group)

    # ---------------------------------------------------------------
    # rule 4: returning holders
    # ---------------------------------------------------------------

    def test_rule4_returning_a_card_holder_does_not_count(self):
        lead = self._a_card(a_card_date=self.day - timedelta(days=3))
        visit = self._visit(lead_id=lead.id)
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule4_card")

    def test_rule4_holder_found_through_the_phone_of_the_visit(self):
        # logged by name and phone only, the number typed with spaces and no +86
        self._a_card(a_card_date=self.day - timedelta(days=3), phone="13800138000")
        visit = self._visit(customer_name="Li Lei", phone="138 0013 8000")
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule4_card")
        stranger = self._visit(customer_name="Somebody else", phone="13900000999")
        self.assertTrue(stranger.counts_as_group)

    def test_rule4_visit_on_the_day_the_card_is_formed_counts(self):
        lead = self._a_card(a_card_date=self.day)
        visit = self._visit(lead_id=lead.id)
        self.assertTrue(visit.counts_as_group)

    def test_rule4_holder_returning_the_same_day_counts_once(self):
        lead = self._a_card(a_card_date=self.day)
        first = self._visit(lead_id=lead.id, at=datetime(2026, 4, 14, 2, 0))  # 10:00 in China
        again = self._visit(lead_id=lead.id, at=datetime(2026, 4, 14, 8, 0))  # 16:00, same party back
        self.assertTrue(first.counts_as_group)
        self.assertFalse(again.counts_as_group)
        self.assertEqual(again.not_counted_reason, "rule4_same_day")
        errand = self._visit(lead_id=lead.id, purpose="errand", at=datetime(2026, 4, 14, 1, 0))
        self.assertFalse(errand.counts_as_group)
        # logged late for an earlier hour: the day's group is already counted
        late = self._visit(lead_id=lead.id, at=datetime(2026, 4, 14, 1, 30))
        self.assertFalse(late.counts_as_group)

    def test_rule4_holder_found_through_partner(self):
        partner = self.env["res.partner"].create({"name": "Zhao Liu"})
        self._a_card(partner_id=partner.id, contact_name=False, a_card_date=self.day - timedelta(days=10))
        visit = self._visit(partner_id=partner.id)
        self.assertFalse(visit.counts_as_group)

    def test_rule4_order_holder_does_not_count(self):
        partner = self.env["res.partner"].create({"name": "Sun Qi"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.car_suv.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2026, 2, 1, 3, 0)
        returning = self._visit(partner_id=partner.id, purpose="purchase")
        self.assertFalse(returning.counts_as_group)
        self.assertEqual(returning.not_counted_reason, "rule4_order")
        before = self._visit(partner_id=partner.id, at=datetime(2026, 1, 20, 3, 0))
        self.assertTrue(before.counts_as_group, "a visit before the order counts")

    def test_rule4_lost_card_holder_counts_again(self):
        lead = self._a_card(a_card_date=self.day - timedelta(days=30))
        lead.action_set_lost()
        visit = self._visit(lead_id=lead.id)
        self.assertTrue(visit.counts_as_group)

    # ---------------------------------------------------------------
    # rule 1: events count on the day the A card is formed
    # ---------------------------------------------------------------

    def test_rule1_event_visitor_without_card_does_not_count(self):
        visit = self._visit(channel="event")
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule1_event")

    def test_rule1_event_visitor_counts_on_card_day(self):
        lead = self._a_card(intended_model_id=False)
        self.assertFalse(lead.is_a_card)
        visit = self._visit(channel="event", lead_id=lead.id)
        self.assertFalse(visit.counts_as_group)
        lead.write({"intended_model_id": self.sedan.id, "a_card_date": self.day + timedelta(days=2)})
        self.assertTrue(visit.counts_as_group)
        self.assertEqual(visit.counted_date, self.day + timedelta(days=2))

    def test_rule1_event_visitor_same_day_card(self):
        lead = self._a_card(a_card_date=self.day)
        visit = self._visit(channel="event", lead_id=lead.id)
        self.assertTrue(visit.counts_as_group)
        self.assertEqual(visit.counted_date, self.day)

    # ---------------------------------------------------------------
    # rule 6: phone calls count if they produce an A card
    # ---------------------------------------------------------------

    def test_rule6_call_without_card_does_not_count(self):
        visit = self._visit(channel="phone")
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule6_call")

    def test_rule6_call_producing_card_counts(self):
        visit = self._visit(channel="phone", phone="13800138000")
        visit.with_user(self.salesperson).action_create_a_card()
        lead = visit.lead_id
        self.assertTrue(lead.is_a_card)
        self.assertEqual(lead.contact_name, "Zhang San")
        self.assertEqual(lead.user_id, self.salesperson)
        self.assertTrue(visit.counts_as_group)
        self.assertEqual(visit.counted_date, lead.a_card_date)

    def test_rule6_call_from_existing_holder_does_not_count(self):
        lead = self._a_card(a_card_date=self.day - timedelta(days=1))
        visit = self._visit(channel="phone", lead_id=lead.id)
        self.assertFalse(visit.counts_as_group)
        self.assertEqual(visit.not_counted_reason, "rule4_card")

    # ---------------------------------------------------------------
    # quick logging and defaults
    # ---------------------------------------------------------------

    def test_visit_defaults_from_user_and_lead(self):
        lead = self._a_card(partner_id=self.customer.id, contact_name=False, phone="13800138000")
        visit = self.env["sales.visit"].with_user(self.salesperson).create({"lead_id": lead.id})
        self.assertEqual(visit.user_id, self.salesperson)
        self.assertEqual(visit.team_id, self.team)
        self.assertEqual(visit.company_id, self.company)
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.intended_model_id, self.sedan)
        self.assertEqual(visit.customer_name, "Wang Xiaoming")

    def test_counting_is_set_based(self):
        """Logging 40 visits costs the same queries as logging 4 (no query per visit
        for the customer history, the team or the counting rules)."""
        partners = self.env["res.partner"].create([{"name": f"Batch {i}"} for i in range(40)])
        leads = self.env["crm.lead"].create(
            [
                {
                    "name": f"Batch {i}",
                    "contact_name": f"Batch {i}",
                    "phone": f"1370000{i:04d}",
                    "intended_model_id": self.sedan.id,
                    "partner_id": partners[i].id,
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "company_id": self.company.id,
                }
                for i in range(40)
            ]
        )
        self.env.flush_all()
        Visit = self.env["sales.visit"].with_user(self.salesperson)

        def log(batch):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Visit.create(
                [
                    {"lead_id": lead.id, "visit_date": datetime(2026, 4, 14, 3, 0), "channel": "phone"}
                    for lead in batch
                ]
            )
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        small, large = log(leads[:4]), log(leads[4:])
        self.assertLessEqual(large, small + 4, f"{small} queries for 4 visits, {large} for 36")

    # ---------------------------------------------------------------
    # access
    # ---------------------------------------------------------------

    def test_access_per_role_and_company(self):
        own = self._visit()
        peer = self._visit(user=self.salesperson2)
        other = self.env["sales.visit"].create(
            {
                "customer_name": "Elsewhere",
                "user_id": self.other_user.id,
                "company_id": self.company2.id,
                "team_id": self.team2.id,
            }
        )
        mine = own | peer | other
        Visit = self.env["sales.visit"]
        domain = [("id", "in", mine.ids)]
        self.assertEqual(Visit.with_user(self.salesperson).search(domain), own)
        with self.assertRaises(AccessError):
            peer.with_user(self.salesperson).read(["customer_name"])
        with self.assertRaises(AccessError):
            peer.with_user(self.salesperson).write({"party_size": 2})
        self.assertEqual(Visit.with_user(self.leader).search(domain), own | peer)
        self.assertEqual(Visit.with_user(self.director).search(domain), own | peer)
        self.assertEqual(Visit.with_user(self.other_user).search(domain), other)
        with self.assertRaises(AccessError):
            own.with_user(self.other_user).read(["customer_name"])

    def test_visit_links_only_readable_opportunity_and_customer(self):
        """A salesperson cannot walk opportunity ids to read colleagues' customers."""
        colleague_card = self._a_card(
            user=self.salesperson2, contact_name="Secret Customer", phone="13800138070"
        )
        other_partner = self.env["res.partner"].create(
            {
                "name": "Other Company Customer",
                "phone": "13800138071",
                "company_id": self.company2.id,
            }
        )
        Visit = self.env["sales.visit"].with_user(self.salesperson)
        before = Visit.sudo().search_count([])
        for vals in (
            {"lead_id": colleague_card.id},
            {"partner_id": other_partner.id},
            {"lead_id": 999999999},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError) as error:
                Visit.create(dict(vals, user_id=self.salesperson.id))
            self.assertNotIn("Secret Customer", str(error.exception))
        own = self._visit()
        with self.assertRaises(AccessError):
            own.with_user(self.salesperson).write({"lead_id": colleague_card.id})
        self.assertEqual(Visit.sudo().search_count([]), before + 1)
        self.assertFalse(own.lead_id)
        self.assertEqual(own.customer_name, "Zhang San")
        # the leader reads the team's cards and may link them
        own.with_user(self.leader).write({"lead_id": colleague_card.id})
        self.assertEqual(own.customer_name, "Secret Customer")

    def test_visit_offers_the_existing_a_card(self):
        card = self._a_card(contact_name="Qian Li", phone="13800138072")
        visit = self._visit(customer_name="Qian Li", phone="138 0013 8072")
        self.assertEqual(visit.existing_lead_id, card)
        self.assertIs(visit.action_link_existing_a_card(), True)
        self.assertEqual(visit.lead_id, card)
        self.assertFalse(visit.existing_lead_id)
        # a colleague who cannot read the card is told who holds it, nothing more
        peer_visit = self._visit(user=self.salesperson2, customer_name="Qian", phone="13800138072")
        self.assertFalse(peer_visit.existing_lead_id)
        self.assertEqual(peer_visit.existing_lead_holder, self.salesperson.name)
        with self.assertRaises(ValidationError):
            peer_visit.with_user(self.salesperson2).action_create_a_card()
        self.assertFalse(peer_visit.lead_id)

    def test_count_reason_shown_in_reader_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        visit = self._visit(purpose="errand")
        self.assertEqual(visit.not_counted_reason, "rule3_errand")
        labels = dict(
            visit._fields["not_counted_reason"]._description_selection(visit.with_context(lang="zh_CN").env)
        )
        self.assertNotEqual(labels["rule3_errand"], "Errand without purchase intent (rule 3).")

    def test_leader_does_not_see_other_teams(self):
        outsider = self.env["crm.team"].create({"name": "Fleet sales", "company_id": self.company.id})
        visit = self._visit(user=self.director, team_id=outsider.id)
        self.assertFalse(self.env["sales.visit"].with_user(self.leader).search([("id", "=", visit.id)]))


@tagged("post_install", "-at_install")
class TestShowroomChineseLabels(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in ("zh_CN", "zh_TW"):
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_process_mgmt"], ["zh_CN", "zh_TW"], overwrite=True
        )
        cls.env.registry.clear_cache()

    def test_labels_in_simplified_chinese(self):
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(
            env["sales.daily.report"].fields_get(["visit_groups"])["visit_groups"]["string"], "来店(电)组数"
        )
        self.assertEqual(
            env["sales.daily.report"].fields_get(["held_a_cards"])["held_a_cards"]["string"], "保有A卡"
        )
        channels = dict(env["sales.visit"].fields_get(["channel"])["channel"]["selection"])
        self.assertEqual(channels["walk_in"], "来店")
        self.assertEqual(env.ref("sales_process_mgmt.sales_daily_report_menu").name, "每日报表")
        lead = self._a_card(phone=False)
        self.assertIn("有效电话号码", lead.with_context(lang="zh_CN").a_card_missing)

    def test_labels_in_traditional_chinese(self):
        env = self.env(context=dict(self.env.context, lang="zh_TW"))
        self.assertEqual(
            env["sales.daily.report"].fields_get(["visit_groups"])["visit_groups"]["string"], "來店(電)組數"
        )
        self.assertEqual(env.ref("sales_process_mgmt.sales_c_card_menu").name, "成交客戶卡（C卡）")


@tagged("post_install", "-at_install", "spm_tour")
class TestVisitTour(HttpCase):
    def test_quick_log_of_a_family_visit(self):
        self.start_tour(
            "/odoo/action-sales_process_mgmt.sales_visit_action", "spm_visit_quick_log", login="admin"
        )
        visit = self.env["sales.visit"].search([("customer_name", "=", "Tour Family Chen")])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.party_size, 4)
        self.assertTrue(visit.counts_as_group)
        self.assertEqual(visit.user_id, self.env.ref("base.user_admin"))
