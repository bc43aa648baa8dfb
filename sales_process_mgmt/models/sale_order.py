from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        res = super().action_confirm()
        self._spm_create_c_cards()
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
        existing = CCard.search([("sale_order_id", "in", orders.ids)]).sale_order_id
        new_orders = orders - existing
        if new_orders:
            CCard.create(CCard._spm_prepare_from_orders(new_orders))
        for order in orders:
            lead = order.opportunity_id
            if lead and not lead.stage_id.is_won:
                lead.sudo().with_context(
                    spm_gate_bypass_reason=self.env._("Won by confirming order %(order)s", order=order.name),
                ).action_set_won()
