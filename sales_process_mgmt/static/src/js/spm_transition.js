/** @odoo-module **/
// Guided selling: before the web client moves an opportunity to another stage
// (kanban drag, statusbar click), it asks the server whether the move needs more;
// if so the transition dialog opens instead of a refusal. The dialog performs the
// move itself; on close the view reloads, so a cancelled move leaves nothing behind.

import { patch } from "@web/core/utils/patch";
import { useService } from "@web/core/utils/hooks";
import { StatusBarField } from "@web/views/fields/statusbar/statusbar_field";
import { CrmKanbanRenderer } from "@crm/views/crm_kanban/crm_kanban_renderer";

async function spmPrepareTransition(orm, resId, stageId) {
    return orm.call("crm.lead", "spm_prepare_transition", [[resId], stageId]);
}

patch(StatusBarField.prototype, {
    setup() {
        super.setup(...arguments);
        this.spmOrm = useService("orm");
        this.spmAction = useService("action");
    },
    async selectItem(item) {
        const { name, record } = this.props;
        if (record.resModel !== "crm.lead" || name !== "stage_id" || !record.resId) {
            return super.selectItem(...arguments);
        }
        // Unsaved edits count for the move: save them first (nothing of the stage yet).
        if ((await record.isDirty()) && !(await record.save())) {
            return;
        }
        const action = await spmPrepareTransition(this.spmOrm, record.resId, item.value);
        if (!action) {
            return super.selectItem(...arguments);
        }
        await this.spmAction.doAction(action, {
            onClose: () => record.load(),
        });
    },
});

patch(CrmKanbanRenderer.prototype, {
    setup() {
        super.setup(...arguments);
        this.spmOrm = useService("orm");
        this.spmAction = useService("action");
    },
    async sortRecordDrop(dataRecordId, dataGroupId, { element, parent, previous }) {
        const list = this.props.list;
        const targetGroupId = parent?.dataset.id;
        if (
            list.resModel === "crm.lead" &&
            list.isGrouped &&
            list.groupByField?.name === "stage_id" &&
            targetGroupId &&
            targetGroupId !== dataGroupId
        ) {
            const sourceGroup = list.groups.find((g) => g.id === dataGroupId);
            const targetGroup = list.groups.find((g) => g.id === targetGroupId);
            const record = sourceGroup?.list.records.find((r) => r.id === dataRecordId);
            if (record && targetGroup?.value) {
                const action = await spmPrepareTransition(this.spmOrm, record.resId, targetGroup.value);
                if (action) {
                    // The card stays in its column (only the drag placeholder moved).
                    parent.classList.remove("o_kanban_hover");
                    await this.spmAction.doAction(action, {
                        onClose: () => list.model.load(),
                    });
                    return;
                }
            }
        }
        return super.sortRecordDrop(...arguments);
    },
});
