# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Targets per model: achieved revenue and units of one model, split across models, access."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestTargetModels(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sedan = cls.car_sedan.product_tmpl_id
        cls.suv = cls.car_suv.product_tmpl_id
        cls.service = cls.env["product.product"].create(
            {
                "name": "SPM Sedan Care Pack",
                "type": "service",
                "list_price": 3000.0,
            }
        )
        cls.team_target = cls.env["sales.target"].create(
            {
                "name": "SPM Team Q1 2031",
                "scope": "team",
                "team_id": cls.team.id,
                "period_type": "quarter",
                "date_from": cls.date_from,
                "date_to": cls.date_to,
                "amount_target": 1000000.0,
                "unit_target": 6,
                "collection_target": 900000.0,
                "new_customer_target": 4,
            }
        )

    @classmethod
    def _model_order(cls, user, lines, day, state="sale", team=None, company=None):
        """An order of ``lines`` ({product: (qty, unit price)}) dated ``day``."""
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
                                "price_unit": price,
                                "tax_id": False,
                            }
                        )
                        for product, (qty, price) in lines.items()
                    ],
                }
            )
        )
        order.write(
            {"state": state, "date_order": datetime.combine(day, datetime.min.time().replace(hour=10))}
        )
        return order

    def _crafted_orders(self):
        # the salesperson: 2 sedans + 1 SUV + a service, in the quarter
        self._model_order(
            self.salesperson,
            {
                self.car_sedan: (2, 100000.0),
                self.car_suv: (1, 200000.0),
                self.service: (1, 3000.0),
            },
            date(2031, 2, 1),
        )
        # not counted: draft, outside the quarter
        self._model_order(self.salesperson, {self.car_sedan: (5, 100000.0)}, date(2031, 2, 2), state="draft")
        self._model_order(self.salesperson, {self.car_sedan: (7, 100000.0)}, date(2031, 4, 1))
        # the colleague: one SUV; the other company: sedans
        self._model_order(self.salesperson2, {self.car_suv: (1, 210000.0)}, date(2031, 3, 31))
        self._model_order(
            self.other_user,
            {self.car_sedan: (3, 90000.0)},
            date(2031, 1, 20),
            team=self.team2,
            company=self.company2,
        )

    def test_achieved_counts_the_model_only(self):
        self._crafted_orders()
        every = self._target(self.salesperson, 500000.0, unit_target=4)
        sedan = self._target(self.salesperson, 250000.0, unit_target=2, product_tmpl_id=self.sedan.id)
        suv = self._target(self.salesperson, 150000.0, unit_target=2, product_tmpl_id=self.suv.id)
        hers_suv = self._target(self.salesperson2, 100000.0, unit_target=1, product_tmpl_id=self.suv.id)
        team_suv = self._target(
            self.salesperson, 0, scope="team", user_id=False, unit_target=4, product_tmpl_id=self.suv.id
        )
        company_sedan = self._target(
            self.salesperson, 0, scope="company", user_id=False, team_id=False, product_tmpl_id=self.sedan.id
        )
        other_sedan = self.env["sales.target"].create(
            {
                "name": "SPM Other Sedan",
                "scope": "company",
                "company_id": self.company2.id,
                "product_tmpl_id": self.sedan.id,
                "period_type": "quarter",
                "date_from": self.date_from,
                "date_to": self.date_to,
                "unit_target": 2,
            }
        )
        targets = every | sedan | suv | hers_suv | team_suv | company_sedan | other_sedan
        targets.invalidate_recordset()
        # every model: the whole order (service included in revenue, goods only in units)
        self.assertAlmostEqual(every.amount_achieved, 403000.0)
        self.assertEqual(every.unit_achieved, 3.0)
        self.assertAlmostEqual(sedan.amount_achieved, 200000.0)
        self.assertEqual(sedan.unit_achieved, 2.0)
        self.assertAlmostEqual(sedan.progress, 80.0)
        self.assertAlmostEqual(sedan.unit_progress, 100.0)
        self.assertAlmostEqual(suv.amount_achieved, 200000.0)
        self.assertEqual(suv.unit_achieved, 1.0)
        self.assertEqual(hers_suv.unit_achieved, 1.0)
        self.assertAlmostEqual(hers_suv.amount_achieved, 210000.0)
        self.assertEqual(team_suv.unit_achieved, 2.0)
        self.assertAlmostEqual(team_suv.amount_achieved, 410000.0)
        self.assertEqual(company_sedan.unit_achieved, 2.0)
        self.assertEqual(other_sedan.unit_achieved, 3.0)
        self.assertAlmostEqual(other_sedan.amount_achieved, 270000.0)
        # collections and new customers are not per model
        self.assertEqual(sedan.collection_achieved, 0.0)
        self.assertEqual(sedan.new_customer_achieved, 0)

    def test_model_targets_rules(self):
        with self.assertRaises(ValidationError):
            self._target(self.salesperson, 1000.0, collection=500.0, product_tmpl_id=self.sedan.id)
        with self.assertRaises(ValidationError):
            self._target(self.salesperson, 1000.0, new_customers=1, product_tmpl_id=self.sedan.id)
        # a target for one model and one for every model may coexist for a person
        every = self._target(self.salesperson, 1000.0)
        sedan = self._target(self.salesperson, 400.0, product_tmpl_id=self.sedan.id)
        self.assertTrue(every and sedan)
        # below a target for one model, every sub-target is for that model
        with self.assertRaises(ValidationError):
            self._target(self.salesperson, 100.0, parent_id=sedan.id, product_tmpl_id=self.suv.id)
        with self.assertRaises(ValidationError):
            self._target(self.salesperson, 100.0, parent_id=sedan.id)
        # a parent names each model once among its children in one period
        self._target(self.salesperson, 100.0, parent_id=every.id, product_tmpl_id=self.suv.id)
        with self.assertRaises(ValidationError):
            self._target(self.salesperson, 100.0, parent_id=every.id, product_tmpl_id=self.suv.id)

    def test_appraisal_plan_is_not_counted_twice(self):
        """The appraisal's revenue target: the target for every model, not plus the per-model ones;
        per-model targets alone add up."""
        self._target(self.salesperson, 1000.0)
        self._target(self.salesperson, 400.0, product_tmpl_id=self.sedan.id)
        self._target(self.salesperson2, 300.0, product_tmpl_id=self.sedan.id)
        self._target(self.salesperson2, 200.0, product_tmpl_id=self.suv.id)
        plans = self.env["sales.target"]._targets_for(
            "user", self.salesperson | self.salesperson2, self.date_from, self.date_to
        )
        self.assertEqual(plans[self.salesperson.id]["amount"], 1000.0)
        self.assertEqual(plans[self.salesperson2.id]["amount"], 500.0)
        self.assertEqual(plans[self.salesperson.id]["leaves"], 2)

    def _model_split(self, target, parts, user=None):
        env = self.env(user=user) if user else self.env
        wizard = env["sales.target.split"].create({"target_id": target.id, "mode": "model"})
        wizard.line_ids = [Command.clear()] + [
            Command.create(
                {
                    "name": model.name,
                    "product_tmpl_id": model.id,
                    "amount_target": amount,
                    "unit_target": units,
                }
            )
            for model, amount, units in parts
        ]
        return wizard

    def test_split_team_target_across_models(self):
        wizard = self._model_split(self.team_target, [(self.sedan, 400000.0, 4), (self.suv, 600000.0, 2)])
        wizard.action_split()
        children = self.team_target.child_ids
        self.assertEqual(len(children), 2)
        self.assertEqual(children.product_tmpl_id, self.sedan | self.suv)
        self.assertEqual(set(children.mapped("scope")), {"team"})
        self.assertEqual(children.team_id, self.team)
        self.assertEqual(set(children.mapped("date_from")), {self.date_from})
        self.assertEqual(sum(children.mapped("amount_target")), 1000000.0)
        self.assertEqual(sum(children.mapped("unit_target")), 6.0)
        self.assertEqual(set(children.mapped("collection_target")), {0.0})
        # revenue and units add up: no mismatch although collections stay on the parent
        self.assertFalse(self.team_target.children_mismatch)
        children.filtered(lambda c: c.product_tmpl_id == self.suv).unit_target = 3
        self.team_target.invalidate_recordset(["children_mismatch"])
        self.assertTrue(self.team_target.children_mismatch)

    def test_split_across_models_refuses_bad_parts(self):
        cases = [
            [(self.sedan, 400000.0, 4), (self.suv, 500000.0, 2)],  # revenue short
            [(self.sedan, 400000.0, 4), (self.suv, 600000.0, 1)],  # units short
            [(self.sedan, 400000.0, 4), (self.sedan, 600000.0, 2)],  # a model twice
            [(self.sedan, 1100000.0, 7), (self.suv, -100000.0, -1)],  # negative
            [],  # nothing typed
        ]
        for parts in cases:
            with self.subTest(parts=parts), self.assertRaises(UserError):
                self._model_split(self.team_target, parts).action_split()
            self.assertFalse(self.team_target.child_ids)
        wizard = self._model_split(self.team_target, [(self.sedan, 1000000.0, 6)])
        wizard.line_ids[0].product_tmpl_id = False
        with self.assertRaises(UserError):
            wizard.action_split()
        self.assertFalse(self.team_target.child_ids)
        # a target already for one model does not split across models
        sedan = self._target(self.salesperson, 100.0, product_tmpl_id=self.sedan.id)
        with self.assertRaises(UserError):
            self._model_split(sedan, [(self.sedan, 100.0, 0)]).action_split()

    def test_split_suggests_the_owner_models(self):
        self.env["crm.lead"].create(
            [
                {
                    "name": "SPM model lead %s" % model.name,
                    "type": "opportunity",
                    "team_id": self.team.id,
                    "user_id": self.salesperson.id,
                    "intended_model_id": model.id,
                }
                for model in (self.suv, self.suv, self.sedan)
            ]
        )
        wizard = self.env["sales.target.split"].create({"target_id": self.team_target.id, "mode": "model"})
        self.assertEqual(wizard.line_ids.product_tmpl_id, self.suv | self.sedan)
        self.assertEqual(wizard.line_ids[0].product_tmpl_id, self.suv)

    def test_split_across_models_per_role(self):
        mine = self._target(self.salesperson, 300000.0, unit_target=3)
        hers = self._target(self.salesperson2, 300000.0, unit_target=3)
        # the salesperson cannot open the wizard, nor create a target for a model
        with self.assertRaises(AccessError):
            self._model_split(mine, [(self.sedan, 300000.0, 3)], user=self.salesperson)
        with self.assertRaises(AccessError):
            self.env["sales.target"].with_user(self.salesperson).create(
                {
                    "name": "SPM mine",
                    "scope": "user",
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "product_tmpl_id": self.sedan.id,
                    "period_type": "quarter",
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        # the team leader splits a member's target, not the team's (an administrator's)
        self._model_split(
            hers, [(self.sedan, 100000.0, 1), (self.suv, 200000.0, 2)], user=self.leader
        ).action_split()
        self.assertEqual(hers.child_ids.product_tmpl_id, self.sedan | self.suv)
        with self.assertRaises(AccessError):
            self._model_split(self.team_target, [(self.sedan, 1000000.0, 6)], user=self.leader).action_split()
        self.assertFalse(self.team_target.child_ids)
        # the salesperson reads the achievement of their own per-model target
        self._model_order(self.salesperson2, {self.car_suv: (1, 200000.0)}, date(2031, 1, 10))
        suv = hers.child_ids.filtered(lambda c: c.product_tmpl_id == self.suv).with_user(self.salesperson2)
        self.assertEqual(suv.unit_achieved, 1.0)
        self.assertAlmostEqual(suv.progress, 100.0)
        # the other company sees none of them
        with self.assertRaises(AccessError):
            hers.child_ids.with_user(self.other_user).read(["unit_achieved"])

    def test_split_across_models_other_company(self):
        target = self.env["sales.target"].create(
            {
                "name": "SPM Other Company Q1",
                "scope": "company",
                "company_id": self.company2.id,
                "period_type": "quarter",
                "date_from": self.date_from,
                "date_to": self.date_to,
                "amount_target": 500.0,
                "unit_target": 2,
            }
        )
        self._model_split(target, [(self.sedan, 500.0, 2)], user=self.other_user).action_split()
        self.assertEqual(target.child_ids.company_id, self.company2)
        with self.assertRaises(AccessError):
            self.env["sales.target.split"].with_user(self.director).create(
                {"target_id": target.id, "mode": "model"}
            )

    def test_achieved_per_model_query_count(self):
        users = self.env["res.users"].create(
            [
                {
                    "name": "SPM Model Bulk %s" % i,
                    "login": "spm_model_bulk_%s" % i,
                    "groups_id": [Command.link(self.env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(6)
            ]
        )
        self.team.member_ids |= users
        for user in users[:2]:
            self._model_order(user, {self.car_sedan: (1, 1000.0), self.car_suv: (2, 500.0)}, date(2031, 2, 1))
        targets = self.env["sales.target"].create(
            [
                {
                    "name": "SPM Model Bulk %s %s" % (user.name, model.name),
                    "scope": "user",
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "period_type": "quarter",
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "unit_target": 2,
                    "product_tmpl_id": model.id,
                }
                for user in users
                for model in (self.sedan, self.suv)
            ]
        )
        self.env.flush_all()
        targets[:1].mapped("unit_achieved")
        counts = []
        for batch in (targets[:2], targets):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            batch.mapped("unit_achieved")
            batch.mapped("amount_achieved")
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.assertEqual(targets[:4].mapped("unit_achieved"), [1.0, 2.0, 1.0, 2.0])
        self.assertEqual(targets[:2].mapped("amount_achieved"), [1000.0, 1000.0])
        self.assertEqual(targets[4].unit_achieved, 0.0)
