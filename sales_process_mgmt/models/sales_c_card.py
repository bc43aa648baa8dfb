# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_list

# Dates of a sale outside these years are typing errors.
MIN_YEAR, MAX_YEAR = 2000, 2100


class SalesCCard(models.Model):
    """C card (成交客户卡): the buyer's card, one per confirmed sale."""

    _name = "sales.c.card"
    _description = "C Card (Buyer)"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.app.fields.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # Read by the KPIs (sales, new customers, completeness, satisfaction) and set from
    # the confirmed sale order: the person being appraised must not bend them. A C card
    # is made by confirming a sale order only (create is refused below).
    _spm_app_fields = frozenset(
        {
            "completeness",
            "date",
            "user_id",
            "team_id",
            "company_id",
            "active",
            "sale_order_id",
            "lead_id",
            "partner_id",
            "intended_model_id",
            # computed from the order and the opportunity's card status
            "name",
            "card_state",
        }
    )

    name = fields.Char(compute="_compute_name", store=True)
    active = fields.Boolean(
        default=True,
        help="Archived when its sale order is cancelled: the card no longer counts in the "
        "daily report and the KPIs. Confirming the order again brings it back.",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        index=True,
        tracking=True,
        help="The day the order was confirmed: the day this C card counts.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
        tracking=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="A Card",
        index="btree_not_null",
        check_company=True,
        help="The opportunity (A card) this sale came from.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, check_company=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    intended_model_id = fields.Many2one(
        "product.template",
        string="Model",
        index="btree_not_null",
        help="The model bought.",
    )
    state = fields.Selection(
        [("ordered", "Ordered"), ("delivered", "Delivered")],
        string="Status",
        default="ordered",
        required=True,
        tracking=True,
    )
    delivery_date = fields.Date(tracking=True)
    vin = fields.Char(string="VIN / Serial Number", tracking=True, copy=False)
    payment_method = fields.Selection(
        [
            ("full", "Full payment"),
            ("loan", "Loan"),
            ("lease", "Lease"),
            ("installment", "Dealer installment"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone", readonly=False)
    partner_mobile = fields.Char(related="partner_id.mobile", string="Mobile", readonly=False)
    partner_email = fields.Char(related="partner_id.email", string="Email", readonly=False)
    partner_street = fields.Char(related="partner_id.street", string="Street", readonly=False)
    partner_city = fields.Char(related="partner_id.city", string="City", readonly=False)
    partner_country_id = fields.Many2one(
        related="partner_id.country_id",
        string="Country",
        readonly=False,
    )
    completeness = fields.Float(
        compute="_compute_completeness",
        store=True,
        aggregator="avg",
        help="Percent of the customer details filled: name, phone, email, street, city, "
        "country, VIN, payment method and delivery date.",
    )
    satisfaction_ids = fields.One2many("sales.satisfaction", "c_card_id", string="Satisfaction Results")
    satisfaction_score = fields.Float(
        string="Satisfaction",
        compute="_compute_satisfaction_score",
        help="Mean of the recorded satisfaction results (percent satisfied).",
    )
    can_record_satisfaction = fields.Boolean(
        compute="_compute_can_record_satisfaction",
        help="Satisfaction results are recorded by a team leader or a sales administrator, "
        "never by the card's salesperson.",
    )
    note = fields.Html()

    _sql_constraints = [
        ("sale_order_unique", "UNIQUE(sale_order_id)", "A sale order has one C card only."),
    ]

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "C cards are made by confirming a sale order: confirm the customer's order "
                    "instead of creating the card by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        return super().write(vals)

    def copy(self, default=None):
        if not self.env.su:
            raise AccessError(
                self.env._("C cards are made by confirming a sale order: they cannot be duplicated.")
            )
        return super().copy(default)

    def _spm_app_fields_message(self, labels):
        return self.env._(
            "These fields of a C card are set by the application and count in the KPIs: "
            "%(fields)s. The completeness follows the customer details; the others follow "
            "the sale order: change or cancel the order instead.",
            fields=labels,
        )

    @api.constrains("date", "delivery_date")
    def _check_dates(self):
        for card in self:
            for day in (card.date, card.delivery_date):
                if day and not date(MIN_YEAR, 1, 1) <= day <= date(MAX_YEAR, 12, 31):
                    raise ValidationError(
                        self.env._(
                            "The dates of a C card lie between %(first)s and %(last)s (%(date)s given).",
                            first=MIN_YEAR,
                            last=MAX_YEAR,
                            date=fields.Date.to_string(day),
                        )
                    )
            if card.delivery_date and card.date and card.delivery_date < card.date:
                raise ValidationError(
                    self.env._(
                        "The delivery date of %(card)s is before the day the order was confirmed.",
                        card=card.name,
                    )
                )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("partner_id.name", "sale_order_id.name")
    def _compute_name(self):
        for card in self:
            card.name = " - ".join(
                part for part in (card.sale_order_id.name, card.partner_id.name) if part
            ) or self.env._("New C card")

    @api.depends(
        "partner_id.name",
        "partner_id.phone",
        "partner_id.mobile",
        "partner_id.email",
        "partner_id.street",
        "partner_id.city",
        "partner_id.country_id",
        "vin",
        "payment_method",
        "delivery_date",
    )
    def _compute_completeness(self):
        for card in self:
            partner = card.partner_id
            filled = [
                partner.name,
                partner.phone or partner.mobile,
                partner.email,
                partner.street,
                partner.city,
                partner.country_id,
                card.vin,
                card.payment_method,
                card.delivery_date,
            ]
            card.completeness = 100.0 * sum(1 for item in filled if item) / len(filled)

    @api.depends("user_id")
    @api.depends_context("uid")
    def _compute_can_record_satisfaction(self):
        may_record = self.env["sales.satisfaction"].has_access("create")
        for card in self:
            card.can_record_satisfaction = may_record and card.user_id != self.env.user

    @api.depends("satisfaction_ids.score")
    def _compute_satisfaction_score(self):
        for card in self:
            scores = card.satisfaction_ids.mapped("score")
            card.satisfaction_score = sum(scores) / len(scores) if scores else 0.0

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm_delivery(self):
        """Confirm the delivery and launch the after-sale follow-up plan."""
        missing = self.filtered(lambda card: not card.delivery_date)
        if missing:
            raise UserError(
                self.env._(
                    "Set the delivery date of %(cards)s before confirming the delivery: the "
                    "follow-up activities are planned from it.",
                    cards=format_list(self.env, missing.mapped("name")),
                )
            )
        to_deliver = self.filtered(lambda card: card.state != "delivered")
        to_deliver.state = "delivered"
        to_deliver._spm_launch_followup_plan()
        return True

    def action_view_sale_order(self):
        self.ensure_one()
        if not self.sale_order_id:
            return True
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _spm_launch_followup_plan(self):
        """Schedule the shipped (editable) after-sale plan from each delivery date.

        Uses Odoo's own plan scheduler so that a plan edited by the company
        (activities added, delays changed) is applied as it stands.
        """
        plan = self.env.ref("sales_process_mgmt.mail_activity_plan_after_sale", raise_if_not_found=False)
        if not plan or not plan.active or not plan.template_ids:
            return
        for card in self:
            user = card.user_id or self.env.user
            # in the salesperson's language: the activities take their name and note
            # from the plan's (translated) activity types
            self.env["mail.activity.schedule"].with_context(
                active_model=self._name,
                active_ids=card.ids,
                lang=user.lang or self.env.lang,
            ).create(
                {
                    "res_model": self._name,
                    "res_ids": str(card.ids),
                    "plan_id": plan.id,
                    "plan_date": card.delivery_date,
                    "plan_on_demand_user_id": user.id,
                }
            ).action_schedule_plan()

    def _spm_archive_for_cancelled_orders(self):
        """Archive the cards of cancelled orders, with a note naming the order."""
        cards = self.filtered("active")
        if not cards:
            return
        cards.action_archive()
        cards._message_log_batch(
            bodies={
                card.id: self.env._(
                    "Archived: order %(order)s was cancelled, this sale no longer counts.",
                    order=card.sale_order_id.name,
                )
                for card in cards
            }
        )

    def _spm_restore_for_confirmed_orders(self):
        """Bring back the archived cards of orders confirmed again, counting on
        the day of the new confirmation."""
        cards = self.filtered(lambda card: not card.active)
        for card in cards:
            order = card.sale_order_id
            card.write({"active": True, "date": fields.Date.context_today(order, order.date_order)})
        if cards:
            cards._message_log_batch(
                bodies={
                    card.id: self.env._(
                        "Restored: order %(order)s was confirmed again.",
                        order=card.sale_order_id.name,
                    )
                    for card in cards
                }
            )

    @api.model
    def _spm_demo_name_cards(self, xmlids):
        """Demo data: give the C cards that confirming the demo orders made the XML ids
        the demo files refer to (``{order xml id: card xml id}``).

        The cards are made by the order confirmation, as on a real database; an XML
        file cannot name a record it did not create. Writing ``ir.model.data`` needs
        the superuser (the demo loader), nobody else gets here.
        """
        data = []
        for order_xmlid, card_xmlid in xmlids.items():
            order = self.env.ref(order_xmlid)
            card = self.with_context(active_test=False).search([("sale_order_id", "=", order.id)], limit=1)
            if card:
                data.append({"xml_id": card_xmlid, "record": card, "noupdate": True})
        self.env["ir.model.data"]._update_xmlids(data)
        return True

    @api.model
    def _spm_prepare_from_orders(self, orders):
        """Values of the C cards of the confirmed ``orders``."""
        values = []
        for order in orders:
            lead = order.opportunity_id
            model = lead.intended_model_id or order.order_line.product_id.product_tmpl_id[:1]
            values.append(
                {
                    "date": fields.Date.context_today(order, order.date_order),
                    "sale_order_id": order.id,
                    "lead_id": lead.id,
                    "partner_id": order.partner_id.id,
                    "user_id": order.user_id.id,
                    "team_id": order.team_id.id,
                    "company_id": order.company_id.id,
                    "intended_model_id": model.id,
                }
            )
        return values
