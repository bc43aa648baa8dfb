# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input on the daily report and on targets per model."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SpmCardsCommon


@tagged("post_install", "-at_install")
class TestBadInputReports(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.model = cls.env["product.template"].create({"name": "Bad Input Coupe", "type": "consu"})
        cls._a_card(
            cls.salesperson,
            phone="13500000001",
            contact_name="Bad input",
            intended_model_id=cls.model.id,
            a_card_date=date(2026, 3, 2),
        )
        cls.env.flush_all()
        cls.target = cls.env["sales.target"].create(
            {
                "name": "SPM Bad Input",
                "scope": "user",
                "user_id": cls.salesperson.id,
                "team_id": cls.team.id,
                "period_type": "month",
                "date_from": date(2031, 1, 1),
                "date_to": date(2031, 1, 31),
                "amount_target": 100.0,
                "unit_target": 1,
            }
        )

    def test_unusual_domains_still_answer(self):
        Report = self.env["sales.daily.report"]
        base = [("intended_model_id", "=", self.model.id)]
        for domain in (
            [("date", "in", [date(2026, 3, 2)])],
            [("date", "!=", False)],
            [("date", "=", False)],
            ["!", ("date", "<", date(2026, 3, 1))],
        ):
            with self.subTest(domain=domain):
                groups = Report._read_group(
                    base + domain, ["user_id"], ["held_a_cards:sum", "archive_rate:sum"]
                )
                for _user, held, rate in groups:
                    self.assertIn(held, (0, 1))
                    self.assertEqual(rate, 0.0)
        # a grouping the running sum cannot follow falls back, still the stock at the end
        [(_dow, held)] = Report._read_group(
            base + [("date", "<=", date(2026, 3, 2))], ["date:day_of_week"], ["held_a_cards:sum"]
        )
        self.assertEqual(held, 1)
        # ordering by the held figure
        self.assertEqual(
            Report._read_group(base, ["user_id"], ["held_a_cards:sum"], order="held_a_cards:sum desc")[0][1],
            1,
        )

    def test_split_across_models_refuses_non_numbers(self):
        wizard = self.env["sales.target.split"].create({"target_id": self.target.id, "mode": "model"})
        for bad in (float("nan"), float("inf"), 1e300):
            with self.subTest(value=bad), self.assertRaises(ValidationError):
                wizard.line_ids = [
                    Command.clear(),
                    Command.create(
                        {
                            "name": "x",
                            "product_tmpl_id": self.model.id,
                            "amount_target": bad,
                            "unit_target": 1,
                        }
                    ),
                ]
        wizard.line_ids = [
            Command.clear(),
            Command.create(
                {"name": "x", "product_tmpl_id": self.model.id, "amount_target": 100.0, "unit_target": 1.5}
            ),
        ]
        with self.assertRaises(UserError):
            wizard.action_split()
        self.assertFalse(self.target.child_ids)

    def test_model_of_another_company_refused(self):
        foreign = self.env["product.template"].create(
            {"name": "Other company car", "type": "consu", "company_id": self.company2.id}
        )
        with self.assertRaises(UserError):
            self.env["sales.target"].create(
                {
                    "name": "SPM Foreign Model",
                    "scope": "user",
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "product_tmpl_id": foreign.id,
                    "period_type": "month",
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 1, 31),
                }
            )
