"""Sales targets in units: achieved units, split, children check, access, query count."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestTargetUnits(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["product.product"].create(
            {
                "name": "SPM Extended Warranty",
                "type": "service",
                "list_price": 3000.0,
            }
        )
        cls.year_target = cls.env["sales.target"].create(
            {
                "name": "SPM Units 2031",
                "scope": "team",
                "team_id": cls.team.id,
                "period_type": "year",
                "date_from": date(2031, 1, 1),
                "date_to": date(2031, 12, 31),
                "amount_target": 1200000.0,
                "unit_target": 10,
            }
        )

    @classmethod
    def _units_order(cls, user, quantities, day, state="sale", team=None, company=None, extra_lines=()):
        """An order of ``quantities`` ({product: qty}) dated ``day`` in ``state``."""
        company = company or cls.company
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": user.id,
                    "team_id": (team or cls.team).id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": qty,
                                "price_unit": 1000.0,
                                "tax_id": False,
                            }
                        )
                        for product, qty in quantities.items()
                    ]
                    + [Command.create(vals) for vals in extra_lines],
                }
            )
        )
        # confirming would stamp today's date: set the state and date as of the crafted day
        order.write(
            {"state": state, "date_order": datetime.combine(day, datetime.min.time().replace(hour=10))}
        )
        return order

    def test_units_achieved_on_crafted_orders(self):
        # counted: goods lines of the salesperson's confirmed order of the quarter (2 + 1)
        self._units_order(
            self.salesperson,
            {self.car_sedan: 2, self.car_suv: 1, self.service: 5},
            date(2031, 2, 1),
            extra_lines=[
                {"display_type": "line_section", "name": "Vehicles"},
                {"display_type": "line_note", "name": "Delivery in March"},
            ],
        )
        # not counted: draft, cancelled, before and after the quarter
        self._units_order(self.salesperson, {self.car_sedan: 4}, date(2031, 2, 10), state="draft")
        self._units_order(self.salesperson, {self.car_sedan: 8}, date(2031, 2, 11), state="cancel")
        self._units_order(self.salesperson, {self.car_suv: 7}, date(2031, 4, 1))
        self._units_order(self.salesperson, {self.car_suv: 9}, date(2030, 12, 31))
        # another salesperson of the team; another company's order
        self._units_order(self.salesperson2, {self.car_suv: 1}, date(2031, 3, 31))
        self._units_order(
            self.other_user, {self.car_sedan: 6}, date(2031, 1, 20), team=self.team2, company=self.company2
        )

        mine = self._target(self.salesperson, 0, unit_target=4)
        hers = self._target(self.salesperson2, 0, unit_target=2)
        team = self._target(self.salesperson, 0, scope="team", user_id=False, unit_target=5)
        company = self._target(self.salesperson, 0, scope="company", user_id=False, team_id=False)
        other_company = self.env["sales.target"].create(
            {
                "name": "SPM Other Company Units",
                "scope": "company",
                "company_id": self.company2.id,
                "period_type": "quarter",
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        (mine | hers | team | company | other_company).invalidate_recordset()
        self.assertEqual(mine.unit_achieved, 3.0)
        self.assertAlmostEqual(mine.unit_progress, 75.0)
        self.assertEqual(hers.unit_achieved, 1.0)
        self.assertAlmostEqual(hers.unit_progress, 50.0)
        self.assertEqual(team.unit_achieved, 4.0)
        self.assertAlmostEqual(team.unit_progress, 80.0)
        self.assertEqual(company.unit_achieved, 4.0)
        self.assertEqual(company.unit_progress, 0.0, "no units target: no completion, no division by zero")
        self.assertEqual(other_company.unit_achieved, 6.0)
        # the year of the team: 4 in the quarter + 7 in April (the December order is another year)
        self.assertEqual(self.year_target.unit_achieved, 11.0)

    def test_split_units_evenly(self):
        quarters = self.env["sales.target.split"].create({"target_id": self.year_target.id, "mode": "period"})
        quarters.action_split()
        quarters = self.year_target.child_ids.sorted("date_from")
        self.assertEqual(sorted(quarters.mapped("unit_target")), [2.0, 2.0, 3.0, 3.0])
        self.assertAlmostEqual(sum(quarters.mapped("amount_target")), 1200000.0)
        self.assertFalse(self.year_target.children_mismatch)
        months = self.env["sales.target"].create(
            {
                "name": "SPM Units 2031 H",
                "scope": "team",
                "team_id": self.team.id,
                "period_type": "year",
                "date_from": date(2031, 1, 1),
                "date_to": date(2031, 12, 31),
                "unit_target": 10.5,
            }
        )
        self.env["sales.target.split"].create(
            {"target_id": months.id, "mode": "period", "child_period": "month"}
        ).action_split()
        self.assertEqual(len(months.child_ids), 12)
        # a fractional figure is shared at the unit of measure's precision; the parts add up exactly
        self.assertAlmostEqual(months.child_ids.sorted("date_from")[0].unit_target, 0.88)
        self.assertAlmostEqual(sum(months.child_ids.mapped("unit_target")), 10.5)
        self.assertFalse(months.children_mismatch)

    def test_split_units_by_weights(self):
        wizard = self.env["sales.target.split"].create(
            {
                "target_id": self.year_target.id,
                "mode": "member",
                "method": "weights",
            }
        )
        wizard.line_ids.filtered(lambda line: line.user_id == self.salesperson).weight = 3.0
        wizard.line_ids.filtered(lambda line: line.user_id == self.salesperson2).weight = 1.0
        wizard.action_split()
        children = self.year_target.child_ids
        mine = children.filtered(lambda t: t.user_id == self.salesperson)
        hers = children.filtered(lambda t: t.user_id == self.salesperson2)
        # 7.5 and 2.5 vehicles: whole vehicles, the largest remainder first, 10 in all
        self.assertEqual((mine.unit_target, hers.unit_target), (8.0, 2.0))
        self.assertAlmostEqual(mine.amount_target, 900000.0)
        self.assertFalse(self.year_target.children_mismatch)

    def test_units_mismatch_warning(self):
        self.env["sales.target.split"].create(
            {"target_id": self.year_target.id, "mode": "period"}
        ).action_split()
        quarter = self.year_target.child_ids.sorted("date_from")[0]
        quarter.unit_target += 1
        self.assertTrue(self.year_target.children_mismatch)
        self.assertIn("11.00 units", self.year_target.children_mismatch_message)
        quarter.unit_target -= 1
        self.assertFalse(self.year_target.children_mismatch)

    def test_units_cannot_be_negative(self):
        count = self.env["sales.target"].search_count([])
        with self.assertRaises(ValidationError):
            self._target(self.salesperson, 0, unit_target=-1)
        self.assertEqual(self.env["sales.target"].search_count([]), count)

    def test_units_access_per_role(self):
        self._units_order(self.salesperson, {self.car_sedan: 2}, date(2031, 1, 5))
        mine = self._target(self.salesperson, 0, unit_target=3)
        hers = self._target(self.salesperson2, 0, unit_target=3)
        # salesperson: reads own units achieved (orders read with sudo), cannot set the target
        as_salesperson = mine.with_user(self.salesperson)
        self.assertEqual(as_salesperson.unit_achieved, 2.0)
        with self.assertRaises(AccessError):
            as_salesperson.write({"unit_target": 30})
        with self.assertRaises(AccessError):
            hers.with_user(self.salesperson).read(["unit_target"])
        # leader sets the team's units; the other company sees none of them
        hers.with_user(self.leader).unit_target = 4
        self.assertEqual(hers.unit_target, 4.0)
        with self.assertRaises(AccessError):
            mine.with_user(self.other_user).read(["unit_achieved"])

    def test_achieved_query_count_does_not_grow(self):
        users = self.env["res.users"].create(
            [
                {
                    "name": "SPM Units Bulk %s" % i,
                    "login": "spm_units_bulk_%s" % i,
                    "groups_id": [Command.link(self.env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(10)
            ]
        )
        self.team.member_ids |= users
        for user in users[:3]:
            self._units_order(user, {self.car_sedan: 1}, date(2031, 2, 1))
        targets = self.env["sales.target"].create(
            [
                {
                    "name": "SPM Units Bulk %s" % user.name,
                    "scope": "user",
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "period_type": "quarter",
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "unit_target": 2,
                    "amount_target": 2000,
                }
                for user in users
            ]
        )
        self.env.flush_all()
        targets[:1].mapped("unit_achieved")  # warm Odoo's caches (access rules, decimal precision)
        counts = []
        for batch in (targets[:2], targets):
            self.env.invalidate_all()
            # the targets, then one query per figure (4) and per table, whatever the number of targets
            with self.assertQueryCount(7):
                before = self.cr.sql_log_count
                batch.mapped("unit_achieved")
                batch.mapped("amount_achieved")
                counts.append(self.cr.sql_log_count - before)
        # assertQueryCount only fails above the figure: the two counts are equal too
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(targets[:3].mapped("unit_achieved"), [1.0, 1.0, 1.0])
        self.assertEqual(targets[3].unit_achieved, 0.0)
        self.assertAlmostEqual(targets[0].unit_progress, 50.0)
