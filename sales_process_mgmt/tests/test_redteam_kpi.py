# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks on the key-account visit KPI by RPC: a salesperson unflags the key accounts
they did not visit, hands them to a peer, or flags customers they did visit."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SpmCommon


@tagged("post_install", "-at_install")
class TestRedteamKpi(SpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.key = Partner.create(
            {"name": "Key Fleet Ltd", "is_key_account": True, "user_id": cls.salesperson.id}
        )
        cls.plain = Partner.create({"name": "Walk-in Buyer", "user_id": cls.salesperson.id})

    @mute_logger("odoo.models")
    def test_salesperson_cannot_change_key_accounts(self):
        key = self.key.with_user(self.salesperson)
        for vals in ({"is_key_account": False}, {"user_id": self.salesperson2.id}, {"user_id": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                key.write(vals)
        with self.assertRaises(AccessError):
            self.plain.with_user(self.salesperson).write({"is_key_account": True})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesperson).create(
                {"name": "Visited Anyway", "is_key_account": True, "user_id": self.salesperson.id}
            )
        self.assertEqual((self.key.is_key_account, self.key.user_id), (True, self.salesperson))
        self.assertFalse(self.plain.is_key_account)
        self.assertFalse(self.env["res.partner"].search_count([("name", "=", "Visited Anyway")]))
        # the rest of a key account, and other customers' salesperson, stay theirs to edit
        key.write({"phone": "+86 138 0000 0000", "is_key_account": True, "user_id": self.salesperson.id})
        self.plain.with_user(self.salesperson).write({"user_id": self.salesperson2.id})
        self.assertEqual(self.plain.user_id, self.salesperson2)

    def test_leader_and_administrator_set_key_accounts(self):
        self.key.with_user(self.leader).write({"user_id": self.salesperson2.id})
        self.plain.with_user(self.director).write({"is_key_account": True})
        self.assertEqual(self.key.user_id, self.salesperson2)
        self.assertTrue(self.plain.is_key_account)
