from odoo import models
from odoo.tools import format_list


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        # Read before the confirmation wins the opportunities past their open items.
        open_before = self._spm_opportunity_open_items()
        res = super().action_confirm()
        self._spm_create_c_cards()
        self._spm_notify_passed_items(open_before)
        return res

    # ------------------------------------------------------------
    # PIPELINE: an order confirmed past open checklist items
    # ------------------------------------------------------------

    def _spm_opportunity_open_items(self):
        """{lead: open required items} the win of each order's opportunity would pass."""
        leads = self.opportunity_id.filtered(
            lambda lead: lead.active and lead.team_id.process_id and not lead.stage_id.is_won
        )
        if not leads:
            return {}
        moves = {}
        won_by_process = {}  # one search per process, not per lead
        for lead in leads:
            process = lead.team_id.process_id
            if process not in won_by_process:
                won_by_process[process] = process._ordered_stages().filtered("is_won")[:1]
            if won_by_process[process]:
                moves[lead] = (lead.stage_id, won_by_process[process])
        # sudo: the gate's read of the whole checklist (see crm.lead._spm_open_items)
        return self.env["crm.lead"].sudo()._spm_open_items(moves)

    def _spm_notify_passed_items(self, open_before):
        """The team leader gets a to-do naming the items a confirmed order passed.

        Written in the leader's language; sudo: the activity is the application's, on
        an opportunity the confirming user may not read.
        """
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for lead, items in open_before.items():
            lead = lead.sudo()
            leader = lead.team_id.user_id
            if not leader or not lead.stage_id.is_won:
                continue
            orders = self.filtered(lambda order, lead=lead: order.opportunity_id == lead)
            local = lead.with_context(lang=leader.lang or "en_US")
            lead.activity_schedule(
                activity_type_id=todo.id if todo else False,
                summary=local.env._("Order confirmed past open checklist items"),
                note=local.env._(
                    "Order %(orders)s was confirmed while these required items of the sales "
                    "process were open: %(items)s. Check them with the salesperson.",
                    orders=format_list(local.env, orders.mapped("name")),
                    items=format_list(local.env, items.with_context(lang=local.env.lang).mapped("name")),
                ),
                user_id=leader.id,
            )

    def _action_cancel(self):
        res = super()._action_cancel()
        self._spm_cancel_c_cards()
        return res

    def _spm_create_c_cards(self):
        """One C card per confirmed order; the opportunity it came from is won.

        sudo is safe here: the order confirmation itself has passed the access
        checks, and the C card and the won opportunity only record that fact
        (the order's salesperson may differ from the user who confirms).
        """
        orders = self.filtered(lambda order: order.state == "sale")
        if not orders:
            return
        CCard = self.env["sales.c.card"].sudo()
        # an order confirmed again after a cancellation gets its archived card back
        existing_cards = CCard.with_context(active_test=False).search([("sale_order_id", "in", orders.ids)])
        existing_cards._spm_restore_for_confirmed_orders()
        new_orders = orders - existing_cards.sale_order_id
        if new_orders:
            CCard.create(CCard._spm_prepare_from_orders(new_orders))
        for order in orders:
            lead = order.opportunity_id
            if lead and not lead.stage_id.is_won:
                # a code and its parameter: the log renders the reason in its reader's language
                lead.sudo().with_context(
                    spm_gate_bypass_code="order",
                    spm_gate_bypass_reason=order.name,
                ).action_set_won()

    def _spm_cancel_c_cards(self):
        """A cancelled order's C card is archived: the sale no longer counts.

        The opportunity stays won when another of its orders is still confirmed.
        Otherwise it also stays won (Odoo does not reopen it either), but its
        salesperson gets a to-do to decide: reopen it (the A card is held again)
        or mark it lost. Reopening it automatically would guess a stage and undo
        a decision a person may have taken on purpose.

        sudo: like the creation, the archive records the fact of the cancellation,
        which has passed the access checks of the order.
        """
        orders = self.filtered(lambda order: order.state == "cancel")
        if not orders:
            return
        cards = self.env["sales.c.card"].sudo().search([("sale_order_id", "in", orders.ids)])
        cards._spm_archive_for_cancelled_orders()
        leads = orders.opportunity_id.filtered(lambda lead: lead.active and lead.stage_id.is_won)
        if not leads:
            return
        still_sold = set(
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("opportunity_id", "in", leads.ids), ("state", "=", "sale")],
                ["opportunity_id"],
            )
        )
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for lead in leads:
            if (lead,) in still_sold:
                continue
            lead_orders = orders.filtered(lambda order, lead=lead: order.opportunity_id == lead)
            user = lead.user_id or self.env.user
            # written in the language of the salesperson who reads it
            env = self.with_context(lang=user.lang or self.env.lang).env
            lead.sudo().activity_schedule(
                activity_type_id=todo.id if todo else False,
                summary=env._("Order cancelled: reopen or mark lost"),
                note=env._(
                    "Order %(orders)s was cancelled and this opportunity has no confirmed order "
                    "left. Move it back to an open stage if the customer still intends to buy "
                    "(its A card is held again), or mark it lost.",
                    orders=format_list(env, lead_orders.mapped("name")),
                ),
                user_id=user.id,
            )
