"""Computing appraisals costs a fixed number of queries, chatter and activities included."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .test_appraisal_common import AppraisalCommon

# The first compute of a batch of appraisals of one company: figures, targets, lines,
# totals, the status and its tracking message, the review activities and their followers.
FIRST_COMPUTE_QUERIES = 29


@tagged("post_install", "-at_install")
class TestPerfAppraisal(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = cls.env["res.users"].create(
            [
                {
                    "name": "SPM Perf %s" % i,
                    "login": "spm_perf_%s" % i,
                    "groups_id": [Command.link(cls.env.ref("sales_team.group_sale_salesman").id)],
                }
                for i in range(22)
            ]
        )
        cls.team.member_ids |= users
        partner = cls._partner("SPM Perf Customer")
        for user in users[:4]:
            cls._order(user, partner, 1000, date(2031, 2, 1))
            cls._target(user, 2000)
        cls.users = users
        # as in use: the chatter tracks (the shared fixtures turn tracking off)
        cls.tracked_env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))

    def _appraisals(self, users):
        return self.tracked_env["sales.appraisal"].create(
            [
                {
                    "user_id": user.id,
                    "team_id": self.team.id,
                    "template_id": self.template.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
                for user in users
            ]
        )

    def _count_first_compute(self, appraisals):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(FIRST_COMPUTE_QUERIES):
            appraisals.action_compute()
            self.env.flush_all()
            self.env.cr.precommit.run()  # what the commit writes (mail.thread's tracking)
        return self.cr.sql_log_count - before

    def test_first_compute_costs_the_same_for_2_or_20_appraisals(self):
        # warm Odoo's caches, the commit's work included (bus notifications of new activities)
        self._appraisals(self.users[21:]).action_compute()
        self.env.flush_all()
        self.env.cr.precommit.run()
        # both batches mix people with orders and targets (users 0-3) and people without
        small = self._appraisals(self.users[0] | self.users[4])
        large = self._appraisals(self.users[1:4] | self.users[5:20])
        counts = [self._count_first_compute(small), self._count_first_compute(large)]
        self.assertEqual(counts[0], counts[1], "2 and 18 appraisals")
        # each appraisal: one status message tracking Draft -> Computed, one activity for its person
        acknowledge = self.env.ref("sales_process_mgmt.mail_activity_type_appraisal_acknowledge")
        for appraisal in small | large:
            messages = appraisal.message_ids.filtered("tracking_value_ids")
            self.assertEqual(len(messages), 1, appraisal.name)
            tracking = messages.tracking_value_ids
            self.assertEqual(tracking.field_id.name, "state")
            self.assertEqual((tracking.old_value_char, tracking.new_value_char), ("Draft", "Computed"))
            self.assertEqual(messages.author_id, self.env.user.partner_id)
            activity = appraisal.activity_ids
            self.assertEqual((activity.activity_type_id, activity.user_id), (acknowledge, appraisal.user_id))
            self.assertIn(appraisal.user_id.partner_id, appraisal.message_partner_ids)
            self.assertEqual(appraisal.state, "confirmed")

    def test_status_written_earlier_in_the_transaction_is_tracked_once(self):
        appraisal = self._appraisals(self.users[:1])
        # a tracked write before the compute, in the same transaction
        appraisal.write({"manager_comment": "Ready", "team_id": self.team.id})
        appraisal.action_compute()
        self.env.flush_all()
        self.env.cr.precommit.run()
        states = appraisal.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(len(states), 1)
        self.assertEqual(states.new_value_char, "Computed")

    def test_untracked_context_logs_nothing(self):
        appraisal = self._appraisals(self.users[:1]).with_context(mail_notrack=True)
        appraisal.action_compute()
        self.env.cr.precommit.run()
        self.assertFalse(appraisal.message_ids.tracking_value_ids)
