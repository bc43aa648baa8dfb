"""KPI figures, targets and appraisals of a salesperson working in two companies.

Every figure counts only the documents of the appraisal's (target's) own
company, in that company's currency; a batch mixing both companies gives the
same figures as each company alone.
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import SpmCardsCommon
from .test_appraisal_common import AppraisalCommon

# A recompute of appraisals in two companies: the figures, targets and lines of each company.
QUERIES_PER_RECOMPUTE = 29
FIGURES = (
    "revenue",
    "collected",
    "new_customers",
    "new_a_cards",
    "a_card_conversion",
    "complete_files",
    "visit_groups",
    "satisfaction",
    "key_account_visits",
)


@tagged("post_install", "-at_install")
class TestKpiCompany(AppraisalCommon, SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        c1, c2 = cls.company, cls.company2
        # company 2 needs accounts and journals for its invoices
        cls.env["account.chart.template"].try_loading("generic_coa", c2, install_demo=False)
        sp = cls.salesperson
        sp.write({"company_ids": [Command.link(c2.id)]})
        cls.p_both = cls._partner("Two-Company Buyer")
        cls.p_c2 = cls._partner("Company-2 Buyer")
        # orders: company 1 100,000 (one new customer); company 2 30,000 + 20,000,
        # the company-1 customer being new to company 2 too
        cls._order(sp, cls.p_both, 100000, date(2031, 2, 1))
        cls._order(sp, cls.p_c2, 30000, date(2031, 1, 15), team=cls.team2, company=c2)
        cls._order(sp, cls.p_both, 20000, date(2031, 3, 1), team=cls.team2, company=c2)
        # invoices: 40,000 paid in company 1, 7,000 in company 2
        cls._invoice(sp, cls.p_both, 50000, date(2031, 2, 2), paid=40000)
        cls._invoice_c2(sp, cls.p_c2, 30000, date(2031, 1, 16), paid=7000)
        # A cards: two in company 1, three in company 2
        for i in range(2):
            cls._a_card(
                sp,
                contact_name="C1 buyer %s" % i,
                phone="1390571100%s" % i,
                a_card_date=date(2031, 1, 10 + i),
            )
        for i in range(3):
            cls._a_card(
                sp,
                contact_name="C2 buyer %s" % i,
                phone="1390572200%s" % i,
                a_card_date=date(2031, 2, 10 + i),
                team_id=cls.team2.id,
                company_id=c2.id,
            )
        # C cards: one complete in company 1 (satisfaction 80), two sparse in company 2 (40, 60)
        complete = cls.env["res.partner"].create(
            {
                "name": "Complete Buyer",
                "phone": "+86 139 0000 0002",
                "email": "c1@example.com",
                "street": "1 Renmin Road",
                "city": "Hangzhou",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        CCard = cls.env["sales.c.card"]
        card1 = CCard.create(
            {
                "partner_id": complete.id,
                "user_id": sp.id,
                "team_id": cls.team.id,
                "date": date(2031, 2, 10),
                "vin": "LSVAA4182E2000009",
                "payment_method": "loan",
                "delivery_date": date(2031, 2, 20),
            }
        )
        cards2 = CCard.create(
            [
                {
                    "partner_id": cls.p_c2.id,
                    "user_id": sp.id,
                    "team_id": cls.team2.id,
                    "company_id": c2.id,
                    "date": date(2031, 3, day),
                }
                for day in (2, 3)
            ]
        )
        cls.env["sales.satisfaction"].create(
            [
                {"c_card_id": card1.id, "date": date(2031, 2, 25), "score": 80.0},
                {"c_card_id": cards2[0].id, "date": date(2031, 3, 10), "score": 40.0},
                {"c_card_id": cards2[1].id, "date": date(2031, 3, 11), "score": 60.0},
            ]
        )
        # visits: one group in company 1, three in company 2 (one of them the key account's)
        Visit = cls.env["sales.visit"]
        Visit.create(
            {
                "visit_date": datetime(2031, 1, 7, 3),
                "customer_name": "C1 walk-in",
                "user_id": sp.id,
                "team_id": cls.team.id,
                "intended_model_id": cls.sedan.id,
            }
        )
        cls.key_c1 = cls.env["res.partner"].create(
            {"name": "C1 Key Fleet", "is_key_account": True, "user_id": sp.id, "company_id": c1.id}
        )
        cls.key_c2 = cls.env["res.partner"].create(
            {"name": "C2 Key Fleet", "is_key_account": True, "user_id": sp.id, "company_id": c2.id}
        )
        for i, day in enumerate((date(2031, 1, 8), date(2031, 2, 8))):
            Visit.create(
                {
                    "visit_date": datetime.combine(day, datetime.min.time().replace(hour=3)),
                    "customer_name": "C2 walk-in %s" % i,
                    "user_id": sp.id,
                    "team_id": cls.team2.id,
                    "company_id": c2.id,
                    "intended_model_id": cls.sedan.id,
                }
            )
        Visit.create(
            {
                "visit_date": datetime(2031, 3, 14, 3),
                "customer_name": "C2 Key Fleet",
                "partner_id": cls.key_c2.id,
                "user_id": sp.id,
                "team_id": cls.team2.id,
                "company_id": c2.id,
            }
        )
        # targets and appraisals of the same person in both companies (the company-2 target has
        # no team: Odoo keeps a user's team memberships in their main company)
        cls.target1 = cls._target(sp, 100000, new_customers=1, collection=40000)
        cls.target2 = cls._target(
            sp, 50000, new_customers=2, collection=7000, team_id=False, company_id=c2.id
        )
        ref = cls.env.ref
        weights = {
            "sales_kpi_rev_completion": 20,
            "sales_kpi_collection_rate": 10,
            "sales_kpi_new_customers": 10,
            "sales_kpi_satisfaction": 10,
            "sales_kpi_key_account_visits": 10,
            "sales_kpi_file_completeness": 10,
            "sales_kpi_a_card_conversion": 10,
            "sales_kpi_visit_groups": 10,
            "sales_kpi_new_a_cards": 10,
        }
        cls.full_template = cls.env["sales.appraisal.template"].create(
            {
                "name": "SPM Two Companies",
                "line_ids": [
                    Command.create(
                        {
                            "kpi_id": ref("sales_process_mgmt.%s" % xmlid).id,
                            "weight": weight,
                            "target_source": "sales_target"
                            if xmlid in ("sales_kpi_rev_completion", "sales_kpi_new_customers")
                            else "fixed",
                            "target_value": 50,
                        }
                    )
                    for xmlid, weight in weights.items()
                ],
            }
        )
        # expected actual figures per company (rates in percent)
        cls.expected = {
            c1: {
                "revenue_completion": 100000,
                "collection_rate": 40.0,
                "new_customer_rate": 1,
                "satisfaction": 80.0,
                "key_account_visits": 0.0,
                "customer_file_completeness": 100.0,
                "a_card_conversion": 50.0,
                "visit_groups": 1,
                "new_a_cards": 2,
            },
            c2: {
                "revenue_completion": 50000,
                "collection_rate": 14.0,
                "new_customer_rate": 2,
                "satisfaction": 50.0,
                "key_account_visits": 100.0,
                "customer_file_completeness": 0.0,
                "a_card_conversion": 2 / 3 * 100.0,
                "visit_groups": 3,
                "new_a_cards": 3,
            },
        }

    @classmethod
    def _invoice_c2(cls, user, partner, amount, day, paid=0.0):
        env = cls.env["account.move"].with_company(cls.company2).env
        move = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_user_id": user.id,
                "team_id": cls.team2.id,
                "company_id": cls.company2.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"name": "Car", "quantity": 1, "price_unit": amount, "tax_ids": False})
                ],
            }
        )
        move.action_post()
        env["account.payment.register"].with_context(active_model="account.move", active_ids=move.ids).create(
            {"amount": paid, "payment_date": day}
        )._create_payments()
        return move

    def _appraisals(self):
        c1 = self._appraisal(self.salesperson, template=self.full_template)
        c2 = self._appraisal(
            self.salesperson, template=self.full_template, team=self.team2, company_id=self.company2.id
        )
        return c1, c2

    def _actuals(self, appraisal):
        return {line.kpi_id.metric: line.actual for line in appraisal.line_ids}

    def _assert_actuals(self, appraisal, company):
        actuals = self._actuals(appraisal)
        for metric, value in self.expected[company].items():
            self.assertAlmostEqual(actuals[metric], value, places=2, msg="%s of %s" % (metric, company.name))

    def test_figures_count_the_given_company_only(self):
        Kpi = self.env["sales.kpi"]
        sp = self.salesperson
        f1 = Kpi._fetch_figures(FIGURES, "user", sp, self.date_from, self.date_to, company=self.company)
        f2 = Kpi._fetch_figures(FIGURES, "user", sp, self.date_from, self.date_to, company=self.company2)
        self.assertAlmostEqual(f1["revenue"][sp.id], 100000)
        self.assertAlmostEqual(f2["revenue"][sp.id], 50000)
        self.assertAlmostEqual(f1["collected"][sp.id], 40000)
        self.assertAlmostEqual(f2["collected"][sp.id], 7000)
        self.assertEqual(f1["new_customers"][sp.id], 1)
        self.assertEqual(f2["new_customers"][sp.id], 2)
        self.assertEqual(f1["new_a_cards"][sp.id], 2)
        self.assertEqual(f2["new_a_cards"][sp.id], 3)
        self.assertEqual(f1["visit_groups"][sp.id], 1)
        self.assertEqual(f2["visit_groups"][sp.id], 3)
        self.assertAlmostEqual(f1["satisfaction"][sp.id], 80.0)
        self.assertAlmostEqual(f2["satisfaction"][sp.id], 50.0)
        self.assertAlmostEqual(f1["key_account_visits"][sp.id], 0.0)
        self.assertAlmostEqual(f2["key_account_visits"][sp.id], 100.0)
        # company scope: each company its own revenue
        by_company = Kpi._fetch_figures(
            ["revenue"], "company", self.company2, self.date_from, self.date_to, company=self.company2
        )["revenue"]
        self.assertAlmostEqual(by_company[self.company2.id], 50000)
        # team scope: company 2's team has company 2's figures only
        team = Kpi._fetch_figures(
            ["revenue", "satisfaction"],
            "team",
            self.team | self.team2,
            self.date_from,
            self.date_to,
            company=self.company2,
        )
        self.assertAlmostEqual(team["revenue"][self.team2.id], 50000)
        self.assertNotIn(self.team.id, team["revenue"])
        self.assertAlmostEqual(team["satisfaction"][self.team2.id], 50.0)

    def test_targets_achieved_per_company(self):
        targets = self.target1 | self.target2
        targets.invalidate_recordset()
        self.assertAlmostEqual(self.target1.amount_achieved, 100000)
        self.assertAlmostEqual(self.target1.collection_achieved, 40000)
        self.assertEqual(self.target1.new_customer_achieved, 1)
        self.assertAlmostEqual(self.target2.amount_achieved, 50000)
        self.assertAlmostEqual(self.target2.collection_achieved, 7000)
        self.assertEqual(self.target2.new_customer_achieved, 2)
        # One car per order: company 1 sold one in the quarter, company 2 two.
        self.assertAlmostEqual(self.target1.unit_achieved, 1)
        self.assertAlmostEqual(self.target2.unit_achieved, 2)
        self.assertAlmostEqual(self.target1.progress, 100.0)
        self.assertAlmostEqual(self.target2.progress, 100.0)

    def test_appraisals_per_company_alone_and_in_one_batch(self):
        c1, c2 = self._appraisals()
        c1.action_compute()
        self._assert_actuals(c1, self.company)
        c2.action_compute()
        self._assert_actuals(c2, self.company2)
        # targets from each company's own sales.target
        revenue = {
            a: a.line_ids.filtered(lambda line: line.kpi_id.metric == "revenue_completion") for a in (c1, c2)
        }
        self.assertAlmostEqual(revenue[c1].target, 100000)
        self.assertAlmostEqual(revenue[c2].target, 50000)
        alone = {
            name: (self._actuals(a), a.line_ids.mapped("score"), a.total_score)
            for name, a in (("c1", c1), ("c2", c2))
        }
        (c1 | c2).unlink()  # one appraisal per person and period: appraise them again in one batch
        # one batch with both companies: the same figures
        batch_c1, batch_c2 = self._appraisals()
        (batch_c1 | batch_c2).action_compute()
        for appraisal, company, single in ((batch_c1, self.company, "c1"), (batch_c2, self.company2, "c2")):
            self._assert_actuals(appraisal, company)
            actuals, scores, total = alone[single]
            self.assertEqual(self._actuals(appraisal), actuals)
            self.assertEqual(appraisal.line_ids.mapped("score"), scores)
            self.assertAlmostEqual(appraisal.total_score, total)
        self.assertNotAlmostEqual(batch_c1.total_score, batch_c2.total_score)

    def test_query_count_grows_with_companies_not_appraisals(self):
        """A batch costs a fixed number of queries per (company, subject, period):
        a batch mixing two companies costs two such sets, whatever the number
        of appraisals in each."""
        users = self.env["res.users"].create(
            [
                {
                    "name": "SPM Two-Company Bulk %s" % i,
                    "login": "spm_two_company_bulk_%s" % i,
                    "company_id": self.company.id,
                    "company_ids": [Command.set((self.company | self.company2).ids)],
                    "groups_id": [Command.link(self.env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(20)
            ]
        )

        def appraisals(people):
            vals = []
            for user in people:
                vals.append(
                    {
                        "user_id": user.id,
                        "team_id": self.team.id,
                        "template_id": self.full_template.id,
                        "date_from": self.date_from,
                        "date_to": self.date_to,
                    }
                )
                vals.append(
                    {
                        "user_id": user.id,
                        "team_id": self.team2.id,
                        "company_id": self.company2.id,
                        "template_id": self.full_template.id,
                        "date_from": self.date_from,
                        "date_to": self.date_to,
                    }
                )
            return self.env["sales.appraisal"].create(vals)

        small, large = appraisals(users[:1]), appraisals(users[1:])
        self.env.flush_all()
        self._appraisals()[0].action_compute()  # warm Odoo's caches (access rules, translations)
        # the first compute writes every figure and schedules each person's activity
        small.action_compute()
        large.action_compute()
        small.action_compute()  # warm the caches of a recompute
        counts = []
        for batch in (small, large):
            with self.assertQueryCount(QUERIES_PER_RECOMPUTE):
                self.env.invalidate_all()
                before = self.cr.sql_log_count
                batch.action_compute()
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - before)
        self.assertGreater(counts[0], 0)
        self.assertEqual(counts[0], counts[1], "2 and 38 appraisals over two companies")
        self.assertEqual(len(large), 38)
