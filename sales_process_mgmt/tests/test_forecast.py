"""Forecast: target, achieved, weighted potential and shortage per team, salesperson and period.

A crafted quarter (2032 Q1, a leap year: January 31, February 29, March 31
days) far from the demo data, so the figures come from the records built here.
"""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_appraisal_common import AppraisalCommon

MARCH = date(2032, 3, 1)
FEBRUARY = date(2032, 2, 1)
JANUARY = date(2032, 1, 1)


class ForecastCommon(AppraisalCommon):
    """The crafted quarter (no test here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Target = cls.env["sales.target"]
        cls.Report = cls.env["sales.forecast.report"]
        cls.leader_b = new_test_user(
            cls.env,
            "spm_fc_leader_b",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Lena Leader B",
            company_id=cls.company.id,
        )
        cls.salesperson_b = new_test_user(
            cls.env,
            "spm_fc_salesperson_b",
            groups="sales_team.group_sale_salesman",
            name="Bob Salesperson B",
            company_id=cls.company.id,
        )
        cls.team_b = cls.env["crm.team"].create(
            {
                "name": "SPM Forecast Team B",
                "company_id": cls.company.id,
                "user_id": cls.leader_b.id,
                "member_ids": [(6, 0, cls.salesperson_b.ids)],
            }
        )
        cls.teams = cls.team | cls.team_b
        # March: a team target split into its two salespeople, 10,000 left unassigned
        cls.team_march = Target.create(
            {
                "name": "SPM Team March 2032",
                "scope": "team",
                "team_id": cls.team.id,
                "period_type": "month",
                "date_from": MARCH,
                "date_to": date(2032, 3, 31),
                "amount_target": 160000.0,
            }
        )
        cls.sp_march = cls._month_target(cls.salesperson, 100000.0, parent=cls.team_march)
        cls.sp2_march = cls._month_target(cls.salesperson2, 50000.0, parent=cls.team_march)
        # a quarter target, spread over its months by days: 31,000 / 29,000 / 31,000
        cls.b_quarter = Target.create(
            {
                "name": "SPM B Q1 2032",
                "scope": "user",
                "user_id": cls.salesperson_b.id,
                "team_id": cls.team_b.id,
                "period_type": "quarter",
                "date_from": JANUARY,
                "date_to": date(2032, 3, 31),
                "amount_target": 91000.0,
            }
        )
        partner = cls._partner("SPM Forecast Customer")
        cls._order(cls.salesperson, partner, 40000.0, date(2032, 3, 10))
        cls._order(cls.salesperson, partner, 99999.0, date(2032, 4, 1))  # next quarter
        cls._order(cls.salesperson, partner, 77777.0, date(2032, 3, 12), state="draft")
        cls._order(cls.salesperson, partner, 66666.0, date(2032, 3, 13), state="cancel")
        cls._order(cls.salesperson2, partner, 20000.0, date(2032, 3, 31))
        cls._order(cls.salesperson2, partner, 5000.0, date(2032, 2, 10))  # no February target
        # open opportunities: in March, in April, without a closing date; won and lost ones
        cls._opportunity(cls.salesperson, 50000.0, 50.0, date(2032, 3, 15))
        cls._opportunity(cls.salesperson, 30000.0, 50.0, date(2032, 4, 5))
        cls.undated = cls._opportunity(cls.salesperson, 70000.0, 20.0, False)
        cls._opportunity(cls.salesperson, 90000.0, 80.0, date(2032, 3, 20)).action_set_won()
        cls._opportunity(cls.salesperson, 90000.0, 80.0, date(2032, 3, 21)).action_set_lost()
        # probability 0, as predictive lead scoring gives without won/lost history
        cls._opportunity(cls.salesperson2, 80000.0, 0.0, date(2032, 3, 25))

    @classmethod
    def _month_target(cls, user, amount, parent=None, team=None, day=MARCH):
        team = team or cls.team
        return cls.env["sales.target"].create(
            {
                "company_id": team.company_id.id,
                "name": "SPM %s %s" % (user.name, day),
                "scope": "user",
                "user_id": user.id,
                "team_id": team.id,
                "period_type": "month",
                "date_from": day,
                "date_to": day.replace(day=28 if day.month == 2 else 31),
                "amount_target": amount,
                "parent_id": parent.id if parent else False,
            }
        )

    @classmethod
    def _opportunity(cls, user, revenue, probability, deadline, team=None, company=None):
        return cls.env["crm.lead"].create(
            {
                "name": "SPM Forecast Deal %s" % revenue,
                "type": "opportunity",
                "user_id": user.id,
                "team_id": (team or cls.team).id,
                "company_id": (company or cls.company).id,
                "expected_revenue": revenue,
                "probability": probability,
                "date_deadline": deadline,
            }
        )

    def _figures(self, env_user=None, groupby=("user_id",), domain=None):
        """{group key: {measure: value}} of the report read as ``env_user``."""
        report = self.Report.with_user(env_user) if env_user else self.Report
        measures = [
            "amount_target",
            "amount_achieved",
            "potential",
            "pipeline_amount",
            "opportunity_count",
            "shortage",
            "shortage_percent",
            "progress",
        ]
        groups = report._read_group(
            domain if domain is not None else [("date", "=", MARCH), ("team_id", "in", self.teams.ids)],
            list(groupby),
            [f"{name}:sum" for name in measures],
        )
        result = {}
        for row in groups:
            keys = row[: len(groupby)]
            key = keys[0] if len(keys) == 1 else keys
            result[key] = dict(zip(measures, row[len(groupby) :], strict=True))
        return result

    def assertFigures(self, figures, **expected):
        for name, value in expected.items():
            self.assertAlmostEqual(figures[name], value, places=2, msg=name)


@tagged("post_install", "-at_install")
class TestForecast(ForecastCommon):
    def test_figures_per_salesperson(self):
        figures = self._figures()
        self.assertFigures(
            figures[self.salesperson],
            amount_target=100000,
            amount_achieved=40000,
            potential=25000,
            pipeline_amount=50000,
            opportunity_count=1,
            shortage=35000,
            shortage_percent=35,
            progress=40,
        )
        # probability 0: no weighted potential, the open amount is in the pipeline
        self.assertFigures(
            figures[self.salesperson2],
            amount_target=50000,
            amount_achieved=20000,
            potential=0,
            pipeline_amount=80000,
            opportunity_count=1,
            shortage=30000,
            shortage_percent=60,
        )
        # the unassigned part of the team target has no salesperson
        self.assertFigures(
            figures[self.env["res.users"]], amount_target=10000, shortage=10000, shortage_percent=100
        )
        self.assertFigures(
            figures[self.salesperson_b],
            amount_target=31000,
            amount_achieved=0,
            shortage=31000,
            shortage_percent=100,
        )

    def test_figures_per_team_add_up(self):
        by_team = self._figures(groupby=("team_id",))
        self.assertFigures(
            by_team[self.team],
            amount_target=160000,
            amount_achieved=60000,
            potential=25000,
            pipeline_amount=130000,
            shortage=75000,
            shortage_percent=46.875,
            progress=37.5,
        )
        self.assertFigures(by_team[self.team_b], amount_target=31000, shortage=31000)
        nested = self._figures(groupby=("team_id", "user_id"))
        self.assertFigures(nested[(self.team, self.salesperson)], shortage=35000, shortage_percent=35)
        self.assertFigures(nested[(self.team_b, self.salesperson_b)], amount_target=31000)
        total = self.Report._read_group(
            [("date", "=", MARCH), ("team_id", "in", self.teams.ids)],
            [],
            ["amount_target:sum", "shortage:sum", "shortage_percent:sum"],
        )[0]
        self.assertAlmostEqual(total[0], 191000)
        self.assertAlmostEqual(total[1], 106000)
        self.assertAlmostEqual(total[2], 106000 / 191000 * 100)

    def test_achieved_is_the_targets_achieved(self):
        """One definition of achieved: the report agrees with sales.target's figure."""
        by_user = self._figures()
        by_team = self._figures(groupby=("team_id",))
        self.assertAlmostEqual(by_user[self.salesperson]["amount_achieved"], self.sp_march.amount_achieved)
        self.assertAlmostEqual(by_user[self.salesperson2]["amount_achieved"], self.sp2_march.amount_achieved)
        self.assertAlmostEqual(by_team[self.team]["amount_achieved"], self.team_march.amount_achieved)

    def test_quarter_and_periods(self):
        """A quarter is the sum of its months; potential falls in the month of the closing date."""
        quarter = [
            ("date", ">=", JANUARY),
            ("date", "<", date(2032, 4, 1)),
            ("team_id", "in", self.teams.ids),
        ]
        figures = self._figures(domain=quarter)
        self.assertFigures(figures[self.salesperson_b], amount_target=91000, shortage=91000)
        self.assertFigures(
            figures[self.salesperson], amount_target=100000, amount_achieved=40000, potential=25000
        )
        by_month = self._figures(groupby=("user_id", "date:month"), domain=quarter)
        self.assertFigures(by_month[(self.salesperson_b, JANUARY)], amount_target=31000)
        self.assertFigures(by_month[(self.salesperson_b, FEBRUARY)], amount_target=29000)
        # zero target: the shortage is negative, its percentage 0, nothing divides by zero
        self.assertFigures(
            by_month[(self.salesperson2, FEBRUARY)],
            amount_target=0,
            amount_achieved=5000,
            shortage=-5000,
            shortage_percent=0,
            progress=0,
        )
        april = self._figures(domain=[("date", "=", date(2032, 4, 1)), ("team_id", "in", self.teams.ids)])
        self.assertFigures(
            april[self.salesperson], amount_target=0, amount_achieved=99999, potential=15000, shortage=-114999
        )
        # without a closing date: on a row without a period
        undated = self._figures(domain=[("date", "=", False), ("user_id", "=", self.salesperson.id)])
        self.assertFigures(
            undated[self.salesperson], potential=14000, pipeline_amount=70000, opportunity_count=1
        )
        self.undated.date_deadline = date(2032, 3, 2)
        self.env.flush_all()
        self.assertFigures(
            self._figures()[self.salesperson], potential=39000, opportunity_count=2, shortage=21000
        )

    def test_salesperson_sees_own_rows(self):
        rows = self.Report.with_user(self.salesperson).search([("date", "=", MARCH)])
        self.assertTrue(rows)
        self.assertEqual(rows.user_id, self.salesperson)
        figures = self._figures(self.salesperson, groupby=("team_id",))
        self.assertEqual(list(figures), [self.team])
        self.assertFigures(figures[self.team], amount_target=100000, shortage=35000)
        peer_row = self.Report.search([("date", "=", MARCH), ("user_id", "=", self.salesperson2.id)])
        with self.assertRaises(AccessError):
            peer_row.with_user(self.salesperson).read(["amount_target"])
        with self.assertRaises(AccessError):
            self.Report.with_user(self.salesperson).create({"amount_target": 1.0})
        with self.assertRaises(AccessError):
            rows.with_user(self.salesperson).write({"amount_target": 1.0})
        with self.assertRaises(AccessError):
            rows.with_user(self.salesperson).unlink()

    def test_leader_sees_the_team(self):
        figures = self._figures(self.leader)
        self.assertEqual(set(figures), {self.salesperson, self.salesperson2, self.env["res.users"]})
        by_team = self._figures(self.leader, groupby=("team_id",))
        self.assertEqual(list(by_team), [self.team])
        self.assertFigures(by_team[self.team], amount_target=160000, shortage=75000)
        self.assertEqual(list(self._figures(self.leader_b, groupby=("team_id",))), [self.team_b])
        director = self._figures(self.director, groupby=("team_id",))
        self.assertEqual(set(director), {self.team, self.team_b})

    def test_companies_are_isolated(self):
        self._month_target(self.other_user, 70000.0, team=self.team2)
        self._order(
            self.other_user,
            self._partner("SPM Other Customer"),
            12000.0,
            date(2032, 3, 5),
            team=self.team2,
            company=self.company2,
        )
        self._opportunity(
            self.other_user, 10000.0, 50.0, date(2032, 3, 6), team=self.team2, company=self.company2
        )
        self.env.flush_all()
        domain = [("date", "=", MARCH)]
        other = self._figures(self.other_user, groupby=("company_id",), domain=domain)
        self.assertEqual(list(other), [self.company2])
        self.assertFigures(
            other[self.company2], amount_target=70000, amount_achieved=12000, potential=5000, shortage=53000
        )
        director = self._figures(self.director, groupby=("company_id",), domain=domain)
        self.assertNotIn(self.company2, director)
        rows = self.Report.search([("company_id", "=", self.company2.id), ("date", "=", MARCH)])
        self.assertEqual(rows.currency_id, self.company2.currency_id)
        with self.assertRaises(AccessError):
            rows.with_user(self.director).read(["amount_target"])

    def test_foreign_currency_order_counts_in_company_currency(self):
        foreign = self.env.ref(
            "base.CNY" if self.company.currency_id != self.env.ref("base.CNY") else "base.EUR"
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "rate": 4.0,
                "name": date(2031, 12, 1),
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "SPM Forecast Foreign",
                "currency_id": foreign.id,
                "company_id": self.company.id,
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self._partner("SPM Foreign Customer").id,
                "user_id": self.salesperson_b.id,
                "team_id": self.team_b.id,
                "pricelist_id": pricelist.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.car_sedan.id,
                            "product_uom_qty": 1,
                            "price_unit": 40000.0,
                            "tax_id": False,
                        }
                    )
                ],
            }
        )
        order.write({"state": "sale", "date_order": datetime(2032, 3, 5, 10, 0)})
        self.assertEqual(order.currency_id, foreign)
        self.assertAlmostEqual(order.currency_rate, 4.0)
        self.env.flush_all()
        figures = self._figures()[self.salesperson_b]
        self.assertFigures(figures, amount_achieved=10000, shortage=21000)
        self.assertEqual(
            self.Report.search([("user_id", "=", self.salesperson_b.id)]).currency_id,
            self.company.currency_id,
        )
        self.assertAlmostEqual(self.b_quarter.amount_achieved, 10000)

    def test_target_for_one_model_details_the_general_one(self):
        """A target for one model is not added to its owner's target for every model."""
        self._month_target(self.salesperson, 30000.0).product_tmpl_id = self.car_sedan.product_tmpl_id
        february = self._month_target(self.salesperson2, 8000.0, day=FEBRUARY)
        february.product_tmpl_id = self.car_suv.product_tmpl_id
        self.env.flush_all()
        self.assertFigures(self._figures()[self.salesperson], amount_target=100000)
        # alone in its month, it is the owner's target
        feb = self._figures(domain=[("date", "=", FEBRUARY), ("user_id", "=", self.salesperson2.id)])
        self.assertFigures(feb[self.salesperson2], amount_target=8000, amount_achieved=5000, shortage=3000)

    def test_year_split_into_some_months(self):
        """A split plan counts each figure once; what is not split yet goes to the months left."""
        Target = self.env["sales.target"]
        year = Target.create(
            {
                "name": "SPM B 2033",
                "scope": "team",
                "team_id": self.team_b.id,
                "period_type": "year",
                "date_from": date(2033, 1, 1),
                "date_to": date(2033, 12, 31),
                "amount_target": 365000.0,
            }
        )
        Target.create(
            {
                "name": "SPM B January 2033",
                "scope": "team",
                "team_id": self.team_b.id,
                "period_type": "month",
                "date_from": date(2033, 1, 1),
                "date_to": date(2033, 1, 31),
                "amount_target": 31000.0,
                "parent_id": year.id,
            }
        )
        self.env.flush_all()
        domain = [
            ("team_id", "=", self.team_b.id),
            ("date", ">=", date(2033, 1, 1)),
            ("date", "<", date(2034, 1, 1)),
        ]
        months = {
            day: values
            for (__, day), values in self._figures(groupby=("team_id", "date:month"), domain=domain).items()
        }
        self.assertAlmostEqual(months[date(2033, 1, 1)]["amount_target"], 31000)
        # the 334,000 left over the 334 days of February to December
        self.assertAlmostEqual(months[date(2033, 2, 1)]["amount_target"], 28000)
        self.assertAlmostEqual(months[date(2033, 12, 1)]["amount_target"], 31000)
        self.assertAlmostEqual(sum(v["amount_target"] for v in months.values()), 365000)
        # split into every month by the wizard: each month is its target, the year its amount
        year.child_ids.unlink()
        self.env["sales.target.split"].create(
            {"target_id": year.id, "mode": "period", "child_period": "month"}
        ).action_split()
        self.assertEqual(len(year.child_ids), 12)
        self.env.flush_all()
        months = {
            day: values
            for (__, day), values in self._figures(groupby=("team_id", "date:month"), domain=domain).items()
        }
        for child in year.child_ids:
            self.assertAlmostEqual(months[child.date_from]["amount_target"], child.amount_target, places=2)
        self.assertAlmostEqual(sum(v["amount_target"] for v in months.values()), 365000, places=2)
