# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the defeat review by RPC: a salesperson takes a held A card to a team
without A cards, where Odoo's Lost button closes it without a defeat request."""

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .floor_common import FloorCommon


@tagged("post_install", "-at_install")
class TestRedteamFloor(FloorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain_team = cls.env["crm.team"].create({"name": "SPM Plain Team", "company_id": cls.company.id})
        cls.lead = cls._card()

    @mute_logger("odoo.models")
    def test_salesperson_cannot_take_held_card_off_the_showroom(self):
        self.assertEqual(self.lead.card_state, "held")
        stage = self.lead.stage_id
        with self.assertRaisesRegex(UserError, "Request Defeat"):
            self.lead.with_user(self.salesperson).write({"team_id": self.plain_team.id})
        with self.assertRaisesRegex(UserError, "Request Defeat"):
            self.lead.with_user(self.salesperson).write({"team_id": False})
        self.assertEqual((self.lead.team_id, self.lead.stage_id), (self.team, stage))
        with self.assertRaises(UserError):
            self.lead.with_user(self.salesperson).action_set_lost(lost_reason_id=self.reason_price.id)
        self.assertTrue(self.lead.active)
        self.assertEqual(self.lead.card_state, "held")
        # another showroom team: still an A card under a defeat review
        self.lead.with_user(self.salesperson).write({"team_id": self.other_team.id})
        self.assertEqual(self.lead.team_id, self.other_team)

    def test_leader_and_not_held_cards_still_move(self):
        self.lead.with_user(self.leader).write({"team_id": self.plain_team.id})
        self.assertEqual(self.lead.team_id, self.plain_team)
        prospect = self._card(intended_model_id=False)
        self.assertFalse(prospect._spm_is_held())
        prospect.with_user(self.salesperson).write({"team_id": self.plain_team.id})
        self.assertEqual(prospect.team_id, self.plain_team)
