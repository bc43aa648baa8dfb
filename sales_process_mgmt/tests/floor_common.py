"""Fixtures of the dealership floor (test drives, defeats, card status): both
companies' showroom teams follow the shipped showroom process."""

from odoo.tests import new_test_user

from .common import SpmCardsCommon


class FloorCommon(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.showroom = cls.env.ref("sales_process_mgmt.process_showroom")
        cls.team.process_id = cls.showroom
        cls.team2.process_id = cls.showroom
        cls.item_form = cls.env.ref("sales_process_mgmt.item_showroom_testdrive_form")
        cls.item_drive = cls.env.ref("sales_process_mgmt.item_showroom_testdrive_drive")
        cls.item_feedback = cls.env.ref("sales_process_mgmt.item_showroom_testdrive_feedback")
        cls.reason_price = cls.env.ref("sales_process_mgmt.lost_reason_price")
        cls.reason_competitor = cls.env.ref("sales_process_mgmt.lost_reason_competitor")
        # a leader of another team of the same company (All Documents)
        cls.other_leader = new_test_user(
            cls.env,
            "spm_floor_other_leader",
            groups="sales_team.group_sale_salesman_all_leads",
            name="Otto Other Leader",
            company_id=cls.company.id,
        )
        cls.other_team = cls.env["crm.team"].create(
            {
                "name": "SPM Floor Other Team",
                "company_id": cls.company.id,
                "user_id": cls.other_leader.id,
                "process_id": cls.showroom.id,
            }
        )
        cls._phone_seq = 0

    @classmethod
    def _card(cls, user=None, **values):
        """An A card with a phone number of its own (the phone rule allows one held card
        per number)."""
        cls._phone_seq += 1
        values.setdefault("phone", "1380013%04d" % (8100 + cls._phone_seq))
        return cls._a_card(user=user, **values)
