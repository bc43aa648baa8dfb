# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import SpmCommon


class PipelineCommon(SpmCommon):
    """A small process of four stages on the shared team.

    S1: required manual item, optional manual item
    S2: required automatic item (phone filled), required approval item
    S3: required manual item
    S4: won, no item
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.process = cls.env["sales.process"].create({"name": "SPM Test Process"})
        Stage = cls.env["crm.stage"]
        cls.s1 = Stage.create({"name": "SPM S1", "sequence": 1, "process_id": cls.process.id})
        cls.s2 = Stage.create({"name": "SPM S2", "sequence": 2, "process_id": cls.process.id, "max_days": 3})
        cls.s3 = Stage.create({"name": "SPM S3", "sequence": 3, "process_id": cls.process.id})
        cls.s4 = Stage.create({"name": "SPM S4", "sequence": 4, "process_id": cls.process.id, "is_won": True})
        Item = cls.env["sales.checklist.item"]
        cls.i1 = Item.create({"stage_id": cls.s1.id, "name": "Greet the customer"})
        cls.i1_opt = Item.create({"stage_id": cls.s1.id, "name": "Offer a coffee", "required": False})
        cls.a2 = Item.create(
            {
                "stage_id": cls.s2.id,
                "name": "Phone recorded",
                "item_type": "auto",
                "auto_domain": "[('phone', '!=', False)]",
            }
        )
        cls.ap2 = Item.create(
            {
                "stage_id": cls.s2.id,
                "name": "Manager approval",
                "item_type": "approval",
                "approver_group_id": cls.env.ref("sales_team.group_sale_manager").id,
            }
        )
        cls.i3 = Item.create({"stage_id": cls.s3.id, "name": "Contract signed"})
        cls.team.process_id = cls.process
        cls.plain_team = cls.env["crm.team"].create({"name": "SPM Plain Team", "company_id": cls.company.id})
        cls.leader2 = new_test_user(
            cls.env,
            "spm_leader2",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Lena Other Leader",
            company_id=cls.company.id,
        )

    def _lead(self, user=None, **vals):
        values = {
            "name": "SPM Opportunity",
            "type": "opportunity",
            "team_id": self.team.id,
            "user_id": (user or self.salesperson).id,
        }
        values.update(vals)
        return self.env["crm.lead"].create(values)

    def _tick(self, lead, items, user=None):
        lines = lead.checklist_line_ids.filtered(lambda line: line.item_id in items)
        self.assertEqual(lines.item_id, items, "the lines of the items must exist")
        lines.with_user(user or self.director).write({"done": True})

    def _complete_s1(self, lead):
        self._tick(lead, self.i1, self.salesperson)


@tagged("post_install", "-at_install")
class TestPipelineGate(PipelineCommon):
    def test_new_lead_starts_in_first_stage_with_its_checklist(self):
        lead = self._lead()
        self.assertEqual(lead.stage_id, self.s1)
        self.assertEqual(lead.checklist_line_ids.item_id, self.i1 | self.i1_opt)
        self.assertEqual(lead.checklist_progress, 0)
        self.assertTrue(lead.checklist_incomplete)
        self.assertIn(lead, self.env["crm.lead"].search([("checklist_incomplete", "=", True)]))

    def test_team_without_process_keeps_odoo_stages(self):
        lead = self._lead(team_id=self.plain_team.id)
        self.assertFalse(lead.stage_id.process_id)
        self.assertFalse(lead.checklist_line_ids)
        Lead = self.env["crm.lead"]
        Stage = self.env["crm.stage"]
        plain_cols = Lead.with_context(default_team_id=self.plain_team.id)._read_group_stage_ids(Stage, [])
        self.assertFalse(plain_cols.process_id, "a team without a process never sees process stages")
        self.assertTrue(plain_cols)
        cols = Lead.with_context(default_team_id=self.team.id)._read_group_stage_ids(Stage, [])
        self.assertEqual(cols, self.s1 | self.s2 | self.s3 | self.s4)
        # Odoo's stages of the plain team are still reachable without the gate.
        odoo_stages = Stage.search([("process_id", "=", False), ("team_id", "=", False)], order="sequence")
        lead.write({"stage_id": odoo_stages[-1].id})
        self.assertEqual(lead.stage_id, odoo_stages[-1])

    def test_forward_write_refused_until_required_items_done(self):
        lead = self._lead()
        with self.assertRaisesRegex(UserError, "Greet the customer"):
            lead.with_user(self.salesperson).write({"stage_id": self.s2.id})
        self.assertEqual(lead.stage_id, self.s1)
        # The optional item does not block; the required one does until ticked.
        self._complete_s1(lead)
        self.assertEqual(lead.checklist_progress, 50)
        self.assertFalse(lead.checklist_incomplete)
        lead.with_user(self.salesperson).write({"stage_id": self.s2.id})
        self.assertEqual(lead.stage_id, self.s2)
        self.assertEqual(lead.checklist_line_ids.item_id, self.i1 | self.i1_opt | self.a2 | self.ap2)
        log = lead.stage_log_ids
        self.assertEqual(len(log), 1)
        self.assertEqual((log.stage_from_id, log.stage_to_id, log.move_type), (self.s1, self.s2, "forward"))
        self.assertFalse(log.is_override)

    def test_skipping_a_stage_reads_its_items_from_the_stage(self):
        lead = self._lead()
        self._complete_s1(lead)
        with self.assertRaises(UserError) as err:
            lead.with_user(self.salesperson).write({"stage_id": self.s3.id})
        self.assertIn("Phone recorded", str(err.exception))
        self.assertIn("Manager approval", str(err.exception))
        self.assertNotIn("Greet the customer", str(err.exception))
        self.assertFalse(
            lead.checklist_line_ids.filtered(lambda line: line.stage_id == self.s2),
            "no line is made for a stage the lead never entered",
        )

    def test_moving_back_is_allowed(self):
        lead = self._lead()
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        lead.with_user(self.salesperson).write({"stage_id": self.s1.id})
        self.assertEqual(lead.stage_id, self.s1)
        last = self.env["sales.stage.log"].search([("lead_id", "=", lead.id)], limit=1)
        self.assertEqual(last.move_type, "back")

    def test_form_statusbar_path(self):
        lead = self._lead()
        with self.assertRaises(UserError):
            with Form(lead.with_user(self.salesperson)) as form:
                form.stage_id = self.s2
        self.assertEqual(lead.stage_id, self.s1)

    def test_create_in_a_late_stage(self):
        Lead = self.env["crm.lead"]
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaisesRegex(UserError, "Greet the customer"):
                Lead.with_user(user).create(
                    {
                        "name": "SPM late",
                        "type": "opportunity",
                        "team_id": self.team.id,
                        "user_id": user.id,
                        "stage_id": self.s2.id,
                    }
                )
        # Kanban quick create in a later column passes the same gate.
        with self.assertRaises(UserError):
            Lead.with_user(self.salesperson).with_context(default_stage_id=self.s3.id).create(
                {
                    "name": "SPM quick",
                    "type": "opportunity",
                    "team_id": self.team.id,
                }
            )
        # The first stage is always fine, so is a late stage whose earlier items are automatic and met.
        lead = Lead.with_user(self.salesperson).create(
            {
                "name": "SPM first",
                "type": "opportunity",
                "team_id": self.team.id,
                "stage_id": self.s1.id,
            }
        )
        self.assertEqual(lead.stage_id, self.s1)

    def test_import_salesperson_refused_administrator_logged(self):
        Lead = self.env["crm.lead"].with_context(import_file=True)
        fields_ = ["name", "type", "team_id/.id", "stage_id/.id", "user_id/.id"]
        row = ["SPM imported", "opportunity", str(self.team.id), str(self.s3.id)]
        result = Lead.with_user(self.salesperson).load(fields_, [row + [str(self.salesperson.id)]])
        self.assertFalse(result["ids"])
        self.assertTrue(any("Greet the customer" in m["message"] for m in result["messages"]))
        # Without the import context even an administrator is refused: imports only.
        result = self.env["crm.lead"].with_user(self.director).load(fields_, [row + [str(self.director.id)]])
        self.assertFalse(result["ids"])
        result = Lead.with_user(self.director).load(fields_, [row + [str(self.director.id)]])
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        lead = self.env["crm.lead"].browse(result["ids"])
        self.assertEqual(lead.stage_id, self.s3)
        log = lead.stage_log_ids
        self.assertEqual(log.move_type, "import")
        self.assertTrue(log.is_override)
        self.assertEqual(log.open_item_ids, self.i1 | self.a2 | self.ap2)
        self.assertIn("Stage set by import", lead.message_ids[0].body)

    def test_action_set_won_is_gated_and_lands_on_first_won_stage(self):
        lead = self._lead(phone="+86 138 0000 0001")
        with self.assertRaisesRegex(UserError, "Contract signed"):
            lead.with_user(self.salesperson).action_set_won()
        self.assertEqual(lead.stage_id, self.s1)
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        self._tick(lead, self.ap2, self.director)
        lead.write({"stage_id": self.s3.id})
        self._tick(lead, self.i3, self.salesperson)
        lead.with_user(self.salesperson).action_set_won()
        self.assertEqual(lead.stage_id, self.s4)
        self.assertEqual(lead.probability, 100)

    def test_shipped_showroom_process_won_stages(self):
        showroom = self.env.ref("sales_process_mgmt.process_showroom")
        closing = self.env.ref("sales_process_mgmt.stage_showroom_closing")
        delivery = self.env.ref("sales_process_mgmt.stage_showroom_delivery")
        self.assertEqual(len(showroom.stage_ids), 9)
        self.assertEqual(len(self.env.ref("sales_process_mgmt.process_b2b").stage_ids), 8)
        self.team.process_id = showroom
        lead = self._lead()
        self.assertEqual(lead.stage_id, self.env.ref("sales_process_mgmt.stage_showroom_prospecting"))
        # A confirmed order wins the opportunity as a fact (superuser + reason): it lands
        # on the closing stage, the first won stage, and the passed items are logged.
        lead.sudo().with_context(spm_gate_bypass_reason="Sales order S0001 confirmed").action_set_won()
        self.assertEqual(lead.stage_id, closing)
        self.assertEqual(lead.probability, 100)
        self.assertTrue(lead.date_closed)
        log = lead.stage_log_ids
        self.assertEqual((log.move_type, log.reason), ("system", "Sales order S0001 confirmed"))
        # Past the closing stage the opportunity stays won, with its closing date.
        closed = lead.date_closed
        lead.sudo().with_context(spm_gate_bypass_reason="delivered").write({"stage_id": delivery.id})
        self.assertEqual(lead.probability, 100)
        self.assertEqual(lead.date_closed, closed)
        lead.sudo().with_context(spm_gate_bypass_reason="again").action_set_won()
        self.assertEqual(lead.stage_id, delivery, "winning a won opportunity does not push it further")

    def test_bypass_needs_superuser_and_reason(self):
        lead = self._lead()
        with self.assertRaises(UserError):
            lead.with_user(self.salesperson).with_context(
                spm_gate_bypass_reason="I say so",
                spm_gate_bypass_type="forced",
            ).write({"stage_id": self.s3.id})
        with self.assertRaises(UserError):
            lead.sudo().write({"stage_id": self.s3.id})
        lead.with_user(self.salesperson).sudo().with_context(
            spm_gate_bypass_reason="Order confirmed",
        ).write({"stage_id": self.s3.id})
        self.assertEqual(lead.stage_id, self.s3)
        log = lead.stage_log_ids
        self.assertEqual(log.move_type, "system")
        self.assertEqual(log.author_id, self.salesperson)
        self.assertEqual(log.open_item_ids, self.i1 | self.a2 | self.ap2)
        self.assertIn("Order confirmed", lead.message_ids[0].body)

    def test_batch_write_refuses_all_and_names_leads(self):
        leads = self._lead() | self._lead(name="SPM Second")
        self._complete_s1(leads[0])
        with self.assertRaisesRegex(UserError, "SPM Second"):
            leads.with_user(self.leader).write({"stage_id": self.s2.id})
        self.assertEqual(leads.stage_id, self.s1, "nothing moves when one lead is refused")


@tagged("post_install", "-at_install")
class TestPipelineChecklist(PipelineCommon):
    def test_manual_tick_records_who_and_when_untick_is_logged(self):
        lead = self._lead()
        line = lead.checklist_line_ids.filtered(lambda ln: ln.item_id == self.i1)
        line.with_user(self.salesperson).write({"done": True, "note": "Greeted at 10:00"})
        self.assertEqual(line.done_user_id, self.salesperson)
        self.assertTrue(line.done_date)
        line.with_user(self.salesperson).write({"done": False})
        self.assertFalse(line.done_user_id)
        self.assertIn("unticked", lead.message_ids[0].body)
        self.assertIn("Greet the customer", lead.message_ids[0].body)

    def test_tick_in_place_through_the_lead(self):
        lead = self._lead()
        line = lead.checklist_line_ids.filtered(lambda ln: ln.item_id == self.i1)
        lead.with_user(self.salesperson).write({"checklist_line_ids": [(1, line.id, {"done": True})]})
        self.assertTrue(line.done)
        # Ticks saved with the stage change count before the gate looks.
        lead2 = self._lead()
        line2 = lead2.checklist_line_ids.filtered(lambda ln: ln.item_id == self.i1)
        lead2.with_user(self.salesperson).write(
            {
                "stage_id": self.s2.id,
                "checklist_line_ids": [(1, line2.id, {"done": True})],
            }
        )
        self.assertEqual(lead2.stage_id, self.s2)

    def test_salesperson_rights_on_lines(self):
        lead = self._lead(phone="123")
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        approval = lead.checklist_line_ids.filtered(lambda ln: ln.item_id == self.ap2)
        auto = lead.checklist_line_ids.filtered(lambda ln: ln.item_id == self.a2)
        self.assertTrue(auto.done, "the automatic item is evaluated on entering the stage")
        self.assertFalse(auto.done_user_id)
        with self.assertRaises(AccessError):
            approval.with_user(self.salesperson).write({"done": True})
        with self.assertRaises(AccessError):
            approval.with_user(self.leader).write({"done": True})
        with self.assertRaises(UserError):
            auto.with_user(self.salesperson).write({"done": False})
        with self.assertRaises(UserError):
            approval.with_user(self.salesperson).write({"item_id": self.i3.id})
        approval.with_user(self.director).write({"done": True})
        self.assertEqual(approval.done_user_id, self.director)
        # A peer's opportunity is out of reach.
        other = self._lead(user=self.salesperson2)
        with self.assertRaises(AccessError):
            other.checklist_line_ids.with_user(self.salesperson).write({"done": True})
        self.assertFalse(
            self.env["sales.checklist.line"].with_user(self.salesperson).search([("lead_id", "=", other.id)])
        )

    def test_auto_items_follow_the_opportunity(self):
        lead = self._lead()
        self._complete_s1(lead)
        with self.assertRaisesRegex(UserError, "Phone recorded"):
            lead.write({"stage_id": self.s3.id})
        lead.write({"phone": "+86 10 1234 5678"})
        self._tick(lead, self.i1, self.salesperson)
        with self.assertRaises(UserError) as err:
            lead.write({"stage_id": self.s3.id})
        self.assertNotIn("Phone recorded", str(err.exception))
        lead.write({"stage_id": self.s2.id})
        auto = lead.checklist_line_ids.filtered(lambda ln: ln.item_id == self.a2)
        self.assertTrue(auto.done)
        lead.write({"phone": False})
        self.assertFalse(auto.done, "emptying the phone reopens the automatic item")

    def test_item_rights_and_domain_check(self):
        with self.assertRaises(AccessError):
            self.env["sales.checklist.item"].with_user(self.leader).create(
                {"stage_id": self.s1.id, "name": "x"}
            )
        with self.assertRaises(AccessError):
            self.process.with_user(self.salesperson).write({"name": "Mine"})
        self.process.with_user(self.director).write({"name": "SPM Renamed"})
        self._lead()
        with self.assertRaisesRegex(UserError, "Archive the process"):
            self.process.with_user(self.director).unlink()
        with self.assertRaises(ValidationError):
            self.env["sales.checklist.item"].create(
                {
                    "stage_id": self.s1.id,
                    "name": "bad",
                    "item_type": "auto",
                    "auto_domain": "[('nope', '=', 1)]",
                }
            )


@tagged("post_install", "-at_install")
class TestPipelineForce(PipelineCommon):
    def _force(self, user, leads, stage, reason="Customer signed at the motor show"):
        wizard = (
            self.env["sales.stage.force.wizard"]
            .with_user(user)
            .create(
                {
                    "lead_ids": [(6, 0, leads.ids)],
                    "stage_id": stage.id,
                    "reason": reason,
                }
            )
        )
        return wizard.action_confirm()

    def test_salesperson_cannot_force(self):
        lead = self._lead()
        with self.assertRaises(AccessError):
            self._force(self.salesperson, lead, self.s3)
        self.assertEqual(lead.stage_id, self.s1)

    def test_leader_of_another_team_cannot_force(self):
        lead = self._lead()
        with self.assertRaises(AccessError):
            self._force(self.leader2, lead, self.s3)
        self.assertEqual(lead.stage_id, self.s1)

    def test_force_stage_button_only_for_who_may_force(self):
        """The button shows to the team's leader and administrators; the others are refused
        before they type a reason (the leader of another team reads the lead: All Documents)."""
        lead = self._lead()
        for user, may in (
            (self.salesperson, False),
            (self.leader2, False),
            (self.leader, True),
            (self.director, True),
        ):
            self.assertEqual(lead.with_user(user).spm_can_force, may, user.login)
            if may:
                action = lead.with_user(user).action_spm_force_stage()
                self.assertEqual(action["res_model"], "sales.stage.force.wizard")
            else:
                with self.assertRaises(AccessError):
                    lead.with_user(user).action_spm_force_stage()
        # nor on the leader's own opportunity, which the wizard refuses
        own = self._lead(user=self.leader)
        self.assertFalse(own.with_user(self.leader).spm_can_force)
        with self.assertRaises(AccessError):
            own.with_user(self.leader).action_spm_force_stage()
        self.assertTrue(own.with_user(self.director).spm_can_force)
        self.assertIn(
            "not spm_can_force",
            self.env.ref("sales_process_mgmt.crm_lead_view_form_inherit_checklist").arch_db,
        )
        self.assertEqual(lead.stage_id, self.s1)

    def test_team_leader_forces_with_reason(self):
        leads = self._lead() | self._lead(name="SPM Second")
        self._force(self.leader, leads, self.s3)
        self.assertEqual(leads.stage_id, self.s3)
        for lead in leads:
            log = lead.stage_log_ids
            self.assertEqual(log.move_type, "forced")
            self.assertEqual(log.author_id, self.leader)
            self.assertEqual(log.reason, "Customer signed at the motor show")
            self.assertEqual(log.open_item_ids, self.i1 | self.a2 | self.ap2)
            body = lead.message_ids[0].body
            self.assertIn("Stage forced", body)
            self.assertIn("motor show", body)
            self.assertEqual(lead.message_ids[0].author_id, self.leader.partner_id)
        # The reports see the override and the passed items.
        self.env.flush_all()
        report = (
            self.env["sales.checklist.report"]
            .with_user(self.leader)
            .search([("lead_id", "in", leads.ids), ("state", "=", "overridden")])
        )
        self.assertEqual(len(report), 6)
        self.assertEqual(report.item_id, self.i1 | self.a2 | self.ap2)
        # The lines of the new stage are open: the analysis shows them too.
        open_rows = self.env["sales.checklist.report"].search(
            [("lead_id", "in", leads.ids), ("state", "=", "open")]
        )
        self.assertEqual(open_rows.item_id, self.i3)

    def test_director_forces_and_reason_is_required(self):
        lead = self._lead()
        with self.assertRaises(UserError):
            self._force(self.director, lead, self.s2, reason="   ")
        self._force(self.director, lead, self.s2)
        self.assertEqual(lead.stage_id, self.s2)
        wizard = (
            self.env["sales.stage.force.wizard"]
            .with_user(self.director)
            .new({"lead_ids": [(6, 0, lead.ids)], "stage_id": self.s4.id})
        )
        self.assertIn("Contract signed", wizard.open_items_text)

    def test_salesperson_cannot_read_peer_logs(self):
        lead = self._lead(user=self.salesperson2)
        self._force(self.leader, lead, self.s2)
        Log = self.env["sales.stage.log"]
        self.assertFalse(Log.with_user(self.salesperson).search([("lead_id", "=", lead.id)]))
        self.assertTrue(Log.with_user(self.salesperson2).search([("lead_id", "=", lead.id)]))
        with self.assertRaises(AccessError):
            Log.with_user(self.salesperson2).create({"lead_id": lead.id})


@tagged("post_install", "-at_install")
class TestPipelineCompanies(PipelineCommon):
    def test_companies_are_isolated(self):
        lead = self._lead()
        self._force(lead)
        Line = self.env["sales.checklist.line"].with_user(self.other_user)
        Log = self.env["sales.stage.log"].with_user(self.other_user)
        self.assertFalse(Line.search([("lead_id", "=", lead.id)]))
        self.assertFalse(Log.search([("lead_id", "=", lead.id)]))
        with self.assertRaises(AccessError):
            lead.checklist_line_ids.with_user(self.other_user).read(["done"])
        # A process of company 2 is hidden from company 1 and vice versa; shared ones are seen.
        process2 = self.env["sales.process"].create({"name": "SPM Company 2", "company_id": self.company2.id})
        Process = self.env["sales.process"]
        self.assertNotIn(process2, Process.with_user(self.director).search([]))
        self.assertIn(process2, Process.with_user(self.other_user).search([]))
        self.assertIn(self.process, Process.with_user(self.other_user).search([]))
        # Company 2's team follows its own process with the same gate.
        stage_a = self.env["crm.stage"].create({"name": "C2 A", "sequence": 1, "process_id": process2.id})
        stage_b = self.env["crm.stage"].create({"name": "C2 B", "sequence": 2, "process_id": process2.id})
        self.env["sales.checklist.item"].create({"stage_id": stage_a.id, "name": "C2 check"})
        self.team2.process_id = process2
        lead2 = (
            self.env["crm.lead"]
            .with_user(self.other_user)
            .create(
                {
                    "name": "SPM C2",
                    "type": "opportunity",
                    "team_id": self.team2.id,
                }
            )
        )
        self.assertEqual(lead2.stage_id, stage_a)
        with self.assertRaisesRegex(UserError, "C2 check"):
            lead2.with_user(self.other_user).write({"stage_id": stage_b.id})

    def _force(self, lead):
        self.env["sales.stage.force.wizard"].with_user(self.leader).create(
            {
                "lead_ids": [(6, 0, lead.ids)],
                "stage_id": self.s2.id,
                "reason": "test",
            }
        ).action_confirm()


@tagged("post_install", "-at_install")
class TestPipelineStalledAndCost(PipelineCommon):
    def _stalled_activities(self, lead, level):
        xmlid = {
            "user": "sales_process_mgmt.mail_activity_type_stalled",
            "leader": "sales_process_mgmt.mail_activity_type_stalled_leader",
            "manager": "sales_process_mgmt.mail_activity_type_stalled_manager",
        }[level]
        return lead.activity_ids.filtered(lambda a: a.activity_type_id == self.env.ref(xmlid))

    def test_stalled_job_escalates_in_working_days_once_each(self):
        # S2: limit 3 working days, the leader 1 working day later, an administrator 1 more.
        self.s2.write({"escalate_leader_days": 1, "escalate_manager_days": 1})
        self.company.resource_calendar_id.tz = "UTC"
        lead = self._lead()
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        fresh = self._lead()
        # entered on Wednesday 9 December 2026
        lead.write({"date_last_stage_update": fields.Datetime.to_datetime("2026-12-09 09:00:00")})
        Lead = self.env["crm.lead"]
        # Monday 14th: Thu, Fri passed = 2 working days (the weekend does not count)
        with freeze_time("2026-12-14 10:00:00"):
            Lead._cron_flag_stalled()
        self.assertFalse(lead.is_stalled)
        # Tuesday 15th: Thu, Fri, Mon = 3: the salesperson is told
        with freeze_time("2026-12-15 10:00:00"):
            Lead._cron_flag_stalled()
            Lead._cron_flag_stalled()
        self.assertTrue(lead.is_stalled)
        self.assertFalse(fresh.is_stalled)
        self.assertEqual(lead.spm_escalation_level, "user")
        self.assertEqual(self._stalled_activities(lead, "user").user_id, self.salesperson)
        self.assertFalse(self._stalled_activities(lead, "leader"))
        self.assertIn(lead, Lead.search([("is_stalled", "=", True)]))
        # Wednesday 16th: 4: the team leader, once
        with freeze_time("2026-12-16 10:00:00"):
            Lead._cron_flag_stalled()
            Lead._cron_flag_stalled()
        self.assertEqual(lead.spm_escalation_level, "leader")
        self.assertEqual(len(self._stalled_activities(lead, "user")), 1, "each level once")
        self.assertEqual(self._stalled_activities(lead, "leader").user_id, self.leader)
        # Thursday 17th: 5: a sales administrator of the company
        with freeze_time("2026-12-17 10:00:00"):
            Lead._cron_flag_stalled()
        self.assertEqual(lead.spm_escalation_level, "manager")
        manager = self._stalled_activities(lead, "manager").user_id
        self.assertEqual(len(manager), 1)
        self.assertTrue(manager.has_group("sales_team.group_sale_manager"))
        self.assertIn(self.company, manager.company_ids)
        # A move ends the stall; the next stay starts again at the first level.
        lead.write({"stage_id": self.s1.id})
        self.assertFalse(lead.is_stalled)
        self.assertFalse(lead.spm_escalation_level)
        self.assertEqual(lead.stage_days, 0)

    def test_public_holiday_is_not_a_working_day(self):
        self.company.resource_calendar_id.tz = "UTC"
        lead = self._lead()
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        lead.write({"date_last_stage_update": fields.Datetime.to_datetime("2026-12-09 09:00:00")})
        self.env["resource.calendar.leaves"].create(
            {
                "name": "SPM holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": "2026-12-14 00:00:00",
                "date_to": "2026-12-14 23:59:59",
            }
        )
        with freeze_time("2026-12-15 10:00:00"):
            self.env["crm.lead"]._cron_flag_stalled()
        self.assertFalse(lead.is_stalled, "Monday was a holiday: 2 working days only")

    def test_stalled_activity_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        self.salesperson.lang = "zh_CN"
        self.company.resource_calendar_id.tz = "UTC"
        lead = self._lead()
        self._complete_s1(lead)
        lead.write({"stage_id": self.s2.id})
        lead.write({"date_last_stage_update": fields.Datetime.to_datetime("2026-12-09 09:00:00")})
        with freeze_time("2026-12-15 10:00:00"):
            self.env["crm.lead"].with_context(lang="en_US")._cron_flag_stalled()
        activity = self._stalled_activities(lead, "user")
        self.assertIn("工作日", str(activity.note))
        activity_type = activity.activity_type_id
        self.assertNotEqual(
            activity_type.with_context(lang="zh_CN").name, activity_type.with_context(lang="en_US").name
        )

    def test_stalled_flags_are_the_applications(self):
        lead = self._lead()
        for user in (self.salesperson, self.leader, self.director):
            for vals in (
                {"is_stalled": True},
                {"date_last_stage_update": "2020-01-01 00:00:00"},
                {"spm_escalation_level": "manager"},
            ):
                with self.assertRaises(AccessError):
                    lead.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                self.env["crm.lead"].with_user(user).create(
                    {
                        "name": "SPM flagged",
                        "team_id": self.team.id,
                        "is_stalled": True,
                    }
                )
        self.assertFalse(lead.is_stalled)
        self.assertFalse(lead.spm_escalation_level)

    def test_gate_query_count_does_not_grow_with_leads(self):
        Lead = self.env["crm.lead"]
        few = Lead.browse([self._lead(phone="1").id for _i in range(3)])
        many = Lead.browse([self._lead(phone="1").id for _i in range(30)])
        for lead in few | many:
            self._tick(lead, self.i1, self.salesperson)
        self.env.invalidate_all()
        counts = []
        for leads in (few, many):
            moves = {lead: (lead.stage_id, self.s3) for lead in leads.with_user(self.leader)}
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            open_items = leads.with_user(self.leader)._spm_open_items(moves)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(set(open_items), set(leads.with_user(self.leader)))
        self.assertEqual(counts[0], counts[1], "the gate's queries do not depend on the number of leads")

    def test_batch_stage_change_query_count(self):
        Lead = self.env["crm.lead"]
        counts = []
        for size in (2, 5, 20):  # the first batch warms the caches (access rules, defaults)
            leads = Lead.browse([self._lead(phone="1").id for _i in range(size)])
            for lead in leads:
                self._tick(lead, self.i1, self.salesperson)
            leads = leads.with_user(self.leader)
            self.env.invalidate_all()
            # Measured on Odoo 18.0 with crm and sale_crm: 48 queries for the whole batch
            # move (gate, core write, checklist lines and stage log created by the ORM,
            # automatic items), 5 leads or 20.
            before = self.env.cr.sql_log_count
            with self.assertQueryCount(__system__=48):
                leads.write({"stage_id": self.s2.id})
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(leads.stage_id, self.s2)
            self.assertEqual(len(leads.stage_log_ids), size)
        self.assertEqual(counts[2], counts[1], "4x the leads, the same queries")

    def test_batch_move_state_is_consistent_in_the_same_transaction(self):
        """The checklist state is written with SQL after a batch move: the ORM cache,
        searches and the database must all agree, without a commit in between."""
        Lead = self.env["crm.lead"]
        with_phone = Lead.browse([self._lead(phone="+86 138 0013 8000").id for _i in range(3)])
        without_phone = Lead.browse([self._lead().id for _i in range(2)])
        leads = with_phone | without_phone
        for lead in leads:
            self._complete_s1(lead)
        self.assertEqual(set(leads.mapped("checklist_progress")), {50})
        leads.with_user(self.leader).write({"stage_id": self.s2.id})

        def state(records):
            return {(r.checklist_progress, r.checklist_incomplete, r.checklist_open_count) for r in records}

        # read at once from the cache, in the same transaction
        self.assertEqual(
            state(with_phone), {(50, True, 1)}, "the automatic item is ticked, the approval open"
        )
        self.assertEqual(state(without_phone), {(0, True, 2)})
        for lead in leads:
            self.assertEqual(lead.checklist_line_ids.item_id, self.i1 | self.i1_opt | self.a2 | self.ap2)
        # a search sees the same values
        self.assertEqual(Lead.search([("id", "in", leads.ids), ("checklist_open_count", "=", 1)]), with_phone)
        # and so does the database once the cache is dropped
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(state(with_phone), {(50, True, 1)})
        self.assertEqual(state(without_phone), {(0, True, 2)})
        logs = leads.stage_log_ids
        self.assertEqual(len(logs), 5)
        self.assertEqual(set(logs.mapped("move_type")), {"forward"})
        for log in logs:
            lead = log.lead_id
            self.assertEqual(
                (
                    log.company_id,
                    log.team_id,
                    log.user_id,
                    log.author_id,
                    log.process_id,
                    log.stage_from_id,
                    log.stage_to_id,
                    log.is_override,
                ),
                (
                    lead.company_id,
                    self.team,
                    self.salesperson,
                    self.leader,
                    self.process,
                    self.s1,
                    self.s2,
                    False,
                ),
            )
        # ticking the approval afterwards updates the state in the cache too
        self._tick(without_phone[0], self.ap2)
        self.assertEqual(state(without_phone[0]), {(50, True, 1)})
        without_phone[0].phone = "+86 138 0013 8001"
        self.assertEqual(state(without_phone[0]), {(100, False, 0)})
        # moving back keeps the ticks, and the state follows the stage
        with_phone.write({"stage_id": self.s1.id})
        self.assertEqual(state(with_phone), {(50, False, 0)})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(state(with_phone), {(50, False, 0)})


@tagged("post_install", "-at_install")
class TestPipelineChinese(PipelineCommon):
    def test_gate_message_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        self.salesperson.lang = "zh_CN"
        self.team.process_id = self.env.ref("sales_process_mgmt.process_showroom")
        lead = self._lead()
        reception = self.env.ref("sales_process_mgmt.stage_showroom_reception")
        with self.assertRaises(UserError) as err:
            # The web client sends the user's language in the context.
            lead.with_user(self.salesperson).with_context(lang="zh_CN").write({"stage_id": reception.id})
        message = str(err.exception)
        item = self.env.ref("sales_process_mgmt.item_showroom_prospecting_target")
        self.assertIn(item.with_context(lang="zh_CN").name, message)
        self.assertNotIn(item.with_context(lang="en_US").name, message)
        self.assertIn("团队", message)
        # The open items are listed the Chinese way (、 and 和), not with English commas.
        open_items = (
            self.env.ref("sales_process_mgmt.stage_showroom_prospecting")
            .checklist_item_ids.filtered("required")
            .with_context(lang="zh_CN")
            .mapped("name")
        )
        self.assertGreater(len(open_items), 1)
        self.assertIn("和" + open_items[-1], message)
        self.assertNotIn(open_items[0] + ", ", message)


@tagged("post_install", "-at_install")
class TestPipelineOneProcess(PipelineCommon):
    """A process team's pipeline is exactly its process; other teams never reach it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["crm.stage"]
        cls.odoo_stages = Stage.search([("process_id", "=", False), ("team_id", "=", False)])
        cls.odoo_won = cls.odoo_stages.filtered("is_won")[:1] or Stage.create(
            {"name": "SPM Won", "is_won": True}
        )
        cls.odoo_first = cls.odoo_stages.filtered(lambda s: not s.fold)[:1]

    def test_columns_are_the_process_stages_only(self):
        Lead = self.env["crm.lead"]
        # an old lead of the team still sits in an Odoo stage: it does not add Odoo's columns
        self._lead()
        cols = Lead.with_context(default_team_id=self.team.id)._read_group_stage_ids(self.odoo_stages, [])
        self.assertEqual(cols, self.s1 | self.s2 | self.s3 | self.s4)
        groups = (
            Lead.with_user(self.salesperson)
            .with_context(default_team_id=self.team.id)
            .web_read_group(
                [("team_id", "=", self.team.id)],
                ["stage_id"],
                ["stage_id"],
            )["groups"]
        )
        self.assertEqual([g["stage_id"][0] for g in groups], (self.s1 | self.s2 | self.s3 | self.s4).ids)
        # The leader is not a member of the team: without a team in the context the
        # columns are those of the team they lead.
        self.assertFalse(self.leader.sale_team_id)
        cols = Lead.with_user(self.leader)._read_group_stage_ids(self.env["crm.stage"], [])
        self.assertEqual(cols, self.s1 | self.s2 | self.s3 | self.s4)
        plain = Lead.with_context(default_team_id=self.plain_team.id)._read_group_stage_ids(
            self.s1 | self.s2, []
        )
        self.assertFalse(plain.process_id)

    def test_stage_search_order_keeps_odoo_stages_first(self):
        Stage = self.env["crm.stage"]
        self.assertFalse(Stage.search([("is_won", "=", True)], limit=1).process_id)
        self.assertFalse(Stage.search([], limit=3).process_id)
        self.assertEqual(
            self.env["crm.lead"]._stage_find(team_id=self.plain_team.id, limit=None).process_id,
            self.env["sales.process"],
        )
        self.assertEqual(self.env["crm.lead"]._stage_find(team_id=self.team.id), self.s1)

    def test_process_lead_cannot_go_to_an_odoo_stage(self):
        lead = self._lead()
        self._complete_s1(lead)
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaisesRegex(UserError, "SPM Test Process") as err:
                lead.with_user(user).write({"stage_id": self.odoo_won.id})
            self.assertIn(self.team.name, str(err.exception))
            with self.assertRaises(UserError):
                lead.with_user(user).sudo().write({"stage_id": self.odoo_first.id})
        with self.assertRaises(UserError):
            with Form(lead.with_user(self.salesperson)) as form:
                form.stage_id = self.odoo_won
        self.assertEqual(lead.stage_id, self.s1)
        self.assertNotEqual(lead.probability, 100)
        self.assertFalse(lead.stage_log_ids)

    def test_plain_team_never_reaches_a_process_stage(self):
        lead = self._lead(team_id=self.plain_team.id)
        self.assertFalse(lead.stage_id.process_id)
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaises(UserError) as err:
                lead.with_user(user).write({"stage_id": self.s1.id})
            self.assertIn("follows no sales process", str(err.exception))
            with self.assertRaises(UserError) as err:
                self.env["crm.lead"].with_user(user).create(
                    {
                        "name": "SPM plain",
                        "type": "opportunity",
                        "team_id": self.plain_team.id,
                        "user_id": user.id,
                        "stage_id": self.s1.id,
                    }
                )
            self.assertIn("SPM Test Process", str(err.exception))
        self.assertFalse(lead.stage_id.process_id)
        self.assertFalse(self.env["crm.lead"].search([("name", "=", "SPM plain")]))
        # nor by an import, even an administrator's historical one
        result = (
            self.env["crm.lead"]
            .with_user(self.director)
            .with_context(import_file=True)
            .load(
                ["name", "type", "team_id/.id", "stage_id/.id"],
                [["SPM imported plain", "opportunity", str(self.plain_team.id), str(self.s2.id)]],
            )
        )
        self.assertFalse(result["ids"])
        self.assertTrue(any("follows no sales process" in m["message"] for m in result["messages"]))
        # winning it lands on Odoo's won stage, never on a process's
        lead.action_set_won()
        self.assertFalse(lead.stage_id.process_id)
        self.assertTrue(lead.stage_id.is_won)

    def test_team_change_lands_in_the_new_pipeline(self):
        lead = self._lead(team_id=self.plain_team.id)
        lead.with_user(self.leader).write({"team_id": self.team.id})
        self.assertEqual(lead.stage_id, self.s1, "the first stage of the new team's process")
        self.assertEqual(lead.checklist_line_ids.item_id, self.i1 | self.i1_opt)
        # With a stage given, through the gate.
        other = self._lead(team_id=self.plain_team.id)
        with self.assertRaisesRegex(UserError, "Greet the customer"):
            other.with_user(self.leader).write({"team_id": self.team.id, "stage_id": self.s2.id})
        self.assertEqual(other.team_id, self.plain_team)
        # And back to a team without a process: Odoo's first stage.
        lead.with_user(self.leader).write({"team_id": self.plain_team.id})
        self.assertFalse(lead.stage_id.process_id)
        self.assertTrue(lead.stage_id)
        # A batch with leads already in the right pipeline moves only the others.
        inside, outside = self._lead(), self._lead(team_id=self.plain_team.id)
        self._complete_s1(inside)
        inside.write({"stage_id": self.s2.id})
        (inside | outside).write({"team_id": self.team.id})
        self.assertEqual((inside.stage_id, outside.stage_id), (self.s2, self.s1))

    def test_team_changing_process_moves_its_leads(self):
        lead = self._lead()
        process = self.env["sales.process"].create({"name": "SPM Second Process"})
        first = self.env["crm.stage"].create(
            {"name": "SPM P2 first", "sequence": 1, "process_id": process.id}
        )
        self.env["crm.stage"].create(
            {"name": "SPM P2 won", "sequence": 2, "process_id": process.id, "is_won": True}
        )
        self.team.process_id = process
        self.assertEqual(lead.stage_id, first)
        log = lead.stage_log_ids[:1]
        self.assertEqual(log.reason_code, "process_change")
        self.assertEqual(log.reason_display, "The team's sales process changed.")

    def test_winning_lands_on_the_process_won_stage(self):
        b2b = self.env.ref("sales_process_mgmt.process_b2b")
        self.team.process_id = b2b
        lead = self._lead()
        lead.sudo().with_context(spm_gate_bypass_reason="test").action_set_won()
        self.assertEqual(lead.stage_id, self.env.ref("sales_process_mgmt.stage_b2b_contract"))

    def test_stage_names_unique_in_a_process_in_every_language(self):
        with self.assertRaises(ValidationError):
            self.env["crm.stage"].create({"name": "spm s1 ", "process_id": self.process.id})
        with self.assertRaises(ValidationError):
            self.s3.name = "SPM S2"
        self.assertEqual(self.s3.name, "SPM S3")
        self.env["crm.stage"].create(
            {"name": "SPM S1", "process_id": self.env.ref("sales_process_mgmt.process_b2b").id}
        )  # another process: another pipeline
        # The shipped processes read uniquely in every language, Odoo's stages included.
        for lang in ("zh_CN", "zh_TW"):
            self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(
            ["crm", "sales_process_mgmt"], ["zh_CN", "zh_TW"], overwrite=True
        )
        for lang in ("en_US", "zh_CN", "zh_TW"):
            shared = self.odoo_stages.with_context(lang=lang).mapped("name")
            for xmlid in ("sales_process_mgmt.process_showroom", "sales_process_mgmt.process_b2b"):
                names = self.env.ref(xmlid).stage_ids.with_context(lang=lang).mapped("name")
                self.assertEqual(len(names), len(set(names)), (lang, names))
                self.assertFalse(set(names) & set(shared), (lang, names, shared))

    def test_a_card_block_follows_the_process(self):
        showroom = self.env.ref("sales_process_mgmt.process_showroom")
        self.assertTrue(showroom.use_a_card)
        self.assertFalse(self.env.ref("sales_process_mgmt.process_b2b").use_a_card)
        self.team.process_id = showroom
        self.assertTrue(self._lead().spm_use_a_card)
        self.assertFalse(self._lead(team_id=self.plain_team.id).spm_use_a_card)
        self.assertIn(
            'invisible="not spm_use_a_card"',
            self.env.ref("sales_process_mgmt.crm_lead_view_form_inherit_a_card").arch_db,
        )

    def test_team_pipeline_for_leaders(self):
        action = self.env["crm.team"].with_user(self.leader)._spm_action_team_pipeline()
        self.assertEqual(action["domain"][0], ("team_id", "in", self.team.ids))
        self.assertEqual(action["context"]["default_team_id"], self.team.id)
        self.assertNotIn("search_default_assigned_to_me", action["context"])
        with self.assertRaises(UserError):
            self.env["crm.team"].with_user(self.leader2)._spm_action_team_pipeline()
        menu = self.env.ref("sales_process_mgmt.crm_lead_menu_team_pipeline")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.leader)._visible_menu_ids())
        # a sales administrator sees the menu without leading a team: every team of the company
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.director)._visible_menu_ids())
        self.assertFalse(self.env["crm.team"].search([("user_id", "=", self.director.id)]))
        action = self.env["crm.team"].with_user(self.director)._spm_action_team_pipeline()
        teams = self.env["crm.team"].with_user(self.director).search([])
        self.assertEqual(action["domain"][0], ("team_id", "in", teams.ids))
        self.assertIn(self.team, teams)
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestPipelineAudit(PipelineCommon):
    def _forced_lead(self):
        lead = self._lead()
        self.env["sales.stage.force.wizard"].with_user(self.leader).create(
            {
                "lead_ids": [(6, 0, lead.ids)],
                "stage_id": self.s2.id,
                "reason": "test",
            }
        ).action_confirm()
        return lead

    def test_stage_log_cannot_be_changed_or_deleted(self):
        lead = self._forced_lead()
        log = lead.stage_log_ids
        self.assertEqual(len(log), 1)
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaises(AccessError):
                log.with_user(user).unlink()
            with self.assertRaises(AccessError):
                log.with_user(user).write({"reason": "nothing happened"})
        with self.assertRaises(UserError):
            log.sudo().unlink()
        self.assertTrue(log.exists())
        self.assertEqual(log.reason, "test")
        # with its opportunity, it goes
        lead.unlink()
        self.assertFalse(log.exists())

    def test_reasons_render_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        lead = self._lead()
        lead.sudo().with_context(spm_gate_bypass_code="order", spm_gate_bypass_reason="S00042").write(
            {"stage_id": self.s3.id}
        )
        log = lead.stage_log_ids
        self.assertEqual(log.reason_code, "order")
        self.assertEqual(log.reason, "S00042")
        self.assertEqual(log.with_context(lang="en_US").reason_display, "Won by confirming order S00042")
        zh = log.with_context(lang="zh_CN").reason_display
        self.assertIn("S00042", zh)
        self.assertNotIn("Won by", zh)
        # a code sent without superuser is ignored like the bypass itself
        other = self._lead()
        with self.assertRaises(UserError):
            other.with_user(self.director).with_context(spm_gate_bypass_code="order").write(
                {"stage_id": self.s3.id}
            )

    def test_force_wizard_is_private(self):
        lead = self._lead()
        wizard = (
            self.env["sales.stage.force.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "lead_ids": [(6, 0, lead.ids)],
                    "stage_id": self.s2.id,
                    "reason": "private",
                }
            )
        )
        Wizard = self.env["sales.stage.force.wizard"]
        self.assertFalse(Wizard.with_user(self.director).search([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            wizard.with_user(self.director).read(["reason"])
        with self.assertRaises(AccessError):
            wizard.with_user(self.director).action_confirm()
        self.assertEqual(lead.stage_id, self.s1)


@tagged("post_install", "-at_install")
class TestPipelineOrderPastItems(PipelineCommon):
    def test_confirming_an_order_past_open_items_tells_the_leader(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        self.leader.lang = "zh_CN"
        lead = self._lead(partner_id=self.customer.id)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": lead.id,
                "team_id": self.team.id,
                "user_id": self.salesperson.id,
                "order_line": [(0, 0, {"product_id": self.car_sedan.id, "product_uom_qty": 1})],
            }
        )
        order.with_user(self.leader).action_confirm()
        self.assertEqual(lead.stage_id, self.s4)
        todo = lead.activity_ids.filtered(lambda a: a.user_id == self.leader)
        self.assertEqual(len(todo), 1)
        note = str(todo.note)
        for item in (self.i1, self.ap2, self.i3):
            self.assertIn(item.name, note)
        self.assertIn(order.name, note)
        self.assertNotIn("was confirmed", note, "written in the leader's language")
        # nothing open, nobody bothered
        done = self._lead(partner_id=self.customer.id, phone="+86 138 0013 8000")
        self._complete_s1(done)
        done.write({"stage_id": self.s2.id})
        self._tick(done, self.ap2)
        done.write({"stage_id": self.s3.id})
        self._tick(done, self.i3)
        order2 = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": done.id,
                "team_id": self.team.id,
                "order_line": [(0, 0, {"product_id": self.car_sedan.id, "product_uom_qty": 1})],
            }
        )
        order2.action_confirm()
        self.assertEqual(done.stage_id, self.s4)
        self.assertFalse(done.activity_ids.filtered(lambda a: a.user_id == self.leader))
