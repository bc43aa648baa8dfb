# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input on the showroom models (A-card fields of leads, visits, C cards,
satisfaction results, follow-up settings): each case gets a clean, translated
refusal (UserError / ValidationError / AccessError) and leaves nothing written."""

import xmlrpc.client
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SpmCardsCommon

NAN, INF = float("nan"), float("inf")


@tagged("post_install", "-at_install")
class TestBadInputShowroom(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._a_card(phone="13800138090", contact_name="Bad Input Card")
        cls.buyer = cls.env["res.partner"].create({"name": "Bad Input Buyer", "phone": "13900139090"})
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.buyer.id,
                "user_id": cls.salesperson.id,
                "team_id": cls.team.id,
                "order_line": [(0, 0, {"product_id": cls.car_suv.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        cls.c_card = cls.env["sales.c.card"].search([("sale_order_id", "=", order.id)])
        cls.visit = (
            cls.env["sales.visit"]
            .with_user(cls.salesperson)
            .create(
                {
                    "customer_name": "Bad Input Visitor",
                    "visit_date": datetime(2026, 4, 14, 3, 0),
                    "user_id": cls.salesperson.id,
                    "team_id": cls.team.id,
                }
            )
        )

    def _refused(self, exception, call, record, fields):
        """``call()`` raises ``exception`` and ``record``'s ``fields`` are unchanged in the database."""
        self.env.flush_all()
        before = record.sudo().read(fields)
        counts = {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in ("crm.lead", "sales.visit", "sales.c.card", "sales.satisfaction")
        }
        with self.assertRaises(exception) as error:
            call()
            self.env.flush_all()
        self.assertTrue(str(error.exception.args[0]).strip(), "a message the user can read")
        self.assertNotIn("Traceback", str(error.exception))
        record.invalidate_recordset()
        self.assertEqual(record.sudo().read(fields), before)
        self.assertEqual(
            counts,
            {
                model: self.env[model].sudo().with_context(active_test=False).search_count([])
                for model in counts
            },
        )
        return error.exception

    # ---------------------------------------------------------------
    # A-card fields of leads
    # ---------------------------------------------------------------

    def _new_card(self, **values):
        vals = {
            "name": "Bad",
            "type": "opportunity",
            "contact_name": "Bad New",
            "phone": "13800138091",
            "intended_model_id": self.sedan.id,
            "user_id": self.salesperson.id,
            "team_id": self.team.id,
        }
        vals.update(values)
        return lambda: self.env["crm.lead"].with_user(self.salesperson).create(vals)

    def test_01_create_card_nan_revenue(self):
        self._refused(ValidationError, self._new_card(expected_revenue=NAN), self.card, ["expected_revenue"])

    def test_02_create_card_infinite_revenue(self):
        self._refused(ValidationError, self._new_card(expected_revenue=INF), self.card, ["expected_revenue"])

    def test_03_write_card_minus_infinite_revenue(self):
        self._refused(
            ValidationError,
            lambda: self.card.with_user(self.salesperson).write({"expected_revenue": -INF}),
            self.card,
            ["expected_revenue", "prorated_revenue"],
        )

    def test_04_next_followup_year_9999(self):
        self._refused(
            ValidationError,
            lambda: self.card.with_user(self.salesperson).write({"next_followup_date": "9999-12-31"}),
            self.card,
            ["next_followup_date"],
        )

    def test_05_next_followup_year_1000(self):
        self._refused(
            ValidationError,
            lambda: self.card.with_user(self.salesperson).write({"next_followup_date": date(1000, 1, 1)}),
            self.card,
            ["next_followup_date"],
        )

    def test_06_a_card_date_corrected_to_absurd_day(self):
        # administrators may correct the card's date, within reason
        self._refused(
            ValidationError,
            lambda: self.card.with_user(self.director).write({"a_card_date": "9999-12-31"}),
            self.card,
            ["a_card_date"],
        )

    def test_07_salesperson_writes_phone_sanitized(self):
        self._refused(
            AccessError,
            lambda: self.card.with_user(self.salesperson).write({"phone_sanitized": "+8613800000000"}),
            self.card,
            ["phone_sanitized"],
        )

    def test_08_salesperson_forges_is_a_card(self):
        self._refused(AccessError, self._new_card(phone=False, is_a_card=True), self.card, ["is_a_card"])

    # ---------------------------------------------------------------
    # visits
    # ---------------------------------------------------------------

    def _write_visit(self, vals):
        return lambda: self.visit.with_user(self.salesperson).write(vals)

    def test_10_visit_headcount_zero(self):
        self._refused(ValidationError, self._write_visit({"party_size": 0}), self.visit, ["party_size"])

    def test_11_visit_headcount_negative(self):
        self._refused(ValidationError, self._write_visit({"party_size": -3}), self.visit, ["party_size"])

    def test_12_visit_headcount_absurd(self):
        self._refused(ValidationError, self._write_visit({"party_size": 10**6}), self.visit, ["party_size"])

    def test_13_visit_date_year_9999(self):
        self._refused(
            ValidationError,
            self._write_visit({"visit_date": "9999-12-31 23:00:00"}),
            self.visit,
            ["visit_date", "counted_date"],
        )

    def test_14_visit_date_year_1900_on_create(self):
        self._refused(
            ValidationError,
            lambda: (
                self.env["sales.visit"]
                .with_user(self.salesperson)
                .create(
                    {
                        "customer_name": "Old",
                        "visit_date": datetime(1900, 1, 1),
                        "user_id": self.salesperson.id,
                    }
                )
            ),
            self.visit,
            ["visit_date"],
        )

    def test_15_visit_forged_count(self):
        self._refused(
            AccessError,
            self._write_visit({"counts_as_group": True, "not_counted_reason": False}),
            self.visit,
            ["counts_as_group", "not_counted_reason"],
        )

    def test_16_visit_linked_to_unreadable_card(self):
        peer_card = self._a_card(user=self.salesperson2, phone="13800138092", contact_name="Peer Secret")
        self._refused(
            AccessError,
            self._write_visit({"lead_id": peer_card.id}),
            self.visit,
            ["lead_id", "customer_name", "phone"],
        )

    # ---------------------------------------------------------------
    # C cards
    # ---------------------------------------------------------------

    def test_20_c_card_delivery_year_9999(self):
        self._refused(
            ValidationError,
            lambda: self.c_card.with_user(self.salesperson).write({"delivery_date": "9999-12-31"}),
            self.c_card,
            ["delivery_date"],
        )

    def test_21_c_card_delivery_before_sale(self):
        self._refused(
            ValidationError,
            lambda: self.c_card.with_user(self.salesperson).write({"delivery_date": date(2001, 1, 1)}),
            self.c_card,
            ["delivery_date"],
        )

    def test_22_c_card_confirm_delivery_without_date(self):
        self._refused(
            UserError,
            lambda: self.c_card.with_user(self.salesperson).action_confirm_delivery(),
            self.c_card,
            ["state"],
        )

    def test_23_c_card_created_by_hand(self):
        self._refused(
            AccessError,
            lambda: self.env["sales.c.card"].with_user(self.leader).create({"partner_id": self.buyer.id}),
            self.c_card,
            ["date"],
        )

    def test_24_c_card_redated_by_salesperson(self):
        self._refused(
            AccessError,
            lambda: self.c_card.with_user(self.salesperson).write({"date": "9999-12-31"}),
            self.c_card,
            ["date"],
        )

    # ---------------------------------------------------------------
    # satisfaction results (recorded by the leader)
    # ---------------------------------------------------------------

    def _new_result(self, user=None, **values):
        vals = {"c_card_id": self.c_card.id, "score": 80.0, "date": date(2026, 6, 1)}
        vals.update(values)
        return lambda: self.env["sales.satisfaction"].with_user(user or self.leader).create(vals)

    def test_30_satisfaction_nan(self):
        self._refused(ValidationError, self._new_result(score=NAN), self.c_card, ["satisfaction_score"])

    def test_31_satisfaction_infinite(self):
        self._refused(ValidationError, self._new_result(score=INF), self.c_card, ["satisfaction_score"])

    def test_32_satisfaction_above_100(self):
        self._refused(ValidationError, self._new_result(score=101.0), self.c_card, ["satisfaction_score"])

    def test_33_satisfaction_negative(self):
        self._refused(ValidationError, self._new_result(score=-5.0), self.c_card, ["satisfaction_score"])

    def test_34_satisfaction_year_9999(self):
        self._refused(
            ValidationError, self._new_result(date="9999-12-31"), self.c_card, ["satisfaction_score"]
        )

    def test_35_satisfaction_by_own_salesperson(self):
        self._refused(
            AccessError,
            self._new_result(user=self.salesperson, score=100.0),
            self.c_card,
            ["satisfaction_score"],
        )

    def test_36_satisfaction_recorder_forged(self):
        self._refused(
            AccessError,
            self._new_result(recorded_by_id=self.salesperson2.id),
            self.c_card,
            ["satisfaction_score"],
        )

    # ---------------------------------------------------------------
    # follow-up settings
    # ---------------------------------------------------------------

    def test_40_followup_interval_zero(self):
        self._refused(
            ValidationError,
            lambda: self.company.with_user(self.director).sudo().write({"spm_followup_days_a": 0}),
            self.company,
            ["spm_followup_days_a"],
        )

    def test_41_followup_interval_absurd_in_settings(self):
        def call():
            settings = self.env["res.config.settings"].create({"spm_followup_days_h": 10**9})
            settings.execute()

        self._refused(ValidationError, call, self.company, ["spm_followup_days_h"])


@tagged("post_install", "-at_install")
class TestShowroomActionsMarshal(SpmCardsCommon):
    """Every public action_* of the showroom models returns what XML-RPC can send."""

    def test_public_actions_return_marshalable_values(self):
        card = self._a_card(phone="13800138095", contact_name="Marshal")
        visit = self.env["sales.visit"].create(
            {
                "customer_name": "Marshal",
                "phone": "13800138095",
                "user_id": self.salesperson.id,
                "team_id": self.team.id,
            }
        )
        buyer = self.env["res.partner"].create({"name": "Marshal Buyer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": buyer.id,
                "user_id": self.salesperson.id,
                "order_line": [(0, 0, {"product_id": self.car_suv.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        c_card = self.env["sales.c.card"].search([("sale_order_id", "=", order.id)])
        c_card.delivery_date = c_card.date
        calls = [
            (card, "action_spm_followup_done"),
            (visit, "action_link_existing_a_card"),
            (visit, "action_create_a_card"),
            (c_card, "action_confirm_delivery"),
            (c_card, "action_view_sale_order"),
            (self.env["sales.daily.report"], "action_export_xlsx"),
        ]
        for record, method in calls:
            with self.subTest(method=method):
                result = getattr(record.with_user(self.salesperson), method)()
                self.assertIsNotNone(result)
                xmlrpc.client.dumps((result,), allow_none=False)
