"""Smoke tests: the addon is installed, its menus open, its access files load."""

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SpmCommon

VIEW_TYPES = ("list", "form", "kanban", "pivot", "graph", "calendar", "search", "activity")


@tagged("post_install", "-at_install")
class TestInstall(SpmCommon):
    def test_module_installed(self):
        mod = self.env["ir.module.module"].search([("name", "=", "sales_process_mgmt")])
        self.assertEqual(mod.state, "installed")
        self.assertTrue(mod.application)

    def _addon_menus(self):
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "sales_process_mgmt"),
                ("model", "=", "ir.ui.menu"),
            ]
        )
        return self.env["ir.ui.menu"].browse(data.mapped("res_id"))

    def test_menus_sit_under_crm(self):
        menus = self._addon_menus()
        self.assertTrue(menus, "the addon ships menus")
        crm_root = self.env.ref("crm.crm_menu_root")
        for menu in menus:
            self.assertIn(crm_root, self._parents(menu), f"{menu.complete_name} is not under CRM")

    def _parents(self, menu):
        parents = self.env["ir.ui.menu"]
        while menu.parent_id:
            menu = menu.parent_id
            parents |= menu
        return parents

    def test_every_menu_action_opens_its_views(self):
        """Each window action reachable from the addon's menus renders every view type it declares."""
        for menu in self._addon_menus().filtered("action"):
            action = menu.action
            if action._name != "ir.actions.act_window":
                continue
            model = self.env[action.res_model]
            modes = [m for m in (action.view_mode or "").split(",") if m]
            views = [(v.view_id.id, v.view_mode) for v in action.view_ids]
            views += [(False, m) for m in modes if m not in {vm for _, vm in views}]
            views.append((action.search_view_id.id or False, "search"))
            result = model.get_views(views, {"load_filters": True, "toolbar": True})
            for _vid, mode in views:
                self.assertIn(mode, result["views"], f"{menu.complete_name}: no {mode} view")
                self.assertTrue(result["views"][mode]["arch"])
            # The action's domain and context are valid for a search.
            model.with_context(**self._eval_context(action.context)).search_count(
                self._eval_domain(action.domain), limit=1
            )

    def _eval_context(self, text):
        return safe_eval(text or "{}", {"uid": self.env.uid, "active_id": False, "context": {}})

    def _eval_domain(self, text):
        return safe_eval(text or "[]", {"uid": self.env.uid, "context": {}})

    def test_menus_follow_roles(self):
        """Salespeople work the floor, leaders see reports, directors configure."""

        def visible(user):
            """Menus the user can reach: the menu and all its parents are visible."""
            ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
            reachable = {
                menu.id
                for menu in self.env["ir.ui.menu"].browse(ids)
                if menu.id in ids and self._parents(menu).ids and set(self._parents(menu).ids) <= ids
            }
            return {
                name
                for name in (
                    "menu_spm_showroom",
                    "sales_visit_menu",
                    "crm_lead_a_cards_menu",
                    "sales_c_card_menu",
                    "sales_daily_report_menu",
                    "menu_spm_performance",
                    "sales_my_performance_menu",
                    "sales_appraisal_menu",
                    "sales_target_menu",
                    "menu_spm_reporting",
                    "menu_spm_config",
                    "sales_process_menu",
                    "sales_kpi_menu",
                    "sales_appraisal_template_menu",
                )
                if self.env.ref(f"sales_process_mgmt.{name}").id in reachable
            }

        floor = {
            "menu_spm_showroom",
            "sales_visit_menu",
            "crm_lead_a_cards_menu",
            "sales_c_card_menu",
            "sales_daily_report_menu",
            "menu_spm_performance",
            "sales_my_performance_menu",
        }
        management = {"sales_appraisal_menu", "sales_target_menu", "menu_spm_reporting"}
        configuration = {
            "menu_spm_config",
            "sales_process_menu",
            "sales_kpi_menu",
            "sales_appraisal_template_menu",
        }
        self.assertEqual(visible(self.salesperson), floor)
        self.assertEqual(visible(self.leader), floor | management)
        self.assertEqual(visible(self.director), floor | management | configuration)

    def test_roles_map_to_odoo_sales_groups(self):
        self.assertTrue(self.salesperson.has_group("sales_team.group_sale_salesman"))
        self.assertFalse(self.salesperson.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.leader.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertEqual(self.team.user_id, self.leader)
        self.assertTrue(self.director.has_group("sales_team.group_sale_manager"))
