# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the card status by RPC, per role: the opportunity's and the C card's
computed status (and the C card's name) written by hand."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .floor_common import FloorCommon


@tagged("post_install", "-at_install")
class TestRedteamCardState(FloorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._card()
        buyer = cls.env["res.partner"].create({"name": "Zhou Jie", "phone": "13900139000"})
        cls.card = cls.env["sales.c.card"].create(
            {"partner_id": buyer.id, "user_id": cls.salesperson.id, "team_id": cls.team.id}
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_card_status_is_the_applications(self):
        self.assertEqual(self.lead.card_state, "held")
        for user in (self.salesperson, self.leader, self.director):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.lead.with_user(user).write({"card_state": "delivered"})
                with self.assertRaises(AccessError):
                    self.lead.with_user(user).copy({"card_state": "delivered"})
        self.lead.invalidate_recordset()
        self.assertEqual(self.lead.card_state, "held")

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_c_card_status_and_name_are_the_applications(self):
        before = self.card.read(["name", "card_state"])[0]
        for user in (self.salesperson, self.leader, self.director):
            for vals in ({"card_state": "delivered"}, {"name": "Sold twice"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    self.card.with_user(user).write(vals)
        self.card.invalidate_recordset()
        self.assertEqual(self.card.read(["name", "card_state"])[0], before)
