/** @odoo-module */

import { registry } from "@web/core/registry";

// A salesperson logs a visiting family in one line of the visit log and
// sees at once that it counts as one visit group.
registry.category("web_tour.tours").add("spm_visit_quick_log", {
    url: "/odoo/action-sales_process_mgmt.sales_visit_action",
    steps: () => [
        {
            trigger: "button.o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=customer_name] input",
            run: "edit Tour Family Chen",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=party_size] input",
            run: "edit 4",
        },
        {
            trigger: "button.o_list_button_save",
            run: "click",
        },
        {
            trigger: ".o_data_row:not(.o_selected_row):contains(Tour Family Chen) td[name=counts_as_group] input:checked",
        },
    ],
});
