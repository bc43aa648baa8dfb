/** @odoo-module **/
import { registry } from "@web/core/registry";

// Drag a card past open items (the transition dialog opens; cancel it), then open the
// opportunity, tick its checklist in place and drag the card to the next stage.
registry.category("web_tour.tours").add("spm_pipeline_tour", {
    steps: () => [
        {
            content: "The card shows its checklist progress",
            trigger: ".o_kanban_record:contains('SPM Tour Opportunity') .o_spm_checklist_progress",
        },
        {
            content: "Drag the card before ticking anything",
            trigger: ".o_kanban_record:contains('SPM Tour Opportunity')",
            run: "drag_and_drop(.o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Tour Stage B')))",
        },
        {
            content: "The transition dialog lists the open items",
            trigger: ".modal .o_spm_transition:contains('Tour greeting'):contains('Tour needs noted')",
        },
        {
            content: "Cancel the move",
            trigger: ".modal .o_spm_cancel",
            run: "click",
        },
        {
            content: "The card stayed in its stage",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Tour Stage A')) .o_kanban_record:contains('SPM Tour Opportunity')",
        },
        {
            content: "Open the opportunity",
            trigger: ".o_kanban_record:contains('SPM Tour Opportunity')",
            run: "click",
        },
        {
            content: "Open the checklist tab",
            trigger: ".o_notebook .nav-link:contains('Checklist')",
            run: "click",
        },
        {
            content: "Tick the first item",
            trigger: ".o_field_widget[name=checklist_line_ids] .o_data_row:contains('Tour greeting') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Tick the second item",
            trigger: ".o_field_widget[name=checklist_line_ids] .o_data_row:contains('Tour needs noted') .o_field_boolean_toggle input",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: who ticked it is recorded",
            trigger: ".o_form_saved .o_field_widget[name=checklist_line_ids] .o_data_row:contains('Tour greeting') .o_field_many2one_avatar_user",
        },
        {
            content: "Back to the pipeline",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Drag the card to the next stage",
            trigger: ".o_kanban_record:contains('SPM Tour Opportunity')",
            run: "drag_and_drop(.o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Tour Stage B')))",
        },
        {
            content: "The card is in the next stage",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Tour Stage B')) .o_kanban_record:contains('SPM Tour Opportunity')",
        },
    ],
});
