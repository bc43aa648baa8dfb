/** @odoo-module */

import { registry } from "@web/core/registry";

// A salesperson books a test drive from the visit of a customer: the form comes
// prefilled with the A card, the customer and the model; the licence is checked,
// the route noted, and the drive completed.
registry.category("web_tour.tours").add("spm_test_drive_from_visit", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_spm_book_test_drive]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=lead_id] input:value(SPM Tour A card)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=product_tmpl_id] input:value(SPM Tour Sedan)",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=route] input",
            run: "edit Tour city loop",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=licence_checked] input",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Done)",
        },
    ],
});
