"""Appraisals: templates, compute, scores and grades, workflow, locking, access, query count."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestAppraisal(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer_a = cls._partner("SPM Appraisal Customer A")
        customer_b = cls._partner("SPM Appraisal Customer B")
        # salesperson: 110,000 revenue on a 100,000 target, 2 new customers of 2, 104,500 collected
        cls._order(cls.salesperson, customer_a, 60000, date(2031, 1, 10))
        cls._order(cls.salesperson, customer_b, 50000, date(2031, 2, 10))
        cls._invoice(cls.salesperson, customer_a, 110000, date(2031, 2, 15), paid=104500)
        cls.target = cls._target(cls.salesperson, 100000, new_customers=2)
        # salesperson2: 90,000 revenue on a 100,000 target, nothing new
        old = cls._partner("SPM Appraisal Old Customer")
        cls._order(cls.salesperson2, old, 1000, date(2030, 6, 1))
        cls._order(cls.salesperson2, old, 90000, date(2031, 3, 1))
        cls._target(cls.salesperson2, 100000, new_customers=1)
        cls.appraisal = cls._appraisal(cls.salesperson)
        cls.appraisal2 = cls._appraisal(cls.salesperson2)

    # ------------------------------------------------------------ templates

    def test_template_weights_must_total_100(self):
        with self.assertRaises(ValidationError):
            self.env["sales.appraisal.template"].create(
                {
                    "name": "Bad",
                    "line_ids": [
                        Command.create({"kpi_id": self.kpi_revenue.id, "weight": 60}),
                        Command.create({"kpi_id": self.kpi_collection.id, "weight": 30}),
                    ],
                }
            )
        with self.assertRaises(ValidationError):
            self.template.write({"line_ids": [Command.update(self.template.line_ids[0].id, {"weight": 51})]})
        self.assertEqual(self.template.total_weight, 100.0)
        with self.assertRaises(ValidationError):
            self.env["sales.appraisal.template"].create(
                {
                    "name": "Bad source",
                    "line_ids": [
                        Command.create(
                            {"kpi_id": self.kpi_attitude.id, "weight": 100, "target_source": "sales_target"}
                        )
                    ],
                }
            )

    def test_shipped_templates(self):
        for xmlid in ("sales_appraisal_template_salesperson", "sales_appraisal_template_manager"):
            template = self.env.ref("sales_process_mgmt." + xmlid)
            self.assertEqual(template.total_weight, 100.0)
            self.assertEqual(len(template.grade_ids), 4)
        salesperson = self.env.ref("sales_process_mgmt.sales_appraisal_template_salesperson")
        heaviest = salesperson.line_ids.sorted("weight", reverse=True)
        self.assertEqual(heaviest[0].kpi_id.metric, "revenue_completion")
        self.assertEqual(self.env.ref("sales_process_mgmt.sales_appraisal_template_manager").subject, "team")

    # ------------------------------------------------------------ compute

    def test_create_copies_the_template_lines(self):
        self.assertEqual(self.appraisal.line_ids.kpi_id, self.template.line_ids.kpi_id)
        self.assertEqual(sum(self.appraisal.line_ids.mapped("weight")), 100.0)
        self.assertEqual(self.appraisal.state, "draft")

    def test_compute_targets_actuals_scores_and_grade(self):
        (self.appraisal | self.appraisal2).with_user(self.leader).action_compute()
        self.assertEqual(self.appraisal.state, "confirmed")
        revenue = self._line(self.appraisal, self.kpi_revenue)
        self.assertEqual(revenue.target, 100000.0)
        self.assertAlmostEqual(revenue.actual, 110000.0)
        self.assertAlmostEqual(revenue.achievement, 110.0)
        self.assertAlmostEqual(revenue.score, 113.0)
        self.assertAlmostEqual(revenue.weighted_score, 56.5)
        collection = self._line(self.appraisal, self.kpi_collection)
        self.assertAlmostEqual(collection.actual, 95.0)  # 104,500 / 110,000
        self.assertAlmostEqual(collection.score, 100.0)
        new = self._line(self.appraisal, self.kpi_new_customers)
        self.assertEqual((new.target, new.actual, new.score), (2.0, 2.0, 100.0))
        # manual KPI without an entry: not assessable, no score, no grade yet
        attitude = self._line(self.appraisal, self.kpi_attitude)
        self.assertFalse(attitude.assessable)
        self.assertEqual(attitude.assessable_reason, "no_entry")
        self.assertEqual(attitude.score, 0.0)
        self.assertEqual(self.appraisal.unassessable_count, 1)
        self.assertFalse(self.appraisal.grade_id)
        self.assertAlmostEqual(self.appraisal.total_score, 56.5 + 20 + 20)
        self._resolve(self.appraisal, self.kpi_attitude, "correct", actual=80.0)
        # 80 against 100 points: 100 - 20 x 0.3 = 94, weighted 9.4
        self.assertAlmostEqual(attitude.score, 94.0)
        self.assertEqual(self.appraisal.unassessable_count, 0)
        self.assertAlmostEqual(self.appraisal.total_score, 56.5 + 20 + 20 + 9.4)
        self.assertEqual(self.appraisal.grade, "B")
        revenue2 = self._line(self.appraisal2, self.kpi_revenue)
        self.assertAlmostEqual(revenue2.score, 97.0)
        self.assertEqual(self._line(self.appraisal2, self.kpi_new_customers).actual, 0.0)
        # 97 x 50 % + nothing collected (71.5 x 20 %) + no new customer (70 x 20 %), attitude pending
        self.assertAlmostEqual(self.appraisal2.total_score, 48.5 + 14.3 + 14)
        self.assertFalse(self.appraisal2.grade_id)
        # the KPI Scores pivot (weighted scores summed per salesperson) agrees with the total
        groups = self.env["sales.appraisal.line"]._read_group(
            [("appraisal_id", "in", (self.appraisal | self.appraisal2).ids)],
            ["appraisal_id"],
            ["weighted_score:sum"],
        )
        for appraisal, total in groups:
            self.assertAlmostEqual(total, appraisal.total_score)

    def _resolve(self, appraisal, kpi, mode, user=None, **values):
        line = self._line(appraisal, kpi)
        wizard = (
            self.env["sales.appraisal.resolve"]
            .with_user(user or self.leader)
            .create({"line_id": line.id, "mode": mode, **values})
        )
        return wizard.action_apply()

    def test_correction_with_reason(self):
        self.appraisal.action_compute()
        revenue = self._line(self.appraisal, self.kpi_revenue)
        with self.assertRaises(UserError):
            self._resolve(self.appraisal, self.kpi_revenue, "correct", actual=100000.0)
        self.assertFalse(revenue.override)
        messages_before = len(self.appraisal.message_ids)
        self._resolve(
            self.appraisal, self.kpi_revenue, "correct", actual=100000.0, reason="Order SO123 belongs to Q2"
        )
        self.assertTrue(revenue.override)
        self.assertEqual(revenue.actual, 100000.0)
        self.assertEqual(revenue.actual_computed, 110000.0)
        self.assertEqual(revenue.score, 100.0)
        self.assertGreater(len(self.appraisal.message_ids), messages_before)
        self.assertIn("Order SO123 belongs to Q2", self.appraisal.message_ids[0].body)
        # computing again keeps the correction
        self.appraisal.action_compute()
        self.assertEqual(revenue.actual, 100000.0)

    def test_plan_accuracy_and_timeliness(self):
        timeliness = self.env.ref("sales_process_mgmt.sales_kpi_plan_timeliness")
        template = self.env["sales.appraisal.template"].create(
            {
                "name": "Plans",
                "line_ids": [
                    Command.create({"kpi_id": self.kpi_plan_accuracy.id, "weight": 50, "target_value": 90}),
                    Command.create({"kpi_id": timeliness.id, "weight": 50, "target_value": 100}),
                ],
            }
        )
        self.target.write({"state": "confirmed", "date_confirmed": date(2030, 12, 20)})
        (self.appraisal | self.appraisal2).unlink()  # one appraisal per person and period
        appraisal = self._appraisal(self.salesperson, template=template)
        appraisal2 = self._appraisal(self.salesperson2, template=template)
        (appraisal | appraisal2).action_compute()
        # planned 100,000, sold 110,000: 1 - 10 % = 90 %
        self.assertAlmostEqual(self._line(appraisal, self.kpi_plan_accuracy).actual, 90.0)
        self.assertAlmostEqual(self._line(appraisal, timeliness).actual, 100.0)
        self.assertAlmostEqual(self._line(appraisal2, timeliness).actual, 0.0)

    def test_team_template_uses_team_figures(self):
        template = self.env.ref("sales_process_mgmt.sales_appraisal_template_manager")
        self.env["sales.target"].create(
            {
                "name": "Team Q1",
                "scope": "team",
                "team_id": self.team.id,
                "period_type": "quarter",
                "date_from": self.date_from,
                "date_to": self.date_to,
                "amount_target": 200000.0,
            }
        )
        appraisal = self._appraisal(self.leader, template=template)
        self.env["sales.appraisal"].with_user(self.director).browse(appraisal.id).action_compute()
        revenue = self._line(appraisal, self.kpi_revenue)
        self.assertEqual(revenue.target, 200000.0)
        self.assertAlmostEqual(revenue.actual, 200000.0)

    def test_generate_wizard_skips_members_already_appraised(self):
        self.appraisal2.unlink()
        other_template = self.env.ref("sales_process_mgmt.sales_appraisal_template_salesperson")
        wizard = (
            self.env["sales.appraisal.generate"]
            .with_user(self.leader)
            .create(
                {
                    "team_id": self.team.id,
                    "template_id": other_template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        )
        action = wizard.action_generate()
        # salesperson already has one (another template): skipped and named
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(self.salesperson.name, action["params"]["message"])
        appraisals = self.env["sales.appraisal"].search(action["params"]["next"]["domain"])
        self.assertEqual(appraisals.user_id, self.salesperson2)
        self.assertEqual(appraisals.state, "confirmed")
        # nobody left to appraise: refused, naming them
        wizard = (
            self.env["sales.appraisal.generate"]
            .with_user(self.leader)
            .create(
                {
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Sally Salesperson"):
            wizard.action_generate()
        with self.assertRaises(AccessError):
            self.env["sales.appraisal.generate"].with_user(self.salesperson).create(
                {
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        other_team = self.env["crm.team"].create(
            {
                "name": "SPM Team Without Leader",
                "company_id": self.company.id,
                "member_ids": [Command.link(self.salesperson.id)],
            }
        )
        with self.assertRaises(AccessError):
            self.env["sales.appraisal.generate"].with_user(self.leader).create(
                {
                    "team_id": other_team.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )

    def test_one_appraisal_per_person_and_period(self):
        other_team = self.env["crm.team"].create(
            {
                "name": "SPM Second Team",
                "company_id": self.company.id,
                "member_ids": [Command.link(self.salesperson.id)],
            }
        )
        count = self.env["sales.appraisal"].search_count([])
        with self.assertRaisesRegex(ValidationError, "Sam Salesperson"):
            self._appraisal(
                self.salesperson,
                team=other_team,
                template=self.env.ref("sales_process_mgmt.sales_appraisal_template_salesperson"),
            )
        with self.assertRaises(ValidationError):
            self._appraisal(self.salesperson, date_from=date(2031, 3, 31), date_to=date(2031, 6, 30))
        with self.assertRaises(ValidationError):
            self.appraisal2.write({"user_id": self.salesperson.id})
        self.assertEqual(self.env["sales.appraisal"].search_count([]), count)
        # the next quarter is free; another company is another appraisal
        self._appraisal(self.salesperson, date_from=date(2031, 4, 1), date_to=date(2031, 6, 30))

    # ------------------------------------------------------------ workflow

    def test_workflow_and_locking_per_role(self):
        appraisal = self.appraisal
        as_sp = appraisal.with_user(self.salesperson)
        as_sp2 = appraisal.with_user(self.salesperson2)
        as_leader = appraisal.with_user(self.leader)
        as_director = appraisal.with_user(self.director)
        # only reviewers compute; nobody acknowledges a draft
        with self.assertRaises(AccessError):
            as_sp.action_compute()
        with self.assertRaises(UserError):
            as_sp.action_acknowledge()
        as_leader.action_compute()
        # a line that cannot be assessed blocks the acknowledgement until resolved
        with self.assertRaises(UserError):
            as_sp.action_acknowledge()
        self._resolve(appraisal, self.kpi_attitude, "correct", actual=100.0)
        # the salesperson may comment, nothing else
        as_sp.self_assessment = "Good quarter, two new customers."
        with self.assertRaises(AccessError):
            as_sp.manager_comment = "I am great"
        with self.assertRaises(AccessError):
            as_sp.write({"date_to": date(2031, 6, 30)})
        with self.assertRaises(AccessError):
            as_sp.line_ids[0].target = 1.0
        with self.assertRaises(AccessError):
            as_leader.line_ids[0].write({"score": 150.0})
        with self.assertRaises(AccessError):
            as_leader.write({"total_score": 150.0})
        with self.assertRaises(UserError):
            as_sp.write({"state": "approved"})
        # not yet acknowledged: no approval
        with self.assertRaises(UserError):
            as_leader.action_approve()
        # only the appraised salesperson acknowledges
        with self.assertRaises(AccessError):
            as_leader.action_acknowledge()
        with self.assertRaises(AccessError):
            as_sp2.action_acknowledge()
        as_sp.action_acknowledge()
        self.assertEqual(appraisal.state, "acknowledged")
        self.assertTrue(appraisal.date_acknowledged)
        # acknowledged figures cannot be computed again or edited
        with self.assertRaises(UserError):
            as_leader.action_compute()
        with self.assertRaises(AccessError):
            as_leader.line_ids[0].write({"target": 5.0})
        with self.assertRaises(UserError):
            self._resolve(appraisal, self.kpi_revenue, "correct", actual=1.0, reason="late")
        # the salesperson cannot approve; the leader of the team can
        with self.assertRaises(AccessError):
            as_sp.action_approve()
        as_leader.manager_comment = "Agreed."
        as_leader.action_approve()
        self.assertEqual(appraisal.state, "approved")
        self.assertEqual(appraisal.approved_by_id, self.leader)
        # approved is locked, for administrators too
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaises(UserError):
                appraisal.with_user(user).write(
                    {"self_assessment": "changed", "manager_comment": "x"}
                    if user != self.salesperson
                    else {"self_assessment": "x"}
                )
        with self.assertRaises(UserError):
            as_director.unlink()
        # only an administrator resets, with a reason that is logged
        with self.assertRaises(AccessError):
            as_leader._reset_to_draft("Wrong figures")
        with self.assertRaises(UserError):
            as_director._reset_to_draft("  ")
        wizard = (
            self.env["sales.appraisal.reset"]
            .with_user(self.director)
            .with_context(active_model="sales.appraisal", active_ids=appraisal.ids)
            .create({"reason": "Late invoice of SO42 was missing"})
        )
        wizard.action_reset()
        self.assertEqual(appraisal.state, "draft")
        self.assertFalse(appraisal.approved_by_id)
        self.assertIn("Late invoice of SO42 was missing", appraisal.message_ids[0].body)
        as_leader.unlink()
        self.assertFalse(appraisal.exists())

    def test_form_as_salesperson_edits_only_the_self_assessment(self):
        self.appraisal.action_compute()
        with Form(self.appraisal.with_user(self.salesperson)) as form:
            form.self_assessment = "Two new customers this quarter."
            with self.assertRaises(AssertionError):
                form.template_id = self.env.ref("sales_process_mgmt.sales_appraisal_template_salesperson")
            with self.assertRaises(AssertionError):
                form.manager_comment = "Excellent"
        self.assertEqual(self.appraisal.self_assessment, "Two new customers this quarter.")

    def test_leader_cannot_approve_own_appraisal(self):
        own = self._appraisal(self.leader)
        with self.assertRaises(AccessError):
            own.with_user(self.leader).action_compute()
        own.with_user(self.director).action_compute()
        with self.assertRaises(AccessError):
            self._resolve(own, self.kpi_attitude, "correct", actual=100.0)
        self._resolve(own, self.kpi_attitude, "correct", user=self.director, actual=100.0)
        self._resolve_pending(own, self.director)
        own.with_user(self.leader).action_acknowledge()
        with self.assertRaises(AccessError):
            own.with_user(self.leader).action_approve()
        own.with_user(self.director).action_approve()
        self.assertEqual(own.state, "approved")

    # ------------------------------------------------------------ access

    def test_privacy_per_role_and_company(self):
        other_team = self.env["crm.team"].create({"name": "SPM Team B", "company_id": self.company.id})
        outsider = self._appraisal(self.director, team=other_team)
        other_company = self.env["sales.appraisal"].create(
            {
                "user_id": self.other_user.id,
                "team_id": self.team2.id,
                "company_id": self.company2.id,
                "template_id": self.template.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        ids = (self.appraisal | self.appraisal2 | outsider | other_company).ids
        Appraisal = self.env["sales.appraisal"]
        self.assertEqual(Appraisal.with_user(self.salesperson).search([("id", "in", ids)]), self.appraisal)
        with self.assertRaises(AccessError):
            self.appraisal2.with_user(self.salesperson).read(["total_score"])
        with self.assertRaises(AccessError):
            self.appraisal2.line_ids.with_user(self.salesperson).read(["score"])
        lines = (
            self.env["sales.appraisal.line"].with_user(self.salesperson).search([("appraisal_id", "in", ids)])
        )
        self.assertEqual(lines.appraisal_id, self.appraisal)
        with self.assertRaises(AccessError):
            Appraisal.with_user(self.salesperson).create(
                {
                    "user_id": self.salesperson.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        self.assertEqual(
            Appraisal.with_user(self.leader).search([("id", "in", ids)]), self.appraisal | self.appraisal2
        )
        with self.assertRaises(AccessError):
            outsider.with_user(self.leader).read(["total_score"])
        self.assertEqual(
            Appraisal.with_user(self.director).search([("id", "in", ids)]),
            self.appraisal | self.appraisal2 | outsider,
        )
        self.assertEqual(Appraisal.with_user(self.other_user).search([("id", "in", ids)]), other_company)
        with self.assertRaises(AccessError):
            self.appraisal.with_user(self.other_user).read(["total_score"])
        # a salesperson who is not the team's leader cannot review a peer
        with self.assertRaises(AccessError):
            self.appraisal2.with_user(self.salesperson).action_compute()

    def test_configuration_is_for_administrators(self):
        with self.assertRaises(AccessError):
            self.kpi_revenue.with_user(self.leader).write({"bonus_per_pct": 5.0})
        with self.assertRaises(AccessError):
            self.template.with_user(self.leader).write({"name": "Mine"})
        self.kpi_revenue.with_user(self.salesperson).read(["name"])
        self.kpi_revenue.with_user(self.director).write({"bonus_per_pct": 1.5})

    # ------------------------------------------------------------ performance

    def test_compute_query_count_does_not_grow(self):
        users = self.env["res.users"].create(
            [
                {
                    "name": "SPM Bulk %s" % i,
                    "login": "spm_bulk_%s" % i,
                    "groups_id": [Command.link(self.env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(26)
            ]
        )
        self.team.member_ids |= users
        partner = self._partner("SPM Bulk Customer")
        for user in users[:5]:
            self._order(user, partner, 1000, date(2031, 2, 1))
            self._target(user, 2000)
        small = self.env["sales.appraisal"].create(
            [
                {
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 3, 31),
                }
                for user in users[:2]
            ]
        )
        large = self.env["sales.appraisal"].create(
            [
                {
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": date(2031, 1, 1),
                    "date_to": date(2031, 3, 31),
                }
                for user in users[2:]
            ]
        )
        # 24 appraisals of 4 lines: below Odoo's 100 rows per UPDATE statement (a batch of 200
        # appraisals costs one more statement per 100 lines written, nothing per appraisal)
        self.env.flush_all()
        self.env.invalidate_all()
        self.appraisal.action_compute()  # warm Odoo's caches (access rules, translations)

        def count(batch):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            batch.action_compute()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        # the first compute also gives each salesperson an activity: Odoo's mail.activity.create
        # subscribes each assignee to the record (a few queries per distinct recipient)
        first = [count(small), count(large)]
        self.assertLessEqual(first[1] - first[0], 5 * (len(large) - len(small)), first)
        count(small)  # warm the caches of a recompute
        # computing again: one query per figure and per table, whatever the number of appraisals
        again = []
        for batch in (small, large):
            with self.assertQueryCount(11):
                again.append(count(batch))
        # assertQueryCount only fails above the figure: the two counts are equal too
        self.assertEqual(again[0], again[1], again)
        self.assertAlmostEqual(self._line(large[0], self.kpi_revenue).actual, 1000.0)
        self.assertAlmostEqual(self._line(large[0], self.kpi_revenue).target, 2000.0)
        self.assertEqual(set(large.mapped("state")), {"confirmed"})
