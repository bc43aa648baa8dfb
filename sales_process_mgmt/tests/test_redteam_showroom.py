# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the showroom figures by RPC, per role: a satisfaction result moved to
another salesperson through its stored copies, a bad result of one's own buyer
deleted, the C card's computed status and name written by hand."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SpmCardsCommon


@tagged("post_install", "-at_install")
class TestRedteamShowroom(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls.env["res.partner"].create({"name": "Zhou Jie", "phone": "13900139000"})
        CCard = cls.env["sales.c.card"]
        cls.card = CCard.create(
            {"partner_id": cls.buyer.id, "user_id": cls.salesperson.id, "team_id": cls.team.id}
        )
        cls.leader_card = CCard.create(
            {"partner_id": cls.buyer.id, "user_id": cls.leader.id, "team_id": cls.team.id}
        )
        Satisfaction = cls.env["sales.satisfaction"]
        cls.result = Satisfaction.create({"c_card_id": cls.card.id, "score": 95.0})
        cls.leader_result = Satisfaction.create({"c_card_id": cls.leader_card.id, "score": 20.0})

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_result_stays_with_its_cards_salesperson(self):
        """The KPI groups results by their stored salesperson, team and company."""
        other_team = self.env["crm.team"].create({"name": "SPM Other Team", "company_id": self.company.id})
        attacks = (
            {"user_id": self.leader.id},
            {"team_id": other_team.id},
            {"company_id": self.company2.id},
            {"partner_id": self.customer.id},
        )
        for user in (self.leader, self.director):
            for vals in attacks:
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    self.result.with_user(user).write(dict(vals, score=100.0))
        with self.assertRaises(AccessError):
            self.env["sales.satisfaction"].with_user(self.leader).create(
                {"c_card_id": self.card.id, "score": 100.0, "user_id": self.leader.id}
            )
        self.result.invalidate_recordset()
        self.assertEqual(
            (self.result.user_id, self.result.team_id, self.result.company_id, self.result.score),
            (self.salesperson, self.team, self.company, 95.0),
        )
        self.assertEqual(self.env["sales.satisfaction"].search_count([("user_id", "=", self.leader.id)]), 1)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_leader_cannot_delete_results_of_own_buyers(self):
        with self.assertRaises(AccessError):
            self.leader_result.with_user(self.leader).unlink()
        with self.assertRaises(AccessError):
            self.leader_card.with_user(self.leader).write({"satisfaction_ids": [(2, self.leader_result.id)]})
        self.assertTrue(self.leader_result.exists())
        self.assertEqual(self.leader_card.satisfaction_score, 20.0)
        # the results of the team's other buyers stay the leader's to correct
        self.result.with_user(self.leader).unlink()
        self.assertFalse(self.result.exists())
