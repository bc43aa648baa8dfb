/** @odoo-module **/
import { registry } from "@web/core/registry";

const CARD = ".o_kanban_record:contains('SPM Guided Tour Opp')";
const COLUMN_B = ".o_opportunity_kanban .o_kanban_group:has(.o_column_title:contains('Guided Stage B'))";
const COLUMN_A = ".o_kanban_group:has(.o_column_title:contains('Guided Stage A'))";
const DIALOG = ".modal .o_spm_transition";

// Part 1 (salesperson): drag the card, get the dialog, tick an item in place,
// request the approval, close the dialog; the card stays in its column.
registry.category("web_tour.tours").add("spm_guided_drag_tour", {
    steps: () => [
        {
            content: "Drag the showroom card to the next stage",
            trigger: CARD,
            run: `drag_and_drop(${COLUMN_B})`,
        },
        {
            content: "The dialog lists the items with their descriptions",
            trigger: `${DIALOG}:contains('Guided greeting'):contains('Greet at the door'):contains('Guided concession')`,
        },
        {
            content: "The approval names its approver",
            trigger: `${DIALOG} .o_data_row:contains('Guided concession'):contains('Leo Guided Leader')`,
        },
        {
            content: "Tick the manual item in place",
            trigger: `${DIALOG} .o_data_row:contains('Guided greeting') button.o_spm_tick`,
            run: "click",
        },
        {
            content: "The item is done; the dialog stays for the approval",
            trigger: `${DIALOG} .o_data_row:contains('Guided greeting') .badge:contains('Done')`,
        },
        {
            content: "Request the approval",
            trigger: `${DIALOG} .o_data_row:contains('Guided concession') button.o_spm_request`,
            run: "click",
        },
        {
            content: "The approval is requested",
            trigger: `${DIALOG} .o_data_row:contains('Guided concession') .badge:contains('Approval Requested')`,
        },
        {
            content: "Close the dialog until the leader approves",
            trigger: ".modal .o_spm_cancel",
            run: "click",
        },
        {
            content: "The card is back in its column",
            trigger: `${COLUMN_A} ${CARD}`,
        },
    ],
});

// Part 2 (after the leader approved): drag again; the dialog asks for the expected
// revenue; fill it and move.
registry.category("web_tour.tours").add("spm_guided_drag_finish_tour", {
    steps: () => [
        {
            content: "Drag the card again",
            trigger: CARD,
            run: `drag_and_drop(${COLUMN_B})`,
        },
        {
            content: "The approval is done; the dialog asks for the expected revenue",
            trigger: `${DIALOG}:contains('Expected Revenue') .o_field_widget[name=expected_revenue] input`,
            run: "edit 250000",
        },
        {
            content: "Move",
            trigger: ".modal button.o_spm_move",
            run: "click",
        },
        {
            content: "The card is in the next stage",
            trigger: `.o_kanban_group:has(.o_column_title:contains('Guided Stage B')) ${CARD}`,
        },
    ],
});

// A refused statusbar move, cancelled: the form is clean and shows the old stage.
registry.category("web_tour.tours").add("spm_guided_cancel_tour", {
    steps: () => [
        {
            content: "The guidance of the current stage shows",
            trigger: ".o_spm_stage_guidance:contains('Welcome every customer')",
        },
        {
            content: "Click the next stage in the statusbar",
            trigger: ".o_statusbar_status button:contains('Guided Stage B')",
            run: "click",
        },
        {
            content: "The dialog opens",
            trigger: `${DIALOG}:contains('Guided greeting')`,
        },
        {
            content: "Cancel",
            trigger: ".modal .o_spm_cancel",
            run: "click",
        },
        {
            content: "The statusbar still shows the old stage",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Guided Stage A')",
        },
        {
            content: "Nothing to save: the save and discard buttons are hidden",
            trigger: ".o_control_panel:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
        {
            content: "The form is clean; open the checklist",
            trigger: ".o_form_saved .o_notebook .nav-link:contains('Checklist')",
            run: "click",
        },
        {
            content: "0 days in stage, not -1",
            trigger: ".o_field_widget[name=stage_days]:contains('0'):not(:contains('-1'))",
        },
    ],
});
