"""KPIs read from the A/C cards capability, on a crafted quarter (2031 Q1)."""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import SpmCardsCommon
from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestKpiCards(AppraisalCommon, SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sp, sp2 = cls.salesperson, cls.salesperson2
        # A cards: four of salesperson's in Q1, one before, one of salesperson2's
        for i, day in enumerate((date(2031, 1, 5), date(2031, 1, 20), date(2031, 2, 3), date(2031, 3, 30))):
            cls._a_card(sp, contact_name="Buyer %s" % i, phone="1390571000%s" % i, a_card_date=day)
        cls._a_card(sp, contact_name="Old card", phone="13905712001", a_card_date=date(2030, 12, 30))
        cls._a_card(sp2, contact_name="Sally's card", phone="13905713001", a_card_date=date(2031, 2, 1))
        # C cards: one complete customer file, one incomplete, one next quarter
        complete = cls.env["res.partner"].create(
            {
                "name": "Complete Buyer",
                "phone": "+86 139 0000 0001",
                "email": "buyer@example.com",
                "street": "1 Renmin Road",
                "city": "Hangzhou",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        sparse = cls._partner("Sparse Buyer")
        CCard = cls.env["sales.c.card"]
        cls.card_complete = CCard.create(
            {
                "partner_id": complete.id,
                "user_id": sp.id,
                "team_id": cls.team.id,
                "date": date(2031, 2, 10),
                "vin": "LSVAA4182E2000001",
                "payment_method": "loan",
                "delivery_date": date(2031, 2, 20),
            }
        )
        cls.card_sparse = CCard.create(
            {
                "partner_id": sparse.id,
                "user_id": sp.id,
                "team_id": cls.team.id,
                "date": date(2031, 3, 1),
            }
        )
        later = CCard.create(
            {
                "partner_id": sparse.id,
                "user_id": sp.id,
                "team_id": cls.team.id,
                "date": date(2031, 4, 2),
            }
        )
        # satisfaction: 80 and 100 in Q1 (mean 90); 0 in April does not count
        cls.env["sales.satisfaction"].create(
            [
                {"c_card_id": cls.card_complete.id, "date": date(2031, 2, 25), "score": 80.0},
                {"c_card_id": cls.card_sparse.id, "date": date(2031, 3, 15), "score": 100.0},
                {"c_card_id": later.id, "date": date(2031, 4, 5), "score": 0.0},
            ]
        )
        # visits: three groups, one errand
        Visit = cls.env["sales.visit"]
        for i, day in enumerate((date(2031, 1, 7), date(2031, 2, 7), date(2031, 3, 7))):
            Visit.create(
                {
                    "visit_date": datetime.combine(day, datetime.min.time().replace(hour=3)),
                    "customer_name": "Walk-in %s" % i,
                    "user_id": sp.id,
                    "team_id": cls.team.id,
                    "intended_model_id": cls.sedan.id,
                }
            )
        Visit.create(
            {
                "visit_date": datetime(2031, 1, 8, 3),
                "customer_name": "Errand",
                "purpose": "errand",
                "user_id": sp.id,
                "team_id": cls.team.id,
            }
        )
        # key accounts: two, one visited in the quarter
        cls.key1 = cls.env["res.partner"].create(
            {"name": "Key Fleet Ltd", "is_key_account": True, "user_id": sp.id}
        )
        cls.key2 = cls.env["res.partner"].create(
            {"name": "Key Taxi Co", "is_key_account": True, "user_id": sp.id}
        )
        Visit.create(
            {
                "visit_date": datetime(2031, 2, 14, 3),
                "customer_name": "Key Fleet Ltd",
                "partner_id": cls.key1.id,
                "user_id": sp.id,
                "team_id": cls.team.id,
            }
        )
        cls.users = sp | sp2

    def _figures(self, names, scope="user", keys=None):
        return self.env["sales.kpi"]._fetch_figures(
            names, scope, keys if keys is not None else self.users, self.date_from, self.date_to
        )

    def test_new_a_cards_by_a_card_date(self):
        figures = self._figures(["new_a_cards"])["new_a_cards"]
        self.assertEqual(figures[self.salesperson.id], 4)
        self.assertEqual(figures[self.salesperson2.id], 1)

    def test_a_card_conversion(self):
        figures = self._figures(["a_card_conversion"])["a_card_conversion"]
        self.assertAlmostEqual(figures[self.salesperson.id], 50.0)  # 2 C cards / 4 A cards
        self.assertAlmostEqual(figures[self.salesperson2.id], 0.0)

    def test_archived_c_card_of_cancelled_order_does_not_count(self):
        self.card_sparse.action_archive()
        figures = self._figures(["a_card_conversion", "complete_files"])
        self.assertAlmostEqual(figures["a_card_conversion"][self.salesperson.id], 25.0)  # 1 C card / 4
        self.assertAlmostEqual(figures["complete_files"][self.salesperson.id], 100.0)  # 1 of 1

    def test_customer_file_completeness(self):
        self.assertEqual(self.card_complete.completeness, 100.0)
        figures = self._figures(["complete_files"])["complete_files"]
        self.assertAlmostEqual(figures[self.salesperson.id], 50.0)
        self.assertNotIn(self.salesperson2.id, figures)

    def test_satisfaction_mean_of_results_in_the_period(self):
        figures = self._figures(["satisfaction"])["satisfaction"]
        self.assertAlmostEqual(figures[self.salesperson.id], 90.0)
        team = self._figures(["satisfaction"], scope="team", keys=self.team)["satisfaction"]
        self.assertAlmostEqual(team[self.team.id], 90.0)

    def test_visit_groups_follow_the_counting_rules(self):
        figures = self._figures(["visit_groups"])["visit_groups"]
        self.assertEqual(figures[self.salesperson.id], 4)  # three walk-ins and the key account's visit
        self.assertNotIn(self.salesperson2.id, figures)

    def test_key_account_visits(self):
        figures = self._figures(["key_account_visits"])["key_account_visits"]
        self.assertAlmostEqual(figures[self.salesperson.id], 50.0)
        self.assertNotIn(self.salesperson2.id, figures)
        self.salesperson.sale_team_id = self.team
        team = self._figures(["key_account_visits"], scope="team", keys=self.team)["key_account_visits"]
        self.assertAlmostEqual(team[self.team.id], 50.0)

    def test_appraisal_with_card_kpis(self):
        ref = self.env.ref
        template = self.env["sales.appraisal.template"].create(
            {
                "name": "Showroom",
                "line_ids": [
                    Command.create(
                        {
                            "kpi_id": ref("sales_process_mgmt.sales_kpi_satisfaction").id,
                            "weight": 40,
                            "target_value": 90,
                        }
                    ),
                    Command.create(
                        {
                            "kpi_id": ref("sales_process_mgmt.sales_kpi_a_card_conversion").id,
                            "weight": 30,
                            "target_value": 40,
                        }
                    ),
                    Command.create(
                        {
                            "kpi_id": ref("sales_process_mgmt.sales_kpi_new_a_cards").id,
                            "weight": 30,
                            "target_value": 5,
                        }
                    ),
                ],
            }
        )
        appraisal = self._appraisal(self.salesperson, template=template)
        appraisal.with_user(self.leader).action_compute()
        by_metric = {line.kpi_id.metric: line for line in appraisal.line_ids}
        self.assertAlmostEqual(by_metric["satisfaction"].score, 100.0)
        # 50 % against 40 %: 10 points above -> 113
        self.assertAlmostEqual(by_metric["a_card_conversion"].score, 113.0)
        # 4 A cards against 5: 20 % below -> 94
        self.assertAlmostEqual(by_metric["new_a_cards"].score, 94.0)
        self.assertAlmostEqual(appraisal.total_score, 40 + 33.9 + 28.2)
