from odoo import models
from odoo.tools import format_list


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._spm_create_c_cards()
        return res

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
                lead.sudo().with_context(
                    spm_gate_bypass_reason=self.env._("Won by confirming order %(order)s", order=order.name),
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
        still_sold = set(self.env["sale.order"].sudo()._read_group(
            [("opportunity_id", "in", leads.ids), ("state", "=", "sale")], ["opportunity_id"],
        ))
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
