"""Excel export of appraisals, read back with openpyxl."""

import base64
import io
from datetime import date
from urllib.parse import parse_qs, urlsplit

import openpyxl

from odoo.tests import tagged

from .test_appraisal_common import AppraisalCommon

PAYLOAD = '=HYPERLINK("http://x","y")'


@tagged("post_install", "-at_install")
class TestAppraisalExport(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson2.name = PAYLOAD
        cls._order(cls.salesperson, cls._partner("SPM Export Customer"), 50000, date(2031, 1, 10))
        cls._target(cls.salesperson, 50000, new_customers=1)
        cls.appraisals = cls._appraisal(cls.salesperson) | cls._appraisal(cls.salesperson2)
        cls.appraisals.action_compute()
        line = cls._line(cls.appraisals[1], cls.kpi_revenue)
        line.write({"override": True, "actual_override": 1.0, "override_reason": "+cmd|' /C calc'!A0"})

    def _workbook(self, appraisals):
        data = appraisals._export_xlsx()
        self.assertTrue(data.startswith(b"PK"))
        return openpyxl.load_workbook(io.BytesIO(data))

    def test_summary_and_detail_sheets(self):
        book = self._workbook(self.appraisals)
        self.assertEqual(book.sheetnames, ["Summary", "Detail"])
        summary = book["Summary"]
        headers = [cell.value for cell in summary[1]]
        self.assertEqual(headers[:5], ["Salesperson", "Sales Team", "Start Date", "End Date", "Template"])
        self.assertIn(self.kpi_revenue.name, headers)
        self.assertEqual(headers[-3:], ["Total Score", "Grade", "Status"])
        self.assertEqual(summary.max_row, 3)
        rows = {row[0].value: row for row in summary.iter_rows(min_row=2)}
        mine = rows["Sam Salesperson"]
        column = headers.index(self.kpi_revenue.name)
        self.assertAlmostEqual(mine[column].value, 100.0)
        self.assertAlmostEqual(mine[headers.index("Total Score")].value, self.appraisals[0].total_score)
        self.assertEqual(mine[headers.index("Status")].value, "Computed")
        detail = book["Detail"]
        self.assertEqual(detail.max_row, 1 + len(self.appraisals.line_ids))
        self.assertEqual(detail["D1"].value, "KPI")

    def test_no_cell_is_a_formula(self):
        book = self._workbook(self.appraisals)
        texts = []
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{sheet.title}!{cell.coordinate} is a formula")
                    if isinstance(cell.value, str):
                        self.assertFalse(cell.value.startswith(("=", "+", "-", "@")), cell.value)
                        texts.append(cell.value)
        # the names are kept, behind a guard
        self.assertIn("'" + PAYLOAD, texts)
        self.assertIn("'+cmd|' /C calc'!A0", texts)

    def test_headers_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.kpi_revenue.with_context(lang="zh_CN").name = "销售计划达成率"
        book = self._workbook(self.appraisals.with_context(lang="zh_CN"))
        headers = [cell.value for cell in book.worksheets[0][1]]
        self.assertIn("销售计划达成率", headers)
        self.assertNotIn(self.kpi_revenue.with_context(lang="en_US").name, headers)

    def test_download_action(self):
        action = self.appraisals.with_user(self.leader).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("model=sales.xlsx.export", action["url"])
        export_id = int(action["url"].split("&id=")[1].split("&")[0])
        export = self.env["sales.xlsx.export"].browse(export_id)
        self.assertTrue(base64.b64decode(export.file).startswith(b"PK"))
        self.assertTrue(export.filename.endswith(".xlsx"))
        # /web/content is given the type: guessed from the file's first KB (not a whole zip),
        # it logs two warnings with tracebacks on every download (ir.binary._get_stream_from)
        params = parse_qs(urlsplit(action["url"]).query)
        self.assertEqual(
            params.get("mimetype"), ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
        )
        # No attachment piles up on the appraisals.
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "sales.appraisal"),
                    ("res_id", "in", self.appraisals.ids),
                ]
            )
        )
