import base64
import io
from datetime import date, datetime

import openpyxl

from odoo.tests import tagged

from .common import SpmCardsCommon

D1, D2, D3 = date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7)


@tagged("post_install", "-at_install")
class TestDailyReport(SpmCardsCommon):
    """A crafted month: two salespeople, two models of their own (so demo data
    does not interfere), cards won and lost on known days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        cls.r_sedan = Template.create({"name": "Report Sedan", "type": "consu"})
        cls.r_suv = Template.create({"name": "Report SUV", "type": "consu"})
        sp1, sp2 = cls.salesperson, cls.salesperson2
        cls.l1 = cls._a_card(
            sp1,
            phone="13700000001",
            contact_name="Held one",
            intended_model_id=cls.r_sedan.id,
            a_card_date=D1,
        )
        cls.l2 = cls._a_card(
            sp1,
            phone="13700000002",
            contact_name="Won on D2",
            intended_model_id=cls.r_sedan.id,
            a_card_date=D1,
        )
        cls.l3 = cls._a_card(
            sp1,
            phone="13700000003",
            contact_name="Lost on D3",
            intended_model_id=cls.r_suv.id,
            a_card_date=D2,
        )
        cls.l4 = cls._a_card(
            sp2,
            phone="13700000004",
            contact_name="Second salesperson",
            intended_model_id=cls.r_sedan.id,
            a_card_date=D3,
        )
        cls.l2.action_set_won()
        cls.l2.date_closed = datetime(2026, 1, 6, 4, 0)
        cls.l3.action_set_lost()
        cls.l3.date_closed = datetime(2026, 1, 7, 4, 0)

        def visit(user, day, **values):
            vals = {
                "visit_date": datetime(day.year, day.month, day.day, 4, 0),
                "user_id": user.id,
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "intended_model_id": cls.r_sedan.id,
                "customer_name": "Visitor",
            }
            vals.update(values)
            return cls.env["sales.visit"].create(vals)

        visit(sp1, D1, party_size=4)  # counts
        visit(sp1, D1, purpose="errand")  # rule 3
        visit(sp1, D1, lead_id=cls.l1.id)  # same-day card: counts
        visit(
            sp1, D2, channel="event", lead_id=cls.l3.id, intended_model_id=cls.r_suv.id
        )  # event, card on D2
        visit(sp1, D2, channel="phone")  # rule 6: no card
        visit(sp2, D3)  # counts
        cls.env["sales.c.card"].create(
            {
                "date": D2,
                "partner_id": cls.customer.id,
                "lead_id": cls.l2.id,
                "user_id": sp1.id,
                "team_id": cls.team.id,
                "intended_model_id": cls.r_sedan.id,
            }
        )
        cls.env.flush_all()
        cls.models_domain = [("intended_model_id", "in", (cls.r_sedan | cls.r_suv).ids)]

    def _rows(self, domain=(), user=None):
        Report = self.env["sales.daily.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search(self.models_domain + list(domain))

    def _row(self, day, user, model):
        rows = self._rows(
            [("date", "=", day), ("user_id", "=", user.id), ("intended_model_id", "=", model.id)]
        )
        self.assertLessEqual(len(rows), 1)
        return rows

    def test_daily_rows(self):
        sp1, sp2 = self.salesperson, self.salesperson2
        row = self._row(D1, sp1, self.r_sedan)
        self.assertEqual(
            (row.visit_groups, row.new_a_cards, row.held_a_cards, row.c_cards),
            (2, 2, 2, 0),
            "a family of four is one group, errands do not count",
        )
        self.assertEqual(row.team_id, self.team)
        self.assertEqual(row.company_id, self.company)
        row = self._row(D2, sp1, self.r_sedan)
        self.assertEqual((row.visit_groups, row.new_a_cards, row.held_a_cards, row.c_cards), (0, 0, 1, 1))
        row = self._row(D2, sp1, self.r_suv)
        self.assertEqual((row.visit_groups, row.new_a_cards, row.held_a_cards), (1, 1, 1))
        row = self._row(D3, sp1, self.r_suv)
        self.assertEqual(row.held_a_cards, 0, "lost on D3")
        self.assertFalse(self._row(date(2026, 1, 20), sp1, self.r_suv), "nothing held, no row")
        row = self._row(date(2026, 1, 20), sp1, self.r_sedan)
        self.assertEqual((row.visit_groups, row.held_a_cards), (0, 1), "held cards carry over quiet days")
        row = self._row(D3, sp2, self.r_sedan)
        self.assertEqual((row.visit_groups, row.new_a_cards, row.held_a_cards), (1, 1, 1))

    def test_held_cards_over_a_period_are_the_last_day_figure(self):
        Report = self.env["sales.daily.report"]
        domain = self.models_domain + [("date", ">=", D1), ("date", "<=", D3)]
        by_user = {
            user: (visits, new, held, c_cards)
            for user, visits, new, held, c_cards in Report._read_group(
                domain,
                ["user_id"],
                ["visit_groups:sum", "new_a_cards:sum", "held_a_cards:sum", "c_cards:sum"],
            )
        }
        self.assertEqual(by_user[self.salesperson], (3, 3, 1, 1))
        self.assertEqual(by_user[self.salesperson2], (1, 1, 1, 0))
        [(_month, held)] = Report._read_group(domain, ["date:month"], ["held_a_cards:sum"])
        self.assertEqual(held, 2)
        by_day = dict(Report._read_group(domain, ["date:day"], ["held_a_cards:sum"]))
        self.assertEqual([by_day[d] for d in sorted(by_day)], [2, 2, 2])
        # the web client's grouped read goes through the same aggregate
        groups = Report.read_group(domain, ["held_a_cards:sum"], ["user_id"])
        self.assertEqual(
            {g["user_id"][0]: g["held_a_cards"] for g in groups},
            {self.salesperson.id: 1, self.salesperson2.id: 1},
        )

    def test_c_card_of_cancelled_order_leaves_the_report(self):
        card = self.env["sales.c.card"].create(
            {
                "date": D3,
                "partner_id": self.customer.id,
                "user_id": self.salesperson2.id,
                "team_id": self.team.id,
                "intended_model_id": self.r_sedan.id,
            }
        )
        self.env.flush_all()
        self.assertEqual(self._row(D3, self.salesperson2, self.r_sedan).c_cards, 1)
        card.action_archive()  # what cancelling its order does
        self.env.flush_all()
        self.env.invalidate_all()  # the view's rows are cached, not recomputed
        self.assertEqual(self._row(D3, self.salesperson2, self.r_sedan).c_cards, 0)

    def test_closing_day_is_the_salespersons_day(self):
        # won at 20:00 UTC on D2 = 04:00 on D3 in Beijing: still held at the end of D2
        self.salesperson2.tz = "Asia/Shanghai"
        lead = self._a_card(
            self.salesperson2,
            phone="13700000005",
            contact_name="Won at night",
            intended_model_id=self.r_suv.id,
            a_card_date=D1,
        )
        lead.action_set_won()
        lead.date_closed = datetime(2026, 1, 6, 20, 0)
        # lost at 02:00 UTC on D2 = 18:00 on D1 in Los Angeles (the company's zone,
        # the salesperson has none): no longer held at the end of D1
        self.salesperson.tz = False
        self.company.partner_id.tz = "America/Los_Angeles"
        lost = self._a_card(
            self.salesperson,
            phone="13700000006",
            contact_name="Lost in the evening",
            intended_model_id=self.r_suv.id,
            a_card_date=D1,
        )
        lost.action_set_lost()
        lost.date_closed = datetime(2026, 1, 6, 2, 0)
        self.env.flush_all()
        self.assertEqual(self._row(D2, self.salesperson2, self.r_suv).held_a_cards, 1)
        self.assertEqual(self._row(D3, self.salesperson2, self.r_suv).held_a_cards, 0)
        row = self._row(D1, self.salesperson, self.r_suv)
        self.assertEqual((row.new_a_cards, row.held_a_cards), (1, 0))

    def test_access_per_role_and_company(self):
        own = self._rows(user=self.salesperson)
        self.assertTrue(own)
        self.assertEqual(own.user_id, self.salesperson)
        self.assertEqual(self._rows(user=self.leader).user_id, self.salesperson | self.salesperson2)
        self.assertFalse(self._rows(user=self.other_user))

    def test_xlsx_export_no_formula_and_user_language(self):
        evil = self.env["product.template"].create({"name": '=HYPERLINK("http://x","y")', "type": "consu"})
        self._a_card(phone="13700000009", contact_name="Evil", intended_model_id=evil.id, a_card_date=D1)
        self.env.flush_all()
        rows = self.env["sales.daily.report"].search([("intended_model_id", "=", evil.id)])
        self.assertTrue(rows)
        action = rows.action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        export = self.env["sales.xlsx.export"].search([], order="id desc", limit=1)
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file)))
        sheet = book.active
        headers = [cell.value for cell in sheet[1]]
        self.assertIn("Salesperson", headers)
        self.assertIn("Held A Cards", headers)
        model_col = headers.index("Intended Model")
        cell = sheet.cell(row=2, column=model_col + 1)
        self.assertNotEqual(cell.data_type, "f")
        self.assertFalse(str(cell.value).startswith("="))
        self.assertIn("HYPERLINK", cell.value)

    def test_xlsx_headers_in_user_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        field = self.env["ir.model.fields"]._get("sales.daily.report", "visit_groups")
        field.with_context(lang="zh_CN").field_description = "来店(电)组数"
        self.env.registry.clear_cache()
        self.salesperson.lang = "zh_CN"
        # a request's context carries the user's language
        report = self._rows(user=self.salesperson).with_context(lang=self.salesperson.lang)
        content = report._spm_xlsx_content()
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertIn("来店(电)组数", [cell.value for cell in sheet[1]])

    def test_xlsx_export_without_selection_takes_the_search_domain(self):
        """The list's "Export to Excel" button sends the search domain when no row is selected."""
        domain = self.models_domain + [("user_id", "=", self.salesperson2.id), ("date", "=", D3)]
        self.env["sales.daily.report"].with_context(active_domain=domain).action_export_xlsx()
        export = self.env["sales.xlsx.export"].search([], order="id desc", limit=1)
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(export.file))).active
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 1)
        self.assertIn(self.salesperson2.name, rows[0])
