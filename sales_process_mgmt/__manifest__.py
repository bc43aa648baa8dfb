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
        "security/showroom_security.xml",
        "data/mail_activity_plan_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_lead_card_views.xml",
        "views/sales_visit_views.xml",
        "views/sales_c_card_views.xml",
        "views/res_config_settings_views.xml",
        "report/sales_daily_report_views.xml",
        "security/appraisal_security.xml",
        "data/sales_kpi_data.xml",
        "data/sales_appraisal_template_data.xml",
        "wizard/sales_target_split_views.xml",
        "wizard/sales_appraisal_generate_views.xml",
        "wizard/sales_appraisal_reset_views.xml",
        "views/sales_kpi_views.xml",
        "views/sales_appraisal_template_views.xml",
        "views/sales_target_views.xml",
        "views/sales_appraisal_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sales_process_mgmt/static/tests/tours/sales_visit_tour.js",
        ],
    },
    "demo": [
        "demo/showroom_demo.xml",
        "demo/appraisal_demo.xml",
    ],
}
