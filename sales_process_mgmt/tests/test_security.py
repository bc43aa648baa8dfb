# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Access and privacy across the addon: what each role may read and write.

The capability test files cover the common cases (per-role reads, the force
wizard, checklist ticks); these tests cover the remaining holes: private
downloads, RPC writes of fields that only the system sets, configuration of
another company, and appraisals that a team leader would grade themselves.
"""

import base64
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import SpmCardsCommon
from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestSecurityExports(SpmCardsCommon):
    def _export_id(self, user):
        action = (
            self.env["sales.xlsx.export"]
            .with_user(user)
            ._download_action(
                base64.b64encode(b"secret figures of " + user.login.encode()),
                "Appraisals.xlsx",
            )
        )
        return int(action["url"].split("&id=")[1].split("&")[0])

    def test_xlsx_export_is_readable_by_its_creator_only(self):
        export_id = self._export_id(self.salesperson)
        Export = self.env["sales.xlsx.export"]
        self.assertTrue(Export.with_user(self.salesperson).browse(export_id).read(["file"])[0]["file"])
        for user in (self.salesperson2, self.leader, self.director, self.other_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Export.with_user(user).browse(export_id).read(["file"])
                self.assertNotIn(export_id, Export.with_user(user).search([]).ids)
                with self.assertRaises(AccessError):
                    Export.with_user(user).browse(export_id).write({"filename": "x.xlsx"})


@tagged("post_install", "-at_install")
class TestSecurityCards(SpmCardsCommon):
    def test_salesperson_cannot_backdate_an_a_card(self):
        lead = self._a_card()
        today = lead.a_card_date
        with self.assertRaises(AccessError):
            lead.with_user(self.salesperson).write({"a_card_date": date(2020, 1, 1)})
        with self.assertRaises(AccessError):
            lead.with_user(self.leader).write({"a_card_date": date(2020, 1, 1)})
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(self.salesperson).create(
                {
                    "name": "Backdated",
                    "type": "opportunity",
                    "contact_name": "Han Meimei",
                    "phone": "13800138111",
                    "intended_model_id": self.sedan.id,
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "a_card_date": date(2020, 1, 1),
                }
            )
        self.assertEqual(lead.a_card_date, today)
        incomplete = self._a_card(phone=False, contact_name="Not a card")
        for vals in ({"is_a_card": True}, {"checklist_progress": 100}, {"checklist_incomplete": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                incomplete.with_user(self.salesperson).write(vals)
        self.assertFalse(incomplete.is_a_card)
        # an administrator corrects the history (imports of older cards)
        lead.with_user(self.director).write({"a_card_date": date(2026, 1, 5)})
        self.assertEqual(lead.a_card_date, date(2026, 1, 5))
        # the salesperson still edits the card itself
        lead.with_user(self.salesperson).write({"intent_level": "h"})

    def test_salesperson_cannot_forge_visit_counters(self):
        visit = (
            self.env["sales.visit"]
            .with_user(self.salesperson)
            .create(
                {
                    "customer_name": "Zhang San",
                    "purpose": "errand",
                    "user_id": self.salesperson.id,
                    "team_id": self.team.id,
                    "intended_model_id": self.sedan.id,
                }
            )
        )
        self.assertFalse(visit.counts_as_group)
        for vals in (
            {"counts_as_group": True},
            {"counted_date": date(2026, 4, 1)},
            {"not_counted_reason": "none"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                visit.with_user(self.salesperson).write(vals)
        self.assertFalse(visit.counts_as_group)

    def test_salesperson_cannot_forge_c_card_completeness(self):
        buyer = self.env["res.partner"].create({"name": "Wang Wu"})
        card = self.env["sales.c.card"].create(
            {"partner_id": buyer.id, "user_id": self.salesperson.id, "team_id": self.team.id}
        )
        before = card.completeness
        self.assertLess(before, 100)
        for user in (self.salesperson, self.director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                card.with_user(user).write({"completeness": 100.0})
        self.assertEqual(card.completeness, before)

    def test_leader_sees_own_team_not_another_team_of_the_company(self):
        leader2 = new_test_user(
            self.env,
            "spm_sec_leader2",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
        )
        seller3 = new_test_user(
            self.env, "spm_sec_seller3", groups="sales_team.group_sale_salesman", company_id=self.company.id
        )
        team3 = self.env["crm.team"].create(
            {
                "name": "SPM Security Team 3",
                "user_id": leader2.id,
                "company_id": self.company.id,
                "member_ids": [Command.set(seller3.ids)],
            }
        )
        Visit = self.env["sales.visit"]
        mine = Visit.create(
            {
                "customer_name": "A",
                "user_id": self.salesperson.id,
                "team_id": self.team.id,
                "company_id": self.company.id,
            }
        )
        theirs = Visit.create(
            {"customer_name": "B", "user_id": seller3.id, "team_id": team3.id, "company_id": self.company.id}
        )
        seen = Visit.with_user(self.leader).search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(seen, mine)
        seen = Visit.with_user(leader2).search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(seen, theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.leader).read(["customer_name"])

    def test_administrator_of_one_company_sees_nothing_of_the_other(self):
        lead = self._a_card()
        visit = self.env["sales.visit"].create(
            {
                "customer_name": "A",
                "user_id": self.salesperson.id,
                "team_id": self.team.id,
                "company_id": self.company.id,
                "lead_id": lead.id,
            }
        )
        for record in (lead, visit):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.other_user).read(["display_name"])
        lines = (
            self.env["sales.checklist.line"].with_user(self.other_user).search([("lead_id", "=", lead.id)])
        )
        self.assertFalse(lines)


@tagged("post_install", "-at_install")
class TestSecurityAppraisals(AppraisalCommon):
    def test_template_kpis_and_grades_stay_in_their_company(self):
        template = self.template.copy({"name": "SPM Company 1 Template", "company_id": self.company.id})
        self.assertTrue(template.line_ids and template.grade_ids)
        Line = self.env["sales.appraisal.template.line"].with_user(self.other_user)
        Grade = self.env["sales.appraisal.grade"].with_user(self.other_user)
        self.assertFalse(Line.search([("template_id", "=", template.id)]))
        self.assertFalse(Grade.search([("template_id", "=", template.id)]))
        with self.assertRaises(AccessError):
            template.grade_ids.with_user(self.other_user).read(["name"])
        # shared templates (no company) stay readable everywhere
        self.assertTrue(Line.search([("template_id", "=", self.template.id)]))
        self.assertTrue(template.line_ids.with_user(self.salesperson).read(["weight"]))

    def test_salesperson_rpc_writes_on_appraisals_refused(self):
        appraisal = self._appraisal(self.salesperson)
        appraisal.action_compute()
        mine = appraisal.with_user(self.salesperson)
        for vals in (
            {"state": "approved"},
            {"total_score": 150.0},
            {"manager_comment": "great"},
            {"user_id": self.salesperson2.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        with self.assertRaises(AccessError):
            mine.line_ids[:1].write({"actual_override": 1e9, "override": True, "override_reason": "x"})
        with self.assertRaises(AccessError):
            mine.unlink()
        mine.write({"self_assessment": "A good quarter."})
        self.assertEqual(appraisal.state, "confirmed")

    def test_leader_cannot_grade_own_appraisal(self):
        self.team.member_ids = [Command.link(self.leader.id)]
        own = self._appraisal(self.leader)
        own.action_compute()
        line = own.line_ids.filtered(lambda line: line.kpi_id == self.kpi_attitude)
        with self.assertRaises(AccessError):
            line.with_user(self.leader).write(
                {"override": True, "actual_override": 200, "override_reason": "me"}
            )
        with self.assertRaises(AccessError):
            own.with_user(self.leader).write({"manager_comment": "Excellent, says I."})
        own.with_user(self.leader).write({"self_assessment": "My quarter."})
        # the leader still reviews the team's appraisals, and the director the leader's
        peer = self._appraisal(self.salesperson)
        peer.action_compute()
        peer.with_user(self.leader).write({"manager_comment": "Keep it up."})
        self.env["sales.appraisal.resolve"].with_user(self.director).create(
            {"line_id": line.id, "mode": "correct", "actual": 90}
        ).action_apply()
        self.assertEqual(line.actual, 90)

    def test_salesperson_never_sees_peer_targets_or_appraisals_in_any_company(self):
        appraisal = self._appraisal(self.salesperson2)
        target = self._target(self.salesperson2, 1000)
        for record in (appraisal, appraisal.line_ids[:1], target):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    record.with_user(self.salesperson).read(["display_name"])
                with self.assertRaises(AccessError):
                    record.with_user(self.other_user).read(["display_name"])
