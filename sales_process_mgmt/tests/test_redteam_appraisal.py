# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the appraisal wizards by RPC: a wizard opened on one's own record and
pointed at another one afterwards (its related fields read as superuser)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_appraisal_common import AppraisalCommon


@tagged("post_install", "-at_install")
class TestRedteamAppraisal(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._target(cls.salesperson, 1000)
        cls.appraisal = cls._appraisal(cls.salesperson)
        cls.appraisal.action_compute()
        cls.leader_appraisal = cls._appraisal(cls.leader)
        cls.leader_appraisal.action_compute()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_resolve_wizard_stays_on_its_line(self):
        line = self._line(self.appraisal, self.kpi_revenue)
        other = self._line(self.leader_appraisal, self.kpi_revenue)
        wizard = (
            self.env["sales.appraisal.resolve"]
            .with_user(self.leader)
            .create({"line_id": line.id, "mode": "correct", "actual": 10.0, "reason": "checked"})
        )
        for vals in ({"line_id": other.id}, {"company_id": self.company2.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                wizard.write(vals)
        wizard.invalidate_recordset()
        self.assertEqual(wizard.line_id, line)
        self.assertEqual(wizard.appraisal_id, self.appraisal)
        # the wizard's own figures stay editable
        wizard.write({"actual": 12.0})
        self.assertEqual(wizard.actual, 12.0)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_split_wizard_stays_on_its_target(self):
        member_target = self.env["sales.target"].search([("user_id", "=", self.salesperson.id)], limit=1)
        leader_target = self._target(self.leader, 5000)
        wizard = (
            self.env["sales.target.split"]
            .with_user(self.leader)
            .create({"target_id": member_target.id, "mode": "period"})
        )
        with self.assertRaises(AccessError):
            wizard.write({"target_id": leader_target.id})
        wizard.invalidate_recordset()
        self.assertEqual(wizard.target_id, member_target)
        self.assertFalse(leader_target.child_ids)
