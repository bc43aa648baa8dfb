"""Bad input on targets, KPIs, templates, appraisals and their wizards: a clean message, nothing written."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .test_appraisal_common import AppraisalCommon

NAN = float("nan")
INF = float("inf")


@tagged("post_install", "-at_install")
class TestBadInputAppraisal(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.target = cls._target(cls.salesperson, 1000)
        cls.appraisal = cls._appraisal(cls.salesperson)
        cls.appraisal.action_compute()

    def _target_vals(self, **kw):
        vals = {
            "name": "Bad",
            "scope": "user",
            "user_id": self.salesperson2.id,
            "team_id": self.team.id,
            "period_type": "quarter",
            "date_from": self.date_from,
            "date_to": self.date_to,
        }
        vals.update(kw)
        return vals

    def assertRefusedCreate(self, model, vals_list, exception=ValidationError):
        Model = self.env[model].with_context(active_test=False)
        before = Model.search_count([])
        with self.assertRaises(exception):
            with self.env.cr.savepoint():
                self.env[model].create(vals_list)
                self.env.flush_all()
        self.assertEqual(Model.search_count([]), before)

    def assertRefusedWrite(self, record, vals, exception=ValidationError):
        fnames = list(vals)
        before = record.read(fnames)[0]
        with self.assertRaises(exception):
            with self.env.cr.savepoint():
                record.write(vals)
                self.env.flush_all()
        record.invalidate_recordset()
        self.assertEqual(record.read(fnames)[0], before)

    # ------------------------------------------------------------ targets

    def test_target_not_a_number(self):
        for fname in ("amount_target", "collection_target", "unit_target"):
            with self.subTest(fname=fname):
                self.assertRefusedCreate("sales.target", self._target_vals(**{fname: NAN}))

    def test_target_infinite(self):
        self.assertRefusedWrite(self.target, {"amount_target": INF})

    def test_target_too_large(self):
        self.assertRefusedWrite(self.target, {"collection_target": 1e16})

    def test_target_negative(self):
        self.assertRefusedCreate("sales.target", self._target_vals(new_customer_target=-1))

    def test_target_ending_at_the_end_of_the_calendar(self):
        self.assertRefusedCreate("sales.target", self._target_vals(date_to=date(9999, 12, 31)))
        self.assertRefusedWrite(self.target, {"date_from": date(1, 1, 1)})

    def test_target_reversed_period(self):
        self.assertRefusedWrite(self.target, {"date_from": date(2031, 4, 1)})

    def test_target_far_period_reads_safely(self):
        far = self.env["sales.target"].create(
            self._target_vals(date_from=date(9998, 1, 1), date_to=date(9998, 12, 31))
        )
        far.invalidate_recordset()
        self.assertEqual(far.amount_achieved, 0.0)
        self.assertTrue(self.env["sales.target"].with_user(self.leader).search_read([], ["amount_achieved"]))

    def test_target_actions_return_marshalable_values(self):
        self.assertIs(self.target.action_confirm(), True)
        self.assertIs(self.target.action_confirm(), True)  # already confirmed: nothing to do, still True
        self.assertIsInstance(self.target.with_user(self.director).action_reset_draft(), dict)

    def test_target_reset_without_reason(self):
        self.target.action_confirm()
        wizard = (
            self.env["sales.appraisal.reset"]
            .with_user(self.director)
            .with_context(active_model="sales.target", active_ids=self.target.ids)
            .create({"reason": "   "})
        )
        with self.assertRaises(UserError):
            wizard.action_reset()
        self.assertEqual(self.target.state, "confirmed")

    # ------------------------------------------------------------ KPIs

    def test_kpi_floor_above_cap(self):
        self.assertRefusedWrite(self.kpi_revenue, {"score_floor": 200.0, "score_cap": 150.0})

    def test_kpi_not_a_number(self):
        self.assertRefusedWrite(self.kpi_revenue, {"bonus_per_pct": NAN})

    def test_kpi_infinite_cap(self):
        self.assertRefusedWrite(self.kpi_revenue, {"score_cap": INF})

    def test_kpi_negative_penalty(self):
        self.assertRefusedWrite(self.kpi_revenue, {"penalty_per_pct": -1.0})

    def test_kpi_duplicate_code(self):
        self.assertRefusedCreate("sales.kpi", {"name": "Copy", "code": self.kpi_revenue.code})

    # ------------------------------------------------------------ templates

    def test_template_negative_weight(self):
        self.assertRefusedCreate(
            "sales.appraisal.template",
            {
                "name": "Bad",
                "line_ids": [
                    Command.create({"kpi_id": self.kpi_attitude.id, "weight": -50, "target_value": 1}),
                    Command.create({"kpi_id": self.kpi_collection.id, "weight": 150, "target_value": 1}),
                ],
            },
        )

    def test_template_weight_not_a_number(self):
        self.assertRefusedWrite(self.template.line_ids[0], {"weight": NAN})

    def test_template_weights_150_through_the_lines(self):
        line = self.template.line_ids[0]
        self.assertRefusedWrite(line, {"weight": line.weight + 50})

    def test_template_fixed_zero_target_on_relative_kpi(self):
        line = self.template.line_ids.filtered(lambda line: line.kpi_id == self.kpi_revenue)
        self.assertRefusedWrite(line, {"target_source": "fixed", "target_value": 0.0})

    def test_template_sales_target_on_manual_kpi(self):
        line = self.template.line_ids.filtered(lambda line: line.kpi_id == self.kpi_attitude)
        self.assertRefusedWrite(line, {"target_source": "sales_target"})

    def test_template_target_infinite(self):
        line = self.template.line_ids.filtered(lambda line: line.kpi_id == self.kpi_attitude)
        self.assertRefusedWrite(line, {"target_value": INF})

    def test_grade_min_score_not_a_number(self):
        self.assertRefusedWrite(self.template.grade_ids[0], {"min_score": NAN})

    # ------------------------------------------------------------ appraisals and their wizards

    def test_appraisal_period_at_the_end_of_the_calendar(self):
        self.assertRefusedCreate(
            "sales.appraisal",
            {
                "user_id": self.salesperson2.id,
                "team_id": self.team.id,
                "template_id": self.template.id,
                "date_from": date(9999, 1, 1),
                "date_to": date(9999, 12, 31),
            },
        )

    def test_appraisal_reversed_period(self):
        self.assertRefusedCreate(
            "sales.appraisal",
            {
                "user_id": self.salesperson2.id,
                "team_id": self.team.id,
                "template_id": self.template.id,
                "date_from": date(2031, 3, 1),
                "date_to": date(2031, 1, 1),
            },
        )

    def _resolve(self, mode, kpi=None, **values):
        line = self._line(self.appraisal, kpi or self.kpi_revenue)
        before = line.read(["target", "actual", "excluded", "override", "target_source"])[0]
        with self.assertRaises(UserError):  # ValidationError is a UserError
            self.env["sales.appraisal.resolve"].with_user(self.leader).create(
                {"line_id": line.id, "mode": mode, **values}
            ).action_apply()
        line.invalidate_recordset()
        self.assertEqual(line.read(list(before))[0], before)

    def test_resolve_target_not_a_number(self):
        self._resolve("target", target=NAN, reason="x")

    def test_resolve_target_zero_on_relative_kpi(self):
        self._resolve("target", target=0.0, reason="x")

    def test_resolve_actual_infinite(self):
        self._resolve("correct", actual=INF, reason="x")

    def test_resolve_exclusion_without_reason(self):
        self._resolve("exclude", reason="")

    def test_split_into_too_many_parts(self):
        target = self.env["sales.target"].create(
            self._target_vals(
                name="Decade", period_type="year", date_from=date(2031, 1, 1), date_to=date(2040, 12, 31)
            )
        )
        wizard = self.env["sales.target.split"].create({"target_id": target.id, "child_period": "month"})
        with self.assertRaises(UserError):
            wizard.action_split()
        self.assertFalse(target.child_ids)

    def test_split_weights_not_a_number(self):
        target = self.env["sales.target"].create(
            self._target_vals(
                name="Year", period_type="year", date_from=date(2031, 1, 1), date_to=date(2031, 12, 31)
            )
        )
        wizard = self.env["sales.target.split"].create({"target_id": target.id, "method": "weights"})
        with self.assertRaises(ValidationError):
            wizard.line_ids[0].weight = NAN
        wizard.line_ids[0].weight = -1
        with self.assertRaises(UserError):
            wizard.action_split()
        self.assertFalse(target.child_ids)

    def test_generate_reversed_period(self):
        Wizard = self.env["sales.appraisal.generate"]
        before = Wizard.search_count([])
        with self.assertRaises(UserError):
            with self.env.cr.savepoint():
                Wizard.with_user(self.leader).create(
                    {
                        "team_id": self.team.id,
                        "template_id": self.template.id,
                        "date_from": date(2031, 3, 1),
                        "date_to": date(2031, 1, 1),
                    }
                )
        self.assertEqual(Wizard.search_count([]), before)

    def test_appraisal_actions_return_marshalable_values(self):
        self.assertIs(self.appraisal.with_user(self.leader).action_compute(), True)
        self.assertIsInstance(self.appraisal.action_reset_draft_wizard(), dict)
        self.assertIsInstance(
            self._line(self.appraisal, self.kpi_revenue).with_user(self.leader).action_resolve(), dict
        )
        self.assertIsInstance(self.appraisal.action_export_xlsx(), dict)
