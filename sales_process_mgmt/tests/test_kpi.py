"""KPI library: the model's scoring and every data-derived figure on crafted data."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestKpi(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p_new = cls._partner("SPM New Customer")
        cls.p_old = cls._partner("SPM Old Customer")
        cls.p_draft = cls._partner("SPM Quotation Only")
        cls.p_sp2 = cls._partner("SPM Customer of Sally")
        # salesperson: 100,000 (new customer) + 200,000 + 1,000 (old customer) in Q1
        cls._order(cls.salesperson, cls.p_new, 100000, date(2031, 1, 15))
        cls._order(cls.salesperson, cls.p_old, 50000, date(2030, 12, 20))
        cls._order(cls.salesperson, cls.p_old, 200000, date(2031, 2, 10))
        cls._order(cls.salesperson, cls.p_old, 1000, date(2031, 3, 31))
        # not revenue: a quotation, a cancelled order, an order of the next quarter
        cls._order(cls.salesperson, cls.p_draft, 999, date(2031, 3, 1), state="draft")
        cls._order(cls.salesperson, cls.p_draft, 777, date(2031, 3, 2), state="cancel")
        cls._order(cls.salesperson, cls.p_old, 5000, date(2031, 4, 1))
        # salesperson2: one new customer; the new customer of salesperson buys from her later
        cls._order(cls.salesperson2, cls.p_sp2, 80000, date(2031, 2, 1))
        cls._order(cls.salesperson2, cls.p_new, 20000, date(2031, 3, 10))
        cls.users = cls.salesperson | cls.salesperson2

    def _figures(self, names, scope="user", keys=None):
        return self.env["sales.kpi"]._fetch_figures(
            names, scope, keys if keys is not None else self.users, self.date_from, self.date_to
        )

    def test_kpi_score_follows_the_curve_and_its_settings(self):
        kpi = self.kpi_revenue
        self.assertEqual(kpi._score(110, 100), 113.0)
        self.assertEqual(kpi._score(90, 100), 97.0)
        self.assertEqual(kpi._score(0, 0), 100.0)
        self.assertEqual(kpi._score(10, 0), kpi.score_cap)
        kpi.write({"bonus_per_pct": 2.0, "score_cap": 115.0})
        self.assertEqual(kpi._score(105, 100), 110.0)
        self.assertEqual(kpi._score(200, 100), 115.0)
        expense = self.env.ref("sales_process_mgmt.sales_kpi_expense_variance")
        # 10 points over budget is worse; 10 points under is better
        self.assertEqual(expense._score(10, 0), 97.0)
        self.assertEqual(expense._score(-10, 0), 113.0)

    def test_kpi_code_is_unique(self):
        with self.assertRaisesRegex(ValidationError, "already used"):
            self.env["sales.kpi"].create({"name": "Copy", "code": self.kpi_revenue.code, "metric": "manual"})

    def test_shipped_library_documents_each_kpi(self):
        kpis = self.env["sales.kpi"].search([("code", "!=", False)])
        metrics = set(kpis.mapped("metric"))
        self.assertLessEqual(
            {
                "revenue_completion",
                "collection_rate",
                "new_customer_rate",
                "satisfaction",
                "plan_accuracy",
                "plan_timeliness",
                "a_card_conversion",
                "expense_variance",
            },
            metrics,
        )
        for kpi in kpis.filtered(
            lambda k: (
                k.id
                in self.env["ir.model.data"]
                .search([("model", "=", "sales.kpi"), ("module", "=", "sales_process_mgmt")])
                .mapped("res_id")
            )
        ):
            self.assertTrue(kpi.description, kpi.code)
        self.assertEqual(self.env.ref("sales_process_mgmt.sales_kpi_expense_variance").direction, "lower")

    def test_revenue_is_untaxed_confirmed_orders_by_order_date(self):
        figures = self._figures(["revenue"])
        self.assertAlmostEqual(figures["revenue"][self.salesperson.id], 301000.0)
        self.assertAlmostEqual(figures["revenue"][self.salesperson2.id], 100000.0)

    def test_revenue_in_company_currency(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        other = eur if self.company.currency_id != eur else self.env.ref("base.USD")
        other.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": other.id,
                "name": date(2031, 1, 1),
                "rate": 2.0,
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "SPM other currency", "currency_id": other.id}
        )
        partner = self._partner("SPM Foreign Buyer")
        order = self._order(self.salesperson2, partner, 0, date(2031, 1, 5))
        order.write({"state": "draft"})
        order.write({"pricelist_id": pricelist.id})
        order.order_line.price_unit = 5000.0
        order.write({"state": "sale", "currency_rate": 2.0})
        figures = self._figures(["revenue"], keys=self.salesperson2)
        # 5,000 in a currency at 2 per company unit = 2,500 company currency
        self.assertAlmostEqual(figures["revenue"][self.salesperson2.id], 102500.0)

    def test_new_customers_first_confirmed_order_ever(self):
        figures = self._figures(["new_customers"])
        # p_new's first order is salesperson's; p_old bought before the period
        self.assertEqual(figures["new_customers"].get(self.salesperson.id), 1)
        # p_sp2 is new for salesperson2; p_new is not hers (its first order is salesperson's)
        self.assertEqual(figures["new_customers"].get(self.salesperson2.id), 1)

    def test_team_and_company_scope(self):
        figures = self._figures(["revenue"], scope="team", keys=self.team)
        self.assertAlmostEqual(figures["revenue"][self.team.id], 401000.0)
        figures = self._figures(["new_customers"], scope="team", keys=self.team)
        self.assertEqual(figures["new_customers"][self.team.id], 2)

    def test_collections_are_amounts_paid_on_posted_invoices_in_the_period(self):
        partner = self._partner("SPM Paying Customer")
        self._invoice(self.salesperson, partner, 100000, date(2031, 1, 20), paid=60000)
        self._invoice(self.salesperson, partner, 50000, date(2031, 2, 20))
        self._invoice(self.salesperson, partner, 10000, date(2031, 3, 5), paid=10000, move_type="out_refund")
        self._invoice(self.salesperson, partner, 30000, date(2030, 12, 1), paid=30000)
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_user_id": self.salesperson.id,
                "invoice_date": date(2031, 1, 21),
                "invoice_line_ids": [(0, 0, {"name": "Draft", "quantity": 1, "price_unit": 9999})],
            }
        )
        figures = self._figures(["collected"])
        # 60,000 paid, nothing on the open invoice, -10,000 refunded
        self.assertAlmostEqual(figures["collected"][self.salesperson.id], 50000.0)
        self.assertNotIn(self.salesperson2.id, figures["collected"])

    def test_figures_without_keys_cost_nothing(self):
        with self.assertQueryCount(0):
            figures = self._figures(["revenue", "collected"], keys=self.env["res.users"])
        self.assertEqual(figures, {"revenue": {}, "collected": {}})
