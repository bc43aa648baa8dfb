# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Why a visit does not count as a visit group: stored as a code, shown in the
# reader's language.
NOT_COUNTED_REASONS = [
    ("no_date", "No visit date."),
    ("rule3_errand", "Errand without purchase intent (rule 3)."),
    ("rule5_service", "After-sales service without new purchase intent (rule 5)."),
    ("rule4_order", "Returning customer who already holds an order (rule 4)."),
    ("rule4_card", "Returning customer who already holds an A card (rule 4)."),
    ("rule4_same_day", "Customer already counted that day: coming back is not a new group (rule 4)."),
    ("rule1_event", "Event visitors count on the day they form an A card (rule 1)."),
    ("rule6_call", "Calls and online enquiries count once they produce an A card (rule 6)."),
]
# A party larger than this is a typing error, not a family.
MAX_PARTY_SIZE = 100
# Dates outside these years are typing errors (or would break date arithmetic).
MIN_YEAR, MAX_YEAR = 2000, 2100


class SalesVisit(models.Model):
    """Visit log (来店/来电登记): one record per party that visits or calls.

    Whether a record counts as a visit group (来店(电)组数) follows the six
    counting rules of the dealership handbooks; see ``_compute_counts_as_group``.
    """

    _name = "sales.visit"
    _description = "Showroom Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.app.fields.mixin"]
    _order = "visit_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    visit_date = fields.Datetime(
        string="Date",
        required=True,
        default=fields.Datetime.now,
        index=True,
        tracking=True,
    )
    channel = fields.Selection(
        [
            ("walk_in", "Walk-in"),
            ("phone", "Phone call"),
            ("event", "Event / exhibition"),
            ("online", "Online"),
        ],
        required=True,
        default="walk_in",
        tracking=True,
    )
    purpose = fields.Selection(
        [
            ("purchase", "Purchase"),
            ("service", "After-sales service only"),
            ("errand", "Errand (no purchase intent)"),
        ],
        required=True,
        default="purchase",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    customer_name = fields.Char(
        compute="_compute_customer_name",
        store=True,
        readonly=False,
        help="Name of the visitor; filled from the contact or the opportunity.",
    )
    phone = fields.Char(compute="_compute_customer_name", store=True, readonly=False)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        check_company=True,
        help="The A card this visit belongs to, if any.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
    )
    intended_model_id = fields.Many2one(
        "product.template",
        domain=[("sale_ok", "=", True)],
        compute="_compute_intended_model_id",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    party_size = fields.Integer(
        string="Headcount",
        default=1,
        help="People arriving together. A family or group of friends is one visit group "
        "whatever its headcount.",
    )
    note = fields.Text()
    counts_as_group = fields.Boolean(
        string="Counts as Visit Group",
        compute="_compute_counts_as_group",
        store=True,
        index=True,
    )
    counted_date = fields.Date(
        compute="_compute_counts_as_group",
        store=True,
        index="btree_not_null",
        help="The day the visit counts in the daily report: the visit day, or for events "
        "and phone calls the day the A card was formed.",
    )
    not_counted_reason = fields.Selection(
        NOT_COUNTED_REASONS,
        string="Count Reason",
        compute="_compute_counts_as_group",
        store=True,
        help="Why this visit does not count as a visit group (yet).",
    )
    existing_lead_id = fields.Many2one(
        "crm.lead",
        string="Existing A Card",
        compute="_compute_existing_lead",
        help="A held A card with this visitor's phone number, which you may read: link the "
        "visit to it instead of creating a second card.",
    )
    existing_lead_holder = fields.Char(
        string="Card Held By",
        compute="_compute_existing_lead",
        help="Salesperson holding an A card with this phone number that you cannot read.",
    )

    _sql_constraints = [
        ("party_size_positive", "CHECK(party_size > 0)", "The headcount must be at least one."),
    ]

    # Set by the counting rules only: the daily report and KPIs count on them.
    _spm_app_fields = frozenset({"counts_as_group", "counted_date", "not_counted_reason"})

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        self._spm_check_links(vals_list)
        for vals in vals_list:
            if "party_size" in vals:
                self._spm_check_party_size(vals["party_size"])
        return super().create(vals_list)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        self._spm_check_links([vals])
        if "party_size" in vals:
            self._spm_check_party_size(vals["party_size"])
        return super().write(vals)

    def _spm_check_links(self, vals_list):
        """A visit links only an opportunity and a customer the user may read: the
        visit copies their name and phone (computed as superuser)."""
        if self.env.su:
            return
        lead_ids = {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        leads = self.env["crm.lead"].browse(lead_ids).exists()
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(leads) != len(lead_ids) or leads._filtered_access("read") != leads:
            raise AccessError(
                self.env._(
                    "You can link a visit only to an opportunity you may read. Ask its salesperson "
                    "or your team leader to log the visit."
                )
            )
        if len(partners) != len(partner_ids) or partners._filtered_access("read") != partners:
            raise AccessError(self.env._("You can link a visit only to a customer you may read."))

    def _spm_check_party_size(self, size):
        # before the database's CHECK, which would only give a technical error
        try:
            number = int(size)
        except (TypeError, ValueError, OverflowError):
            number = None
        if number is None or not 0 < number <= MAX_PARTY_SIZE:
            raise ValidationError(
                self.env._(
                    "The headcount of a visit is between 1 and %(max)s people (%(size)s given).",
                    max=MAX_PARTY_SIZE,
                    size=size,
                )
            )

    @api.constrains("party_size", "visit_date")
    def _check_party_size_and_date(self):
        first, last = datetime(MIN_YEAR, 1, 1), datetime(MAX_YEAR, 12, 31, 23, 59, 59)
        for visit in self:
            self._spm_check_party_size(visit.party_size)
            if visit.visit_date and not first <= visit.visit_date <= last:
                raise ValidationError(
                    self.env._(
                        "A visit is dated between the years %(first)s and %(last)s (%(date)s given).",
                        first=MIN_YEAR,
                        last=MAX_YEAR,
                        date=fields.Datetime.to_string(visit.visit_date),
                    )
                )

    def _spm_app_fields_message(self, labels):
        return self.env._(
            "Whether a visit counts as a visit group follows the counting rules; "
            "change the visit's channel, purpose or card instead."
        )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("customer_name", "partner_id", "visit_date")
    def _compute_name(self):
        for visit in self:
            who = visit.customer_name or visit.partner_id.name or self.env._("Visitor")
            day = fields.Date.to_string(visit.visit_date) if visit.visit_date else ""
            visit.name = f"{who} - {day}" if day else who

    @api.depends("user_id", "company_id")
    def _compute_team_id(self):
        team_by_user = {}
        for visit in self:
            if visit.team_id and visit.team_id.company_id in (visit.company_id, self.env["res.company"]):
                continue
            key = (visit.user_id.id, visit.company_id.id)
            if key not in team_by_user:
                team_by_user[key] = self.env["crm.team"]._get_default_team_id(
                    user_id=visit.user_id.id,
                    domain=[("company_id", "in", [visit.company_id.id, False])],
                )
            visit.team_id = team_by_user[key]

    @api.depends("lead_id")
    def _compute_partner_id(self):
        for visit in self:
            if visit.lead_id.partner_id:
                visit.partner_id = visit.lead_id.partner_id

    @api.depends("lead_id", "partner_id")
    def _compute_customer_name(self):
        for visit in self:
            source = visit.lead_id or visit.partner_id
            if not source:
                continue
            visit.customer_name = (
                visit.lead_id.contact_name
                or visit.partner_id.name
                or visit.lead_id.partner_name
                or visit.customer_name
            )
            visit.phone = visit.lead_id.phone or visit.partner_id.phone or visit.phone

    @api.depends("lead_id.intended_model_id")
    def _compute_intended_model_id(self):
        for visit in self:
            if visit.lead_id.intended_model_id:
                visit.intended_model_id = visit.lead_id.intended_model_id

    @api.depends(
        "visit_date",
        "channel",
        "purpose",
        "lead_id",
        "partner_id",
        "phone",
        "lead_id.a_card_date",
        "lead_id.active",
    )
    def _compute_counts_as_group(self):
        """The six counting rules (来店(电)组数):

        1. event/exhibition visitors count on the day they form an A card;
        2. a party is one group, whatever its headcount (one record per party);
        3. errands do not count;
        4. people who already hold an A card or an order do not count again;
        5. after-sales customers with no new purchase intent do not count;
        6. a phone call counts if it produces an A card (online enquiries alike).
        """
        history = self._spm_customer_history()
        for visit in self:
            counted_date = False
            reason = False
            visit_day = fields.Date.context_today(visit, visit.visit_date) if visit.visit_date else False
            # a card formed then lost later still counted on its day (rules 1 and 6)
            a_card_date = visit.lead_id.a_card_date
            first_card, first_order, seen_today = history.get(visit.id, (False, False, False))
            if not visit_day:
                reason = "no_date"
            elif visit.purpose == "errand":
                reason = "rule3_errand"
            elif visit.purpose == "service":
                reason = "rule5_service"
            elif first_order and first_order < visit_day:
                reason = "rule4_order"
            elif first_card and first_card < visit_day:
                reason = "rule4_card"
            elif seen_today:
                reason = "rule4_same_day"
            elif visit.channel in ("event", "phone", "online"):
                if a_card_date and a_card_date >= visit_day:
                    counted_date = a_card_date
                elif visit.channel == "event":
                    reason = "rule1_event"
                else:
                    reason = "rule6_call"
            else:
                counted_date = visit_day
            visit.counts_as_group = bool(counted_date)
            visit.counted_date = counted_date
            visit.not_counted_reason = reason

    @api.depends("lead_id", "phone", "company_id")
    @api.depends_context("uid")
    def _compute_existing_lead(self):
        for visit in self:
            visit.existing_lead_id = False
            visit.existing_lead_holder = False
            number = not visit.lead_id and visit._spm_normalised_phone()
            if not number:
                continue
            card = self.env["crm.lead"]._spm_held_card_for_numbers({number}, visit.company_id)
            if not card:
                continue
            card = card.with_env(self.env)
            if card.has_access("read"):
                visit.existing_lead_id = card
            else:
                # only who to ask, not the customer
                visit.existing_lead_holder = card.sudo().user_id.name or self.env._("nobody")

    def _spm_normalised_phone(self):
        self.ensure_one()
        if not self.phone:
            return False
        country = self.company_id.country_id or self.env.company.country_id
        return self._phone_format(number=self.phone, country=country) or False

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_link_existing_a_card(self):
        """Link the visit to the held A card that already has the visitor's number."""
        for visit in self:
            if visit.existing_lead_id and not visit.lead_id:
                visit.lead_id = visit.existing_lead_id
        return True

    def action_create_a_card(self):
        """Open a new opportunity prefilled from the visit and link it back."""
        self.ensure_one()
        if not self.lead_id and self.existing_lead_id:
            self.lead_id = self.existing_lead_id
        if not self.lead_id:
            self.lead_id = self.env["crm.lead"].create(self._spm_prepare_lead_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.lead_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _spm_prepare_lead_values(self):
        self.ensure_one()
        return {
            "name": self.env._(
                "%(customer)s - %(model)s",
                customer=self.customer_name or self.partner_id.name or self.env._("Visitor"),
                model=self.intended_model_id.name or self.env._("no model yet"),
            ),
            "type": "opportunity",
            "contact_name": self.customer_name,
            "partner_id": self.partner_id.id,
            "phone": self.phone,
            "intended_model_id": self.intended_model_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "company_id": self.company_id.id,
        }

    def _spm_customer_history(self):
        """Per visit: (earliest A-card date, earliest order date) of the customer.

        The customer is the linked opportunity, its partner and any opportunity of
        the same partner or phone (the visit's own phone when no opportunity is
        linked: a holder logged by name and phone still returns). Read with one grouped query per table; sudo
        because a returning customer's earlier card may belong to a colleague.
        """
        visits = self.filtered(lambda v: v.lead_id or v.partner_id or v.phone)
        if not visits:
            return {}
        partners = (visits.partner_id | visits.lead_id.partner_id).commercial_partner_id
        phone_of = {
            visit.id: visit.lead_id.phone_sanitized
            or (
                visit.phone
                and visit._phone_format(
                    number=visit.phone,
                    country=visit.company_id.country_id or self.env.company.country_id,
                )
            )
            or False
            for visit in visits
        }
        phones = list({p for p in phone_of.values() if p})
        Lead = self.env["crm.lead"].sudo()
        first_card_by_partner = defaultdict(lambda: False)
        first_card_by_phone = defaultdict(lambda: False)
        if partners:
            for partner, first in Lead._read_group(
                [("partner_id.commercial_partner_id", "in", partners.ids), ("a_card_date", "!=", False)],
                ["partner_id"],
                ["a_card_date:min"],
            ):
                key = partner.commercial_partner_id.id
                if not first_card_by_partner[key] or first < first_card_by_partner[key]:
                    first_card_by_partner[key] = first
        if phones:
            for phone, first in Lead._read_group(
                [("phone_sanitized", "in", phones), ("a_card_date", "!=", False)],
                ["phone_sanitized"],
                ["a_card_date:min"],
            ):
                first_card_by_phone[phone] = first
        first_order_by_partner = defaultdict(lambda: False)
        if partners:
            for partner, first in (
                self.env["sale.order"]
                .sudo()
                ._read_group(
                    [("partner_id.commercial_partner_id", "in", partners.ids), ("state", "=", "sale")],
                    ["partner_id"],
                    ["date_order:min"],
                )
            ):
                key = partner.commercial_partner_id.id
                first = fields.Date.context_today(self, first)
                if not first_order_by_partner[key] or first < first_order_by_partner[key]:
                    first_order_by_partner[key] = first
        # purchase visits of the same opportunity: a card holder counts once a day, on
        # the visit logged first (logging order, so that a visit logged late for an
        # earlier hour does not make a second group of the day)
        visits_by_lead = {}
        lead_ids = [lead_id for lead_id in visits.lead_id.ids if isinstance(lead_id, int)]
        if lead_ids:
            visits_by_lead = {
                lead.id: list(zip(ids, dates, strict=True))
                for lead, ids, dates in self.sudo()._read_group(
                    [("lead_id", "in", lead_ids), ("purpose", "=", "purchase"), ("visit_date", "!=", False)],
                    ["lead_id"],
                    ["id:array_agg", "visit_date:array_agg"],
                )
            }
        result = {}
        for visit in visits:
            seen_today = False
            if visit.lead_id and visit.visit_date:
                day = fields.Date.context_today(visit, visit.visit_date)
                own_id = visit._origin.id
                seen_today = any(
                    other_id != own_id
                    and fields.Date.context_today(visit, other_date) == day
                    and (not own_id or other_id < own_id)
                    for other_id, other_date in visits_by_lead.get(visit.lead_id.id, ())
                )
            partner_id = (visit.partner_id or visit.lead_id.partner_id).commercial_partner_id.id
            card_dates = [
                d
                for d in (
                    visit.lead_id.a_card_date if visit.lead_id.active else False,
                    first_card_by_partner[partner_id] if partner_id else False,
                    first_card_by_phone[phone_of[visit.id]] if phone_of[visit.id] else False,
                )
                if d
            ]
            result[visit.id] = (
                min(card_dates) if card_dates else False,
                first_order_by_partner[partner_id] if partner_id else False,
                seen_today,
            )
        return result
