# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Sales Process Management",
    "summary": "Checklist-gated sales stages, A/C customer cards with showroom "
    "traffic, sales targets and KPI appraisal with scoring and Excel export",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/sales-process-mgmt/sales_process_mgmt",
    "author": "sales_process_mgmt developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["crm", "sale_crm"],
    "external_dependencies": {"python": ["phonenumbers", "xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/pipeline_security.xml",
        "security/showroom_security.xml",
        "data/sales_process_data.xml",
        "data/mail_activity_plan_data.xml",
        "data/ir_cron_data.xml",
        "wizard/sales_stage_force_wizard_views.xml",
        "views/sales_process_views.xml",
        "views/crm_stage_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_lead_card_views.xml",
        "views/crm_team_views.xml",
        "views/sales_visit_views.xml",
        "views/sales_c_card_views.xml",
        "views/res_config_settings_views.xml",
        "report/sales_checklist_report_views.xml",
        "report/sales_daily_report_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_process_mgmt/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/pipeline_demo.xml",
        "demo/showroom_demo.xml",
    ],
}
