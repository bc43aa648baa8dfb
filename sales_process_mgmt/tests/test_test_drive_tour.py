# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("spm_tour", "post_install", "-at_install")
class TestTestDriveTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref("base.main_company").country_id = cls.env.ref("base.cn")
        cls.salesperson = new_test_user(
            cls.env,
            "spm_tour_drive_sales",
            groups="sales_team.group_sale_salesman",
            name="Sam Tour Driver",
            password="spm_tour_drive_sales",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "SPM Tour Showroom",
                "process_id": cls.env.ref("sales_process_mgmt.process_showroom").id,
                "member_ids": [Command.set(cls.salesperson.ids)],
            }
        )
        cls.sedan = cls.env["product.template"].create({"name": "SPM Tour Sedan", "type": "consu"})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "SPM Tour A card",
                "type": "opportunity",
                "contact_name": "Tour Zhou",
                "phone": "13800137711",
                "intended_model_id": cls.sedan.id,
                "team_id": cls.team.id,
                "user_id": cls.salesperson.id,
            }
        )
        cls.visit = cls.env["sales.visit"].create(
            {
                "lead_id": cls.lead.id,
                "user_id": cls.salesperson.id,
                "team_id": cls.team.id,
            }
        )

    def test_book_a_test_drive_from_a_visit(self):
        url = f"/odoo/action-sales_process_mgmt.sales_visit_action/{self.visit.id}"
        self.start_tour(url, "spm_test_drive_from_visit", login="spm_tour_drive_sales")
        drive = self.env["sales.test.drive"].search([("visit_id", "=", self.visit.id)])
        self.assertEqual(len(drive), 1)
        self.assertEqual(drive.lead_id, self.lead)
        self.assertEqual(drive.product_tmpl_id, self.sedan)
        self.assertEqual(drive.user_id, self.salesperson)
        self.assertEqual(drive.route, "Tour city loop")
        self.assertEqual(drive.state, "done")
        form_item = self.env.ref("sales_process_mgmt.item_showroom_testdrive_form")
        line = self.lead.checklist_line_ids.filtered(lambda line: line.item_id == form_item)
        self.assertTrue(line.done, "the completed test drive ticked the showroom's test-drive form item")
