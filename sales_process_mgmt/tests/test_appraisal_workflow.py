"""Appraisals a company can pay on: assessable lines, resolving them, a closed workflow, activities."""

import io
import threading
from datetime import date

import openpyxl

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_appraisal_common import AppraisalCommon

ACK = "sales_process_mgmt.mail_activity_type_appraisal_acknowledge"
APPROVE = "sales_process_mgmt.mail_activity_type_appraisal_approve"


@tagged("post_install", "-at_install")
class TestAppraisalWorkflow(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lin = new_test_user(
            cls.env,
            "spm_lin_xiao",
            groups="sales_team.group_sale_salesman",
            name="Lin Xiao",
            company_id=cls.company.id,
        )
        cls.team.member_ids = [Command.link(cls.lin.id)]
        cls.shipped = cls.env.ref("sales_process_mgmt.sales_appraisal_template_salesperson")
        cls.other_leader = new_test_user(
            cls.env,
            "spm_other_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Olga Other Leader",
            company_id=cls.company.id,
        )
        cls.other_team = cls.env["crm.team"].create(
            {
                "name": "SPM Other Team",
                "company_id": cls.company.id,
                "user_id": cls.other_leader.id,
                "member_ids": [Command.link(cls.salesperson2.id)],
            }
        )
        cls.director2 = new_test_user(
            cls.env,
            "spm_director2",
            groups="sales_team.group_sale_manager",
            name="Dan Director",
            company_id=cls.company.id,
        )

    def _resolve(self, appraisal, kpi, mode, user=None, **values):
        line = appraisal.line_ids.filtered(lambda line: line.kpi_id == kpi)
        wizard = (
            self.env["sales.appraisal.resolve"]
            .with_user(user or self.leader)
            .create({"line_id": line.id, "mode": mode, **values})
        )
        return wizard.action_apply()

    # ------------------------------------------------------------ the scenario

    def test_lin_xiao_without_target_or_data_is_not_graded(self):
        appraisal = self._appraisal(self.lin, template=self.shipped)
        appraisal.with_user(self.leader).action_compute()
        lines = appraisal.line_ids
        self.assertFalse(any(lines.mapped("assessable")))
        reasons = {line.kpi_id.metric: line.assessable_reason for line in lines}
        self.assertEqual(
            reasons,
            {
                "revenue_completion": "no_target",
                "satisfaction": "no_results",
                "collection_rate": "no_revenue",
                "new_customer_rate": "no_target",
                "a_card_conversion": "no_base",
            },
        )
        self.assertEqual(set(lines.mapped("score")), {0.0})
        self.assertEqual(appraisal.total_score, 0.0)
        self.assertFalse(appraisal.grade_id)
        self.assertEqual(appraisal.unassessable_count, 5)
        with self.assertRaises(UserError):
            appraisal.with_user(self.lin).action_acknowledge()
        self.assertEqual(appraisal.state, "confirmed")
        # the leader resolves: a target for the revenue, the rest excluded with a reason
        revenue = lines.filtered(lambda line: line.kpi_id.metric == "revenue_completion")
        with self.assertRaises(UserError):  # a relative KPI with a target of 0 is refused
            self._resolve(appraisal, revenue.kpi_id, "target", target=0.0, reason="none")
        with self.assertRaises(UserError):  # an exclusion needs a written reason
            self._resolve(appraisal, lines[1].kpi_id, "exclude", reason="  ")
        self._resolve(appraisal, revenue.kpi_id, "target", target=100000.0, reason="Agreed on her first day")
        for line in lines - revenue:
            self._resolve(appraisal, line.kpi_id, "exclude", reason="First quarter: no data yet")
        self.assertEqual(appraisal.unassessable_count, 0)
        self.assertTrue(revenue.assessable)
        self.assertEqual(revenue.weight_effective, 100.0)  # the excluded weights go to the revenue
        self.assertAlmostEqual(appraisal.total_score, revenue.score)
        self.assertEqual(appraisal.grade_id, self.shipped._grade_for(appraisal.total_score))
        self.assertIn("First quarter: no data yet", appraisal.message_ids[0].body)
        # the export shows the exclusion
        workbook = openpyxl.load_workbook(io.BytesIO(appraisal._export_xlsx()))
        cells = [cell.value for row in workbook.worksheets[1].iter_rows() for cell in row]
        self.assertIn("First quarter: no data yet", cells)
        appraisal.with_user(self.lin).action_acknowledge()
        appraisal.with_user(self.leader).action_approve()
        self.assertEqual(appraisal.state, "approved")

    # ------------------------------------------------------------ who does what

    def test_lines_and_figures_are_the_applications(self):
        appraisal = self._appraisal(self.salesperson)
        appraisal.with_user(self.leader).action_compute()
        line = appraisal.line_ids[0]
        for user in (self.leader, self.director):
            for vals in (
                {"score": 150.0},
                {"weighted_score": 99.0},
                {"actual_computed": 1.0},
                {"excluded": True},
                {"weight": 90.0},
            ):
                with self.assertRaises(AccessError):
                    line.with_user(user).write(vals)
            for vals in (
                {"total_score": 122.3},
                {"grade_id": self.template.grade_ids[0].id},
                {"approved_by_id": user.id},
                {"state": "approved"},
            ):
                with self.assertRaises(AccessError):
                    appraisal.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                self.env["sales.appraisal.line"].with_user(user).create(
                    {"appraisal_id": appraisal.id, "kpi_id": self.kpi_attitude.id, "weight": 10}
                )
            with self.assertRaises(AccessError):
                line.with_user(user).unlink()
        self.assertTrue(line.exists())
        self.assertEqual(len(appraisal.line_ids), 4)
        # the self-assessment is the appraised person's own words
        with self.assertRaises(AccessError):
            appraisal.with_user(self.leader).write({"self_assessment": "Great, says the leader."})
        self.assertFalse(appraisal.self_assessment)

    def test_leader_manages_only_members_of_teams_they_lead(self):
        Appraisal = self.env["sales.appraisal"]
        with self.assertRaises(AccessError):  # not a member of a team they lead
            Appraisal.with_user(self.other_leader).create(
                {
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        with self.assertRaises(AccessError):  # their own
            Appraisal.with_user(self.leader).create(
                {
                    "user_id": self.leader.id,
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        mine = Appraisal.with_user(self.leader).create(
            {
                "user_id": self.salesperson.id,
                "team_id": self.team.id,
                "template_id": self.template.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.other_leader).action_compute()
        peer = self._appraisal(self.salesperson2, team=self.other_team)
        with self.assertRaises(AccessError):
            peer.with_user(self.leader).write({"manager_comment": "x"})
        with self.assertRaises(AccessError):
            peer.with_user(self.leader).action_compute()
        self.assertEqual(peer.state, "draft")

    def test_nobody_reviews_their_own_appraisal(self):
        own = self._appraisal(self.director, team=self.team)
        with self.assertRaises(AccessError):
            own.with_user(self.director).action_compute()
        own.with_user(self.director2).action_compute()
        self._resolve_pending(own, self.director2)
        own.with_user(self.director).action_acknowledge()
        with self.assertRaises(AccessError):
            own.with_user(self.director).action_approve()
        own.with_user(self.director2).action_approve()
        self.assertEqual(own.approved_by_id, self.director2)

    def test_activities_to_acknowledge_and_approve(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.lin.lang = "zh_CN"
        appraisal = self._appraisal(self.lin)
        appraisal.with_user(self.leader).action_compute()
        ack = appraisal.activity_ids
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.activity_type_id, self.env.ref(ACK))
        self.assertEqual(ack.user_id, self.lin)
        self.assertEqual(ack.summary, self.env.ref(ACK).with_context(lang="zh_CN").summary)
        appraisal.with_user(self.leader).action_compute()  # computing again adds none
        self.assertEqual(appraisal.activity_ids, ack)
        self._resolve(appraisal, self.kpi_attitude, "correct", actual=100.0)
        for kpi in (self.kpi_revenue, self.kpi_new_customers):
            self._resolve(appraisal, kpi, "target", target=10.0, reason="agreed")
        self._resolve(appraisal, self.kpi_collection, "exclude", reason="nothing sold")
        appraisal.with_user(self.lin).action_acknowledge()
        self.assertFalse(ack.exists() and ack.active)  # done
        self.assertNotIn(ack, appraisal.activity_ids)
        approve = appraisal.activity_ids
        self.assertEqual((approve.activity_type_id, approve.user_id), (self.env.ref(APPROVE), self.leader))
        appraisal.with_user(self.leader).action_approve()
        self.assertFalse(appraisal.activity_ids)

    # ------------------------------------------------------------ templates

    def test_template_line_target_source_defaults(self):
        template = self.env["sales.appraisal.template"].create(
            {
                "name": "Defaults",
                "line_ids": [
                    Command.create({"kpi_id": self.kpi_revenue.id, "weight": 60}),
                    Command.create({"kpi_id": self.kpi_attitude.id, "weight": 40, "target_value": 100}),
                ],
            }
        )
        self.assertEqual(template.line_ids.mapped("target_source"), ["sales_target", "fixed"])
        with self.assertRaisesRegex(ValidationError, "relative to its target"):
            self.env["sales.appraisal.template"].create(
                {
                    "name": "Zero",
                    "line_ids": [
                        Command.create(
                            {
                                "kpi_id": self.kpi_revenue.id,
                                "weight": 100,
                                "target_source": "fixed",
                                "target_value": 0,
                            }
                        )
                    ],
                }
            )

    def test_template_weights_checked_on_direct_line_writes(self):
        line = self.template.line_ids[0]
        with self.assertRaises(ValidationError):
            line.write({"weight": 100})
        with self.assertRaises(ValidationError):
            self.env["sales.appraisal.template.line"].create(
                {
                    "template_id": self.template.id,
                    "kpi_id": self.kpi_attitude.id,
                    "weight": 50,
                    "target_value": 1,
                }
            )
        with self.assertRaises(ValidationError):
            line.unlink()
        self.assertEqual(self.template.total_weight, 100.0)
        # two lines changed in one template write: checked once, at the end
        first, second = self.template.line_ids[:2]
        self.template.write(
            {
                "line_ids": [
                    Command.update(first.id, {"weight": first.weight - 10}),
                    Command.update(second.id, {"weight": second.weight + 10}),
                ]
            }
        )
        self.assertEqual(self.template.total_weight, 100.0)

    # ------------------------------------------------------------ targets

    def test_confirmed_target_is_locked_and_reset_with_reason(self):
        target = self._target(self.salesperson, 100000)
        self.assertIs(target.with_user(self.leader).action_confirm(), True)
        self.assertEqual(target.state, "confirmed")
        for user in (self.leader, self.director):
            with self.assertRaises(UserError):
                target.with_user(user).write({"amount_target": 1.0})
        with self.assertRaises(AccessError):
            target.with_user(self.leader).write({"state": "draft"})
        with self.assertRaises(AccessError):
            target.with_user(self.leader).action_reset_draft()
        action = target.with_user(self.director).action_reset_draft()
        self.assertEqual(action["res_model"], "sales.appraisal.reset")
        wizard = (
            self.env["sales.appraisal.reset"]
            .with_user(self.director)
            .with_context(**action["context"])
            .create({"reason": "Budget revised in March"})
        )
        wizard.action_reset()
        self.assertEqual(target.state, "draft")
        self.assertIn("Budget revised in March", target.message_ids[0].body)
        self.assertEqual(target.amount_target, 100000)

    def test_leader_sets_targets_of_members_only(self):
        Target = self.env["sales.target"]
        vals = {
            "name": "T",
            "scope": "user",
            "period_type": "quarter",
            "date_from": self.date_from,
            "date_to": self.date_to,
            "amount_target": 1000,
        }
        with self.assertRaises(AccessError):  # own target
            Target.with_user(self.leader).create(dict(vals, user_id=self.leader.id, team_id=self.team.id))
        with self.assertRaises(AccessError):  # the team target their own appraisal is scored against
            Target.with_user(self.leader).create(dict(vals, scope="team", team_id=self.team.id))
        with self.assertRaises(AccessError):  # a team they do not lead
            Target.with_user(self.leader).create(
                dict(vals, user_id=self.salesperson2.id, team_id=self.other_team.id)
            )
        with self.assertRaises(ValidationError):  # the salesperson must be a member of the team
            Target.create(dict(vals, user_id=self.other_leader.id, team_id=self.team.id))
        target = Target.with_user(self.leader).create(
            dict(vals, user_id=self.salesperson.id, team_id=self.team.id)
        )
        with self.assertRaises(AccessError):
            target.with_user(self.leader).write({"user_id": self.leader.id})
        with self.assertRaises(AccessError):
            target.with_user(self.other_leader).unlink()

    # ------------------------------------------------------------ concurrency

    def test_two_transactions_cannot_create_overlapping_appraisals(self):
        """The database refuses the second of two concurrent transactions (exclusion constraint)."""
        registry = self.env.registry
        user_id = self.env.ref("base.user_admin").id
        template_id = self.shipped.id
        company_id = self.env.ref("base.main_company").id
        period = {"date_from": date(2099, 1, 1), "date_to": date(2099, 3, 31)}
        barrier = threading.Barrier(2)
        results = []

        def create():
            try:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["sales.appraisal"].search_count([])  # both snapshots start before either commits
                    barrier.wait(timeout=10)
                    env["sales.appraisal"].create(
                        {"user_id": user_id, "company_id": company_id, "template_id": template_id, **period}
                    )
                    env.flush_all()
                    # two real transactions: the point of the test
                    cr.commit()  # pylint: disable=invalid-commit
                results.append("ok")
            except Exception as error:
                results.append(type(error).__name__)

        threads = [threading.Thread(target=create) for _i in range(2)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            self.assertEqual(results.count("ok"), 1, results)
        finally:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["sales.appraisal"].search(
                    [("user_id", "=", user_id), ("date_from", "=", period["date_from"])]
                ).unlink()
                # removes the committed row
                cr.commit()  # pylint: disable=invalid-commit
