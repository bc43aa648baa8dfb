"""Sales targets: achieved figures, the split wizard, the children check, access."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestTarget(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year_target = cls.env["sales.target"].create(
            {
                "name": "SPM 2031",
                "scope": "team",
                "team_id": cls.team.id,
                "period_type": "year",
                "date_from": date(2031, 1, 1),
                "date_to": date(2031, 12, 31),
                "amount_target": 1000000.0,
                "collection_target": 900000.0,
                "new_customer_target": 10,
            }
        )

    def _split(self, target, **vals):
        wizard = self.env["sales.target.split"].create(dict({"target_id": target.id}, **vals))
        wizard.action_split()
        return target.child_ids.sorted("date_from")

    def test_achieved_figures_and_progress(self):
        partner = self._partner("SPM Target Customer")
        self._order(self.salesperson, partner, 60000, date(2031, 2, 1))
        target = self._target(self.salesperson, 120000, new_customers=2)
        self.assertAlmostEqual(target.amount_achieved, 60000.0)
        self.assertEqual(target.new_customer_achieved, 1)
        self.assertAlmostEqual(target.progress, 50.0)
        self.assertAlmostEqual(self.year_target.amount_achieved, 60000.0)

    def test_salesperson_reads_own_achievements(self):
        partner = self._partner("SPM Paying Target Customer")
        self._order(self.salesperson, partner, 40000, date(2031, 1, 12))
        self._invoice(self.salesperson, partner, 40000, date(2031, 1, 15), paid=30000)
        target = self._target(self.salesperson, 80000, collection=40000)
        as_salesperson = target.with_user(self.salesperson)
        self.assertAlmostEqual(as_salesperson.amount_achieved, 40000.0)
        self.assertAlmostEqual(as_salesperson.collection_achieved, 30000.0)
        self.assertAlmostEqual(as_salesperson.progress, 50.0)

    def test_split_year_into_quarters_evenly(self):
        quarters = self._split(self.year_target, mode="period")
        self.assertEqual(len(quarters), 4)
        self.assertEqual(quarters.mapped("period_type"), ["quarter"] * 4)
        self.assertEqual(quarters[1].date_from, date(2031, 4, 1))
        self.assertEqual(quarters[1].date_to, date(2031, 6, 30))
        self.assertEqual(quarters.mapped("amount_target"), [250000.0] * 4)
        self.assertEqual(sum(quarters.mapped("new_customer_target")), 10)
        self.assertEqual(sorted(quarters.mapped("new_customer_target")), [2, 2, 3, 3])
        self.assertEqual(set(quarters.mapped("team_id")), {self.team})
        self.assertFalse(self.year_target.children_mismatch)
        months = self._split(quarters[0], mode="period")
        self.assertEqual(months.mapped("date_from"), [date(2031, 1, 1), date(2031, 2, 1), date(2031, 3, 1)])
        self.assertEqual(months[1].date_to, date(2031, 2, 28))
        self.assertAlmostEqual(sum(months.mapped("amount_target")), 250000.0)

    def test_split_year_straight_into_months(self):
        months = self._split(self.year_target, mode="period", child_period="month")
        self.assertEqual(len(months), 12)
        self.assertAlmostEqual(sum(months.mapped("amount_target")), 1000000.0)
        self.assertAlmostEqual(months[0].amount_target, 83333.33)

    def test_split_team_to_members_by_weights(self):
        wizard = self.env["sales.target.split"].create(
            {
                "target_id": self.year_target.id,
                "mode": "member",
                "method": "weights",
            }
        )
        self.assertEqual(wizard.line_ids.user_id, self.salesperson | self.salesperson2)
        wizard.line_ids.filtered(lambda line: line.user_id == self.salesperson).weight = 3.0
        wizard.line_ids.filtered(lambda line: line.user_id == self.salesperson2).weight = 1.0
        wizard.action_split()
        children = self.year_target.child_ids
        mine = children.filtered(lambda t: t.user_id == self.salesperson)
        self.assertEqual(mine.scope, "user")
        self.assertAlmostEqual(mine.amount_target, 750000.0)
        self.assertAlmostEqual(mine.collection_target, 675000.0)
        self.assertEqual(mine.date_to, date(2031, 12, 31))
        self.assertAlmostEqual(sum(children.mapped("amount_target")), 1000000.0)

    def test_children_must_add_up(self):
        quarters = self._split(self.year_target, mode="period")
        quarters[0].amount_target = 100.0
        self.assertTrue(self.year_target.children_mismatch)
        self.assertIn("not this target's figures", self.year_target.children_mismatch_message)

    def test_split_refusals(self):
        self._split(self.year_target, mode="period")
        with self.assertRaises(UserError):
            self._split(self.year_target, mode="period")
        month = self._target(self.salesperson, 1000, period_type="month", date_to=date(2031, 1, 31))
        with self.assertRaises(UserError):
            self._split(month, mode="period")
        with self.assertRaises(UserError):
            self._split(month, mode="member")
        wizard = self.env["sales.target.split"].create(
            {"target_id": self.year_target.child_ids[0].id, "mode": "period", "method": "weights"}
        )
        wizard.line_ids.weight = 0.0
        with self.assertRaises(UserError):
            wizard.action_split()

    def test_constraints(self):
        with self.assertRaises(ValidationError):
            self.env["sales.target"].create(
                {
                    "name": "No owner",
                    "scope": "user",
                    "period_type": "month",
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 1, 31),
                }
            )
        with self.assertRaises(ValidationError):
            self._target(
                self.salesperson,
                10,
                parent_id=self.year_target.id,
                date_from=date(2030, 12, 1),
                date_to=date(2031, 1, 31),
            )

    def test_form_split_button_and_confirm(self):
        with Form(self.env["sales.target"]) as form:
            form.name = "SPM Form Target"
            form.scope = "user"
            form.user_id = self.salesperson
            form.period_type = "month"
            form.date_from = date(2031, 5, 1)
            form.date_to = date(2031, 5, 31)
            form.amount_target = 5000
        target = form.record
        target.action_confirm()
        self.assertEqual(target.state, "confirmed")
        self.assertTrue(target.date_confirmed)
        action = self.year_target.action_split()
        self.assertEqual(action["res_model"], "sales.target.split")

    def test_access_per_role(self):
        mine = self._target(self.salesperson, 1000)
        hers = self._target(self.salesperson2, 2000)
        other_company = self.env["sales.target"].create(
            {
                "name": "Other company",
                "scope": "team",
                "team_id": self.team2.id,
                "company_id": self.company2.id,
                "period_type": "year",
                "date_from": date(2031, 1, 1),
                "date_to": date(2031, 12, 31),
            }
        )
        all_ids = (mine | hers | other_company | self.year_target).ids
        # salesperson: own targets only, read only
        visible = self.env["sales.target"].with_user(self.salesperson).search([("id", "in", all_ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            hers.with_user(self.salesperson).read(["amount_target"])
        with self.assertRaises(AccessError):
            mine.with_user(self.salesperson).write({"amount_target": 1.0})
        with self.assertRaises(AccessError):
            self.env["sales.target"].with_user(self.salesperson).create(
                {
                    "name": "Self-set",
                    "scope": "user",
                    "user_id": self.salesperson.id,
                    "period_type": "month",
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 1, 31),
                }
            )
        # leader: the team's targets, may set and split them
        leader_env = self.env["sales.target"].with_user(self.leader)
        self.assertEqual(leader_env.search([("id", "in", all_ids)]), mine | hers | self.year_target)
        hers.with_user(self.leader).amount_target = 2500.0
        self.env["sales.target.split"].with_user(self.leader).create(
            {"target_id": self.year_target.id, "mode": "member"}
        ).action_split()
        self.assertEqual(len(self.year_target.child_ids), 2)
        # director: everything of their companies; the other company sees only its own
        director_env = self.env["sales.target"].with_user(self.director)
        all_ids += self.year_target.child_ids.ids
        self.assertEqual(
            director_env.search([("id", "in", all_ids)]),
            mine | hers | self.year_target | self.year_target.child_ids,
        )
        other = self.env["sales.target"].with_user(self.other_user).search([("id", "in", all_ids)])
        self.assertEqual(other, other_company)
        with self.assertRaises(AccessError):
            mine.with_user(self.other_user).read(["name"])

    def test_leader_cannot_target_another_team(self):
        other_team = self.env["crm.team"].create({"name": "SPM Third Team", "company_id": self.company.id})
        with self.assertRaises(AccessError):
            self.env["sales.target"].with_user(self.leader).create(
                {
                    "name": "Not my team",
                    "scope": "team",
                    "team_id": other_team.id,
                    "period_type": "year",
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 12, 31),
                    "company_id": self.company.id,
                }
            )
