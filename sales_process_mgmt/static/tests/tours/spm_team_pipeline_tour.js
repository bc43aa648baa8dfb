/** @odoo-module **/
import { registry } from "@web/core/registry";

// A team leader opens CRM > Sales > Team Pipeline: the columns are the process's stages only.
registry.category("web_tour.tours").add("spm_team_pipeline_tour", {
    steps: () => [
        {
            content: "Open the Sales menu of the CRM app",
            trigger: ".o_main_navbar [data-menu-xmlid='crm.crm_menu_sales']",
            run: "click",
        },
        {
            content: "Open Team Pipeline",
            trigger: ".dropdown-item[data-menu-xmlid='sales_process_mgmt.crm_lead_menu_team_pipeline']",
            run: "click",
        },
        {
            content: "The team's opportunity is in the first stage of its process",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Tour Team P1')) .o_kanban_record:contains('SPM Team Tour Opportunity')",
        },
        {
            content: "Every column is a stage of the process, none of Odoo's",
            trigger: ".o_kanban_renderer:has(.o_column_title:contains('Tour Team P2')):not(:has(.o_column_title:contains('Won'))):not(:has(.o_column_title:contains('Qualified')))",
        },
    ],
});
