# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Daily report figures and rates on a crafted data set: held cards at period end, cards
won and lost across month boundaries, test drives in the salesperson's time zone, every
rate's zero denominator, per role and company."""

import io
from datetime import date, datetime

import openpyxl

from odoo.tests import tagged

from .common import SpmCardsCommon

JAN_30, JAN_31, FEB_1, FEB_10, MAR_5 = (
    date(2026, 1, 30),
    date(2026, 1, 31),
    date(2026, 2, 1),
    date(2026, 2, 10),
    date(2026, 3, 5),
)
FIGURES = [
    "visit_groups",
    "new_a_cards",
    "held_a_cards",
    "test_drives",
    "orders",
    "deliveries",
    "defeats",
    "closed_cards",
    "archive_rate",
    "test_drive_rate",
    "closing_rate",
    "defeat_rate",
]


@tagged("post_install", "-at_install")
class TestDailyReportRates(SpmCardsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        cls.m1 = Template.create({"name": "Rates Sedan", "type": "consu"})
        cls.m2 = Template.create({"name": "Rates SUV", "type": "consu"})
        sp1, sp2 = cls.salesperson, cls.salesperson2
        sp1.tz = "Asia/Shanghai"
        sp2.tz = "UTC"
        # sp1: three cards in January; one won on Feb 1 (Beijing), one lost on Jan 31, one held
        cls.held = cls._a_card(
            sp1, phone="13600000001", contact_name="Held", intended_model_id=cls.m1.id, a_card_date=JAN_30
        )
        cls.won = cls._a_card(
            sp1, phone="13600000002", contact_name="Won Feb", intended_model_id=cls.m1.id, a_card_date=JAN_30
        )
        cls.lost = cls._a_card(
            sp1, phone="13600000003", contact_name="Lost Jan", intended_model_id=cls.m2.id, a_card_date=JAN_31
        )
        cls.won.action_set_won()
        # 17:00 UTC on Jan 31 = 01:00 on Feb 1 in Beijing: closed in February
        cls.won.date_closed = datetime(2026, 1, 31, 17, 0)
        cls.lost.action_set_lost()
        cls.lost.date_closed = datetime(2026, 1, 31, 3, 0)
        # sp2: a card in February, lost in March
        cls.lost_mar = cls._a_card(
            sp2, phone="13600000004", contact_name="Lost Mar", intended_model_id=cls.m1.id, a_card_date=FEB_10
        )
        cls.lost_mar.action_set_lost()
        cls.lost_mar.date_closed = datetime(2026, 3, 5, 10, 0)

        def visit(user, day, model):
            return cls.env["sales.visit"].create(
                {
                    "visit_date": datetime(day.year, day.month, day.day, 4, 0),
                    "user_id": user.id,
                    "team_id": cls.team.id,
                    "company_id": cls.company.id,
                    "intended_model_id": model.id,
                    "customer_name": "Visitor",
                }
            )

        for _i in range(4):
            visit(sp1, JAN_30, cls.m1)
        visit(sp2, FEB_10, cls.m1)
        Drive = cls.env["sales.test.drive"]
        # done at 16:30 UTC on Jan 31 = Feb 1 in Beijing; one cancelled, one planned: not counted
        for state in ("done", "cancelled", "planned"):
            Drive.create(
                {
                    "lead_id": cls.won.id,
                    "user_id": sp1.id,
                    "team_id": cls.team.id,
                    "company_id": cls.company.id,
                    "product_tmpl_id": cls.m1.id,
                    "date_start": datetime(2026, 1, 31, 16, 30),
                    "state": state,
                    "licence_checked": True,
                }
            )
        Drive.create(
            {
                "lead_id": cls.held.id,
                "user_id": sp1.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "product_tmpl_id": cls.m1.id,
                "date_start": datetime(2026, 1, 30, 2, 0),
                "state": "done",
                "licence_checked": True,
            }
        )
        # the won card's order on Feb 1, delivered on Feb 10; an archived (cancelled) one
        cls.env["sales.c.card"].create(
            {
                "date": FEB_1,
                "delivery_date": FEB_10,
                "partner_id": cls.customer.id,
                "lead_id": cls.won.id,
                "user_id": sp1.id,
                "team_id": cls.team.id,
                "intended_model_id": cls.m1.id,
            }
        )
        cls.env["sales.c.card"].create(
            {
                "date": FEB_1,
                "partner_id": cls.customer.id,
                "user_id": sp1.id,
                "team_id": cls.team.id,
                "intended_model_id": cls.m1.id,
                "active": False,
            }
        )
        cls.env.flush_all()
        cls.base = [("intended_model_id", "in", (cls.m1 | cls.m2).ids)]

    def _groups(self, groupby, domain=(), user=None):
        Report = self.env["sales.daily.report"]
        if user:
            Report = Report.with_user(user)
        rows = Report._read_group(self.base + list(domain), groupby, [f"{f}:sum" for f in FIGURES])
        return {
            tuple(row[: len(groupby)]): dict(zip(FIGURES, row[len(groupby) :], strict=True)) for row in rows
        }

    def test_month_figures_and_rates(self):
        months = self._groups(["user_id", "date:month"])
        jan = months[(self.salesperson, JAN_30.replace(day=1))]
        self.assertEqual(
            [jan[f] for f in FIGURES[:8]],
            [4, 3, 2, 1, 0, 0, 1, 1],
            "January: lost card is a defeat; the won card is still held on Jan 31 (Beijing)",
        )
        self.assertAlmostEqual(jan["archive_rate"], 75.0)
        self.assertAlmostEqual(jan["test_drive_rate"], 25.0)
        self.assertEqual(jan["closing_rate"], 0.0)
        self.assertAlmostEqual(jan["defeat_rate"], 100.0)
        feb = months[(self.salesperson, FEB_1)]
        self.assertEqual([feb[f] for f in FIGURES[:8]], [0, 0, 1, 1, 1, 1, 0, 1])
        # no visit groups: the visit-based rates are 0, not an error
        self.assertEqual((feb["archive_rate"], feb["test_drive_rate"], feb["closing_rate"]), (0.0, 0.0, 0.0))
        self.assertEqual(feb["defeat_rate"], 0.0)
        feb2 = months[(self.salesperson2, FEB_1)]
        self.assertEqual((feb2["visit_groups"], feb2["new_a_cards"], feb2["held_a_cards"]), (1, 1, 1))
        self.assertEqual(feb2["closed_cards"], 0)
        self.assertEqual(feb2["defeat_rate"], 0.0, "no closed card: 0")
        mar2 = months[(self.salesperson2, MAR_5.replace(day=1))]
        self.assertEqual((mar2["defeats"], mar2["held_a_cards"], mar2["defeat_rate"]), (1, 0, 100.0))
        self.assertEqual(mar2["archive_rate"], 0.0)

    def test_held_cards_for_any_grouping(self):
        # no grouping, up to Feb 28: sp1's held card (the won one closed) + sp2's
        everything = self._groups([], [("date", "<=", date(2026, 2, 28))])[()]
        self.assertEqual(everything["held_a_cards"], 2)
        self.assertEqual(self._groups([])[()]["held_a_cards"], 1, "after March 5: one held card")
        by_model = self._groups(["intended_model_id"], [("date", "<=", JAN_31)])
        self.assertEqual(by_model[(self.m1,)]["held_a_cards"], 2)
        self.assertEqual(by_model[(self.m2,)]["held_a_cards"], 0)
        by_team = self._groups(["team_id"], [("date", "<=", JAN_31)])
        self.assertEqual(by_team[(self.team,)]["held_a_cards"], 2)
        # a date filter starting after the cards were made still counts them as held
        february = self._groups(["user_id"], [("date", ">=", FEB_1), ("date", "<=", date(2026, 2, 28))])
        self.assertEqual(february[(self.salesperson,)]["held_a_cards"], 1)
        self.assertEqual(february[(self.salesperson,)]["new_a_cards"], 0)
        self.assertEqual(february[(self.salesperson2,)]["held_a_cards"], 1)
        # a period with no event: the salespeople still hold their cards, nothing else happened
        quiet = [("date", ">=", date(2026, 2, 11)), ("date", "<=", date(2026, 2, 28))]
        quiet_groups = self._groups(["user_id"], quiet)
        self.assertEqual(
            {key: values["held_a_cards"] for key, values in quiet_groups.items()},
            {(self.salesperson,): 1, (self.salesperson2,): 1},
        )
        self.assertEqual({values["visit_groups"] + values["orders"] for values in quiet_groups.values()}, {0})
        self.assertFalse(self._groups(["date:month"], quiet), "no day of the period has an event")
        self.assertEqual(self._groups([], quiet)[()]["held_a_cards"], 2)
        self.assertEqual(self._groups([], quiet)[()]["visit_groups"], 0)
        one_day = self._groups(["user_id"], [("date", "=", FEB_10)])
        self.assertEqual(one_day[(self.salesperson2,)]["held_a_cards"], 1)
        # an OR on the date falls back to the rows' figures, still the period-end stock
        either = self._groups(["user_id"], ["|", ("date", "=", JAN_30), ("date", "=", JAN_31)])
        self.assertEqual(either[(self.salesperson,)]["held_a_cards"], 2)
        by_day = self._groups(["date:day"], [("user_id", "=", self.salesperson.id), ("date", "<=", FEB_10)])
        self.assertEqual(
            {day: values["held_a_cards"] for (day,), values in by_day.items()},
            {JAN_30: 2, JAN_31: 2, FEB_1: 1, FEB_10: 1},
        )

    def test_rows_and_time_zones(self):
        Report = self.env["sales.daily.report"]
        row = Report.search(
            self.base
            + [
                ("date", "=", FEB_1),
                ("user_id", "=", self.salesperson.id),
                ("intended_model_id", "=", self.m1.id),
            ]
        )
        self.assertEqual((row.test_drives, row.orders, row.held_a_cards, row.closed_cards), (1, 1, 1, 1))
        self.assertEqual(row.closing_rate, 0.0)
        row = Report.search(self.base + [("date", "=", JAN_30), ("user_id", "=", self.salesperson.id)])
        self.assertEqual((row.visit_groups, row.new_a_cards, row.test_drives), (4, 2, 1))
        self.assertAlmostEqual(row.archive_rate, 50.0)
        self.assertAlmostEqual(row.test_drive_rate, 25.0)
        # the web client's grouped read: same figures
        [group] = Report.read_group(
            self.base + [("user_id", "=", self.salesperson.id)],
            ["held_a_cards:sum", "archive_rate:sum"],
            [],
            lazy=False,
        )
        self.assertEqual(group["held_a_cards"], 1)
        self.assertAlmostEqual(group["archive_rate"], 75.0)

    def test_access_per_role_and_company(self):
        own = self._groups(["user_id"], user=self.salesperson)
        self.assertEqual(set(own), {(self.salesperson,)})
        rows = self.env["sales.daily.report"].with_user(self.salesperson).search(self.base)
        self.assertEqual(rows.user_id, self.salesperson)
        self.assertEqual(
            set(self._groups(["user_id"], user=self.leader)), {(self.salesperson,), (self.salesperson2,)}
        )
        self.assertFalse(self._groups(["user_id"], user=self.other_user))
        # a card of the other company is not in this company's figures
        self._a_card(
            self.other_user,
            phone="13600000009",
            contact_name="Other company",
            intended_model_id=self.m1.id,
            a_card_date=JAN_30,
            team_id=self.team2.id,
            company_id=self.company2.id,
        )
        self.env.flush_all()
        theirs = self._groups(["company_id"], user=self.other_user)
        self.assertEqual(theirs[(self.company2,)]["new_a_cards"], 1)
        self.assertEqual(self._groups(["company_id"], user=self.director)[(self.company,)]["new_a_cards"], 4)

    def test_xlsx_has_the_new_columns(self):
        rows = self.env["sales.daily.report"].search(self.base)
        book = openpyxl.load_workbook(io.BytesIO(rows._spm_xlsx_content()))
        sheet = book.active
        header = [cell.value for cell in sheet[1]]
        for label in (
            "Test Drives",
            "Orders",
            "Deliveries",
            "Defeats",
            "Archive Rate (%)",
            "Defeat Rate (%)",
        ):
            self.assertIn(label, header)
        self.assertFalse([c for row in sheet.iter_rows() for c in row if c.data_type == "f"])
