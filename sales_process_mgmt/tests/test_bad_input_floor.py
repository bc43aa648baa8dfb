"""Bad input on the dealership floor: every refusal is a clean error and writes nothing."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .floor_common import FloorCommon


@tagged("post_install", "-at_install")
class TestBadInputFloor(FloorCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls._card()
        cls.Drive = cls.env["sales.test.drive"].with_user(cls.salesperson)
        cls.Request = cls.env["sales.defeat.request"].with_user(cls.salesperson)

    def _count(self):
        return (
            self.env["sales.test.drive"].search_count([]),
            self.env["sales.defeat.request"].search_count([]),
        )

    def test_test_drive_bad_values(self):
        before = self._count()
        cases = [
            ({"date_start": datetime(1899, 1, 1)}, ValidationError),
            ({"date_start": datetime(2026, 1, 1), "date_end": datetime(2150, 1, 1)}, ValidationError),
            ({"date_start": datetime(2026, 1, 1, 10), "date_end": datetime(2026, 1, 1, 9)}, ValidationError),
            ({"feedback_score": "9"}, ValidationError),
            ({"feedback_score": "0"}, ValidationError),
            ({"state": "done"}, ValidationError),  # licence not checked
            ({"lead_id": 987654321}, AccessError),
            ({"visit_id": 987654321}, AccessError),
            ({"date_done": datetime(2026, 1, 1)}, AccessError),
        ]
        for extra, error in cases:
            vals = {"lead_id": self.lead.id, "date_start": datetime(2026, 1, 1, 10)}
            vals.update(extra)
            with self.subTest(vals=extra), self.assertRaises(error):
                self.Drive.create(vals)
        self.assertEqual(self._count(), before)

    def test_test_drive_bad_writes(self):
        drive = self.Drive.create({"lead_id": self.lead.id, "date_start": datetime(2026, 1, 1, 10)})
        for vals, error in (
            ({"feedback_score": "x"}, ValidationError),
            ({"date_end": datetime(2026, 1, 1, 9)}, ValidationError),
            ({"lead_id": 987654321}, AccessError),
            ({"name": "forged"}, AccessError),
        ):
            with self.subTest(vals=vals), self.assertRaises(error):
                drive.write(vals)
        self.assertFalse(drive.feedback_score)
        self.assertFalse(drive.date_end)
        self.assertEqual(drive.lead_id, self.lead)

    def test_defeat_request_bad_values(self):
        before = self._count()
        for vals, error in (
            ({}, ValidationError),
            ({"lead_id": False}, ValidationError),
            ({"lead_id": 987654321}, AccessError),
            ({"lead_id": self.lead.id, "state": "approved"}, AccessError),
            ({"lead_id": self.lead.id, "reviewer_id": self.leader.id}, AccessError),
        ):
            vals = dict({"lost_reason_id": self.reason_price.id}, **vals)
            with self.subTest(vals=vals), self.assertRaises(error):
                self.Request.create(vals)
        # a lost reason is required (the ORM's own check)
        with self.assertRaises(Exception):  # noqa: B017 - NOT NULL, psycopg2 or ValidationError
            with self.env.cr.savepoint():
                self.Request.create({"lead_id": self.lead.id, "lost_reason_id": False})
                self.env.flush_all()
        self.assertEqual(self._count(), before)

    def test_review_of_a_reviewed_request(self):
        request = self.Request.create({"lead_id": self.lead.id, "lost_reason_id": self.reason_price.id})
        request.with_user(self.leader)._spm_reject("Call again next week")
        for method in ("action_approve", "action_reject"):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(request.with_user(self.leader), method)()
        self.assertEqual(request.state, "rejected")
        self.assertTrue(self.lead.active)
