# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Targets and their achievement on the daily report, on a crafted data set: a month
target for a model, one for every model, a target straddling two months, a zero target,
a split across models, a per-model target that details a target for every model, a team
target; grouped by month, week and quarter; the same achievement as the target views;
who sees the team's target."""

from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import tagged

from .common import SpmCardsCommon

FIGURES = [
    "unit_target",
    "units_sold",
    "unit_achievement",
    "amount_target",
    "revenue",
    "revenue_achievement",
]


def _days(start, end):
    return (end - start).days + 1


@tagged("post_install", "-at_install")
class TestDailyReportTargets(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.p1 = Product.create({"name": "Target Sedan", "type": "consu"})
        cls.p2 = Product.create({"name": "Target SUV", "type": "consu"})
        cls.care = Product.create({"name": "Target Care Pack", "type": "service"})
        cls.m1, cls.m2 = cls.p1.product_tmpl_id, cls.p2.product_tmpl_id
        sp1, sp2 = cls.salesperson, cls.salesperson2
        Target = cls.env["sales.target"]

        def target(name, user, start, end, units, amount, model=None, **values):
            vals = {
                "name": name,
                "scope": "user",
                "user_id": user.id,
                "team_id": cls.team.id,
                "period_type": "month",
                "date_from": start,
                "date_to": end,
                "unit_target": units,
                "amount_target": amount,
                "product_tmpl_id": model and model.id,
            }
            vals.update(values)
            return Target.create(vals)

        # sp1: March for the sedan (1 unit and 10,000 a day), April for every model (1 a day),
        # and an April target for the sedan that details the April target: not added to it
        cls.t_march_m1 = target(
            "Sp1 March sedan", sp1, date(2031, 3, 1), date(2031, 3, 31), 31, 310000, cls.m1
        )
        cls.t_april = target("Sp1 April", sp1, date(2031, 4, 1), date(2031, 4, 30), 30, 300000)
        cls.t_april.action_confirm()  # draft and confirmed targets both count
        cls.t_april_m1 = target(
            "Sp1 April sedan", sp1, date(2031, 4, 1), date(2031, 4, 30), 10, 100000, cls.m1
        )
        # sp2: the SUV from March 17 to April 15 (30 days: 15 in each month), a zero target in May,
        # June for every model split across models (20 + 5 of 30: 5 left on no model)
        cls.t_straddle = target("Sp2 SUV", sp2, date(2031, 3, 17), date(2031, 4, 15), 30, 600000, cls.m2)
        cls.t_zero = target("Sp2 May", sp2, date(2031, 5, 1), date(2031, 5, 31), 0, 0)
        cls.t_june = target("Sp2 June", sp2, date(2031, 6, 1), date(2031, 6, 30), 30, 300000)
        target(
            "Sp2 June sedan",
            sp2,
            date(2031, 6, 1),
            date(2031, 6, 30),
            20,
            200000,
            cls.m1,
            parent_id=cls.t_june.id,
        )
        target(
            "Sp2 June SUV",
            sp2,
            date(2031, 6, 1),
            date(2031, 6, 30),
            5,
            50000,
            cls.m2,
            parent_id=cls.t_june.id,
        )
        # the team's March target, on a row without salesperson
        cls.t_team = Target.create(
            {
                "name": "Team March",
                "scope": "team",
                "team_id": cls.team.id,
                "date_from": date(2031, 3, 1),
                "date_to": date(2031, 3, 31),
                "unit_target": 62,
                "amount_target": 620000,
            }
        )
        # orders: sp1 two sedans and a care pack on March 10, an SUV on April 2 (counted by
        # the April target for every model); a draft order does not count; sp2 an SUV on March 20
        cls._order(sp1, {cls.p1: (2, 100000.0), cls.care: (1, 3000.0)}, date(2031, 3, 10))
        cls._order(sp1, {cls.p2: (1, 200000.0)}, date(2031, 4, 2))
        cls._order(sp1, {cls.p1: (5, 100000.0)}, date(2031, 3, 11), state="draft")
        cls._order(sp2, {cls.p2: (1, 210000.0)}, date(2031, 3, 20))
        cls._order(sp2, {cls.p2: (1, 220000.0)}, date(2031, 5, 6))
        cls.env.flush_all()
        cls.base = [("user_id", "in", (sp1 | sp2).ids)]

    @classmethod
    def _order(cls, user, lines, day, state="sale"):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": user.id,
                "team_id": cls.team.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": False,
                        }
                    )
                    for product, (qty, price) in lines.items()
                ],
            }
        )
        order.write(
            {"state": state, "date_order": datetime.combine(day, datetime.min.time().replace(hour=3))}
        )
        return order

    def _groups(self, groupby, domain=(), user=None, base=True):
        Report = self.env["sales.daily.report"]
        if user:
            Report = Report.with_user(user)
        domain = (self.base if base else []) + list(domain)
        rows = Report._read_group(domain, groupby, [f"{f}:sum" for f in FIGURES])
        return {
            tuple(row[: len(groupby)]): dict(zip(FIGURES, row[len(groupby) :], strict=True)) for row in rows
        }

    def _assert_figures(self, figures, expected, msg=None):
        for fname, value in expected.items():
            self.assertAlmostEqual(figures[fname], value, places=4, msg=f"{fname}: {msg or ''}")

    def test_month_per_salesperson_and_model(self):
        sp1, sp2 = self.salesperson, self.salesperson2
        groups = self._groups(["user_id", "intended_model_id", "date:month"])
        march, april, may, june = (date(2031, m, 1) for m in (3, 4, 5, 6))
        self._assert_figures(
            groups[(sp1, self.m1, march)],
            {
                "unit_target": 31,
                "units_sold": 2,
                "unit_achievement": 2 / 31 * 100,
                "amount_target": 310000,
                "revenue": 200000,
                "revenue_achievement": 200000 / 310000 * 100,
            },
            "the March sedan target spread over March, beside the sedans sold",
        )
        # the care pack is revenue of its own product, not a unit (a service)
        care = groups[(sp1, self.care.product_tmpl_id, march)]
        self._assert_figures(
            care, {"unit_target": 0, "units_sold": 0, "revenue": 3000, "unit_achievement": 0}
        )
        # April: the target for every model is on the row without a model; the sedan's April
        # target details it and is not added; the SUV sold is on the SUV's row
        empty = self.env["product.template"]
        self._assert_figures(groups[(sp1, empty, april)], {"unit_target": 30, "amount_target": 300000})
        self.assertNotIn((sp1, self.m1, april), groups, "the detailing sedan target is left out")
        self._assert_figures(
            groups[(sp1, self.m2, april)], {"unit_target": 0, "units_sold": 1, "unit_achievement": 0}
        )
        # the straddling target: 15 days in March, 15 in April
        self._assert_figures(
            groups[(sp2, self.m2, march)],
            {"unit_target": 15, "amount_target": 300000, "units_sold": 1, "unit_achievement": 100 / 15},
        )
        self._assert_figures(groups[(sp2, self.m2, april)], {"unit_target": 15, "units_sold": 0})
        # the zero target: no target figure, a zero denominator gives 0 %
        self._assert_figures(
            groups[(sp2, self.m2, may)],
            {"unit_target": 0, "units_sold": 1, "unit_achievement": 0, "revenue_achievement": 0},
        )
        self.assertNotIn((sp2, empty, may), groups, "a zero target adds no row")
        # the split June target: the children on their models, the rest on no model
        self._assert_figures(groups[(sp2, self.m1, june)], {"unit_target": 20, "amount_target": 200000})
        self._assert_figures(groups[(sp2, self.m2, june)], {"unit_target": 5, "amount_target": 50000})
        self._assert_figures(groups[(sp2, empty, june)], {"unit_target": 5, "amount_target": 50000})
        by_user = self._groups(["user_id", "date:month"])
        self._assert_figures(
            by_user[(sp2, june)], {"unit_target": 30, "amount_target": 300000}, "a split counts once"
        )
        # sp1's April: the target for every model against everything sold
        self._assert_figures(
            by_user[(sp1, april)],
            {"unit_target": 30, "units_sold": 1, "unit_achievement": 100 / 30, "revenue": 200000},
        )

    def test_week_and_quarter(self):
        sp2 = self.salesperson2
        start, end = self.t_straddle.date_from, self.t_straddle.date_to
        weeks = self._groups(
            ["user_id", "intended_model_id", "date:week"], [("intended_model_id", "=", self.m2.id)]
        )
        total = 0.0
        for (user, _model, week), figures in weeks.items():
            if user != sp2 or not start - timedelta(days=6) <= week <= end:
                continue
            days = max(0, _days(max(week, start), min(week + timedelta(days=6), end)))
            self.assertAlmostEqual(figures["unit_target"], days * 1.0, places=4, msg=f"week of {week}")
            total += figures["unit_target"]
        self.assertAlmostEqual(total, 30, places=4, msg="the weeks add up to the target")
        days = self._groups(["user_id", "date:day"], [("intended_model_id", "=", self.m2.id)])
        self.assertAlmostEqual(days[(sp2, date(2031, 3, 17))]["unit_target"], 1.0, places=4)
        self.assertAlmostEqual(
            sum(
                figures["unit_target"] for (user, day), figures in days.items() if user == sp2 and day <= end
            ),
            30,
            places=4,
        )
        quarters = self._groups(["user_id", "date:quarter"])
        # sp1, Q1: the March sedan target; Q2: April for every model (its sedan detail not added)
        self._assert_figures(
            quarters[(self.salesperson, date(2031, 1, 1))], {"unit_target": 31, "units_sold": 2}
        )
        self._assert_figures(
            quarters[(self.salesperson, date(2031, 4, 1))], {"unit_target": 30, "units_sold": 1}
        )
        # sp2, Q2: half the SUV target, the zero May target, June's 30
        self._assert_figures(quarters[(sp2, date(2031, 4, 1))], {"unit_target": 45, "units_sold": 1})

    def test_date_filter_takes_the_days_inside(self):
        # ten days of March: a third of the sedan target (and its held-cards path: grouped by user)
        groups = self._groups(
            ["user_id"],
            [
                ("date", ">=", date(2031, 3, 1)),
                ("date", "<=", date(2031, 3, 10)),
                ("intended_model_id", "=", self.m1.id),
            ],
        )
        self._assert_figures(
            groups[(self.salesperson,)], {"unit_target": 10, "units_sold": 2, "revenue": 200000}
        )
        rows = self.env["sales.daily.report"].search(
            self.base + [("date", "=", date(2031, 3, 5)), ("intended_model_id", "=", self.m1.id)]
        )
        self.assertEqual(len(rows), 1, "a quiet day carries the day's share of the target")
        self.assertAlmostEqual(rows.unit_target, 1.0)
        self.assertFalse(rows.has_events)

    def test_same_achievement_as_the_target_views(self):
        for target in (self.t_march_m1, self.t_april, self.t_straddle, self.t_zero):
            domain = [
                ("user_id", "=", target.user_id.id),
                ("date", ">=", target.date_from),
                ("date", "<=", target.date_to),
            ]
            if target.product_tmpl_id:
                domain.append(("intended_model_id", "=", target.product_tmpl_id.id))
            figures = self._groups([], domain, base=False)[()]
            self.assertAlmostEqual(figures["units_sold"], target.unit_achieved, places=4, msg=target.name)
            self.assertAlmostEqual(figures["revenue"], target.amount_achieved, places=2, msg=target.name)
            self.assertAlmostEqual(figures["unit_target"], target.unit_target, places=4, msg=target.name)

    def test_team_target_per_role(self):
        domain = [
            ("team_id", "=", self.team.id),
            ("date", ">=", date(2031, 3, 1)),
            ("date", "<=", date(2031, 3, 31)),
        ]
        team_row = (self.env["res.users"], self.team)
        for user, sees in ((self.salesperson, False), (self.leader, True), (self.director, True)):
            groups = self._groups(["user_id", "team_id"], domain, user=user, base=False)
            if sees:
                self._assert_figures(
                    groups[team_row], {"unit_target": 62, "amount_target": 620000}, user.login
                )
            else:
                self.assertNotIn(team_row, groups, "a salesperson does not read the team's target")
        rows = (
            self.env["sales.daily.report"]
            .with_user(self.salesperson)
            .search(domain + [("team_target", "=", True)])
        )
        self.assertFalse(rows)
        # a member of the team who leads nothing does not see it either
        member = self.env["res.users"].create(
            {
                "name": "All Leads Member",
                "login": "spm_target_member",
                "groups_id": [Command.set(self.env.ref("sales_team.group_sale_salesman_all_leads").ids)],
            }
        )
        self.team.member_ids = [Command.link(member.id)]
        groups = self._groups(["user_id", "team_id"], domain, user=member, base=False)
        self.assertNotIn(team_row, groups)
        # another company's administrator sees nothing of it
        self.assertFalse(self._groups(["team_id"], domain, user=self.other_user, base=False))
