"""The director's dashboard (spreadsheet_dashboard): data sources, access, language."""

import base64
import io
import json

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.translate import code_translations, extract_spreadsheet_terms

from .common import SpmCommon


@tagged("post_install", "-at_install")
class TestForecastDashboard(SpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("sales_process_mgmt.spreadsheet_dashboard_sales_process")
        cls.data = json.loads(base64.b64decode(cls.dashboard.spreadsheet_binary_data))

    def _check_chain(self, model, chain):
        Model = self.env[model]
        for name in chain.split("."):
            self.assertIn(name, Model._fields, f"{model}: {chain}")
            field = Model._fields[name]
            if field.relational:
                Model = self.env[field.comodel_name]

    def _check_fields(self, model, names):
        self.assertIn(model, self.env, model)
        for name in names:
            if name != "__count":
                self.assertIn(name.split(":")[0], self.env[model]._fields, f"{model}.{name}")

    def _check_matching(self, model, field_matching):
        filter_ids = {f["id"] for f in self.data["globalFilters"]}
        for filter_id, match in field_matching.items():
            self.assertIn(filter_id, filter_ids)
            if match.get("chain"):
                self._check_chain(model, match["chain"])

    def test_every_data_source_reads_as_leader(self):
        """Pivots, lists and charts name existing models and fields, and a team leader reads them."""
        self.assertTrue(self.data["pivots"] and self.data["lists"])
        for pivot in self.data["pivots"].values():
            model, measures = pivot["model"], [m["fieldName"] for m in pivot["measures"]]
            groupby = [
                ":".join(filter(None, (g["fieldName"], g.get("granularity"))))
                for g in pivot["rows"] + pivot["columns"]
            ]
            self._check_fields(model, measures + groupby)
            self._check_matching(model, pivot["fieldMatching"])
            Model = self.env[model].with_user(self.leader).with_context(**pivot["context"])
            groups = Model.read_group(
                pivot["domain"], [m for m in measures if m != "__count"], groupby, lazy=False
            )
            self.assertIsInstance(groups, list, pivot["name"])
        for spec in self.data["lists"].values():
            self._check_fields(spec["model"], spec["columns"] + [o["name"] for o in spec["orderBy"]])
            self._check_matching(spec["model"], spec["fieldMatching"])
            self.env[spec["model"]].with_user(self.leader).search_read(
                spec["domain"], spec["columns"], limit=10
            )
        charts = [f["data"] for s in self.data["sheets"] for f in s["figures"] if f["tag"] == "chart"]
        self.assertTrue(charts)
        for chart in charts:
            meta = chart["metaData"]
            self._check_fields(meta["resModel"], [meta["measure"]] + meta["groupBy"])
            self._check_matching(meta["resModel"], chart["fieldMatching"])
            self.env[meta["resModel"]].with_user(self.leader).read_group(
                chart["searchParams"]["domain"], [meta["measure"]], meta["groupBy"], lazy=False
            )
        for cell in (c for s in self.data["sheets"] for c in s["cells"].values()):
            # every pivot or list a formula names is defined
            content = cell.get("content", "")
            if content.startswith("=PIVOT("):
                self.assertIn(content[len("=PIVOT(") :].split(",")[0].rstrip(")"), self.data["pivots"])
            if content.startswith("=ODOO.LIST("):
                self.assertIn(content[len("=ODOO.LIST(") :].split(",")[0], self.data["lists"])

    def test_visible_to_leaders_not_salespeople(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("sales_process_mgmt.spreadsheet_dashboard_group_sales_process"),
        )
        self.dashboard.with_user(self.leader).check_access("read")
        self.dashboard.with_user(self.director).check_access("read")
        with self.assertRaises(AccessError):
            self.dashboard.with_user(self.salesperson).check_access("read")
        self.assertNotIn(
            self.dashboard, self.env["spreadsheet.dashboard"].with_user(self.salesperson).search([])
        )

    def test_zh_cn_user_reads_translated_strings(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_process_mgmt"], ["zh_CN"], overwrite=True)
        raw = base64.b64decode(self.dashboard.spreadsheet_binary_data)
        code_translations.web_translations.pop(("sales_process_mgmt", "zh_CN"), None)
        terms = {term for __, __, term, __ in extract_spreadsheet_terms(io.BytesIO(raw), [], [], {})}
        self.assertIn("Forecast", terms)
        # what the web client loads for a zh_CN user (/web/webclient/translations)
        translations = self.env["ir.http"].get_translations_for_webclient(["sales_process_mgmt"], "zh_CN")[0]
        messages = {m["id"]: m["string"] for m in translations["sales_process_mgmt"]["messages"]}
        untranslated = sorted(t for t in terms if not messages.get(t) or messages[t] == t)
        self.assertFalse(untranslated, "dashboard strings without a zh_CN translation")
        self.assertEqual(messages["Forecast"], "业绩预测")
        zh_user = self.leader.with_context(lang="zh_CN")
        self.assertNotEqual(
            self.dashboard.with_user(zh_user).with_context(lang="zh_CN").name, "Showroom and Forecast"
        )
        self.assertEqual(self.dashboard.dashboard_group_id.with_context(lang="zh_CN").name, "销售流程")
