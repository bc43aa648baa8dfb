from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

INTENT_LEVELS = [
    ("h", "H - within 7 days"),
    ("a", "A - within 15 days"),
    ("b", "B - within 30 days"),
    ("c", "C - later"),
]


class CrmLead(models.Model):
    """A card (意向客户卡): an opportunity with a named customer, a valid phone
    and an intended model. Nothing is copied: the opportunity *is* the card."""

    _inherit = "crm.lead"

    intended_model_id = fields.Many2one(
        "product.template", domain=[("sale_ok", "=", True)],
        string="Intended Model", tracking=True, index="btree_not_null",
        help="The model (product) the customer wants to buy.",
    )
    intent_level = fields.Selection(
        INTENT_LEVELS, tracking=True,
        help="Expected purchase horizon; it sets how often the salesperson follows up "
        "(intervals in CRM settings).",
    )
    is_a_card = fields.Boolean(
        string="Is A Card", compute="_compute_is_a_card", store=True, index=True,
        help="Customer full name, valid phone number and intended model are all filled.",
    )
    a_card_date = fields.Date(
        string="A Card Date", compute="_compute_a_card_date", store=True, readonly=False,
        copy=False, index="btree_not_null",
        help="The day this opportunity first became a valid A card. It stays when the card "
        "is won or lost.",
    )
    a_card_missing = fields.Char(
        string="A Card Missing Items", compute="_compute_a_card_missing",
        help="What is still missing before this opportunity counts as an A card.",
    )
    is_a_card_held = fields.Boolean(
        string="Held A Card", compute="_compute_is_a_card_held", search="_search_is_a_card_held",
        help="A valid A card that is neither won nor lost.",
    )
    next_followup_date = fields.Date(
        string="Next Follow-up", compute="_compute_next_followup_date", store=True,
        readonly=False, copy=False,
        help="Set from the intent level and the follow-up intervals of the company; "
        "you may change it.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("contact_name", "partner_id.name", "phone_sanitized", "intended_model_id")
    def _compute_is_a_card(self):
        for lead in self:
            lead.is_a_card = not lead._spm_a_card_missing()

    @api.depends("contact_name", "partner_id.name", "phone_sanitized", "intended_model_id")
    def _compute_a_card_missing(self):
        for lead in self:
            lead.a_card_missing = ", ".join(lead._spm_a_card_missing())

    @api.depends("is_a_card")
    def _compute_a_card_date(self):
        today = fields.Date.context_today(self)
        for lead in self:
            # set once, never cleared: the card keeps its birthday when won or lost
            if lead.is_a_card and not lead.a_card_date:
                lead.a_card_date = today
            else:
                lead.a_card_date = lead.a_card_date

    @api.depends("is_a_card", "active", "probability", "stage_id.is_won")
    def _compute_is_a_card_held(self):
        for lead in self:
            lead.is_a_card_held = lead._spm_is_held()

    def _search_is_a_card_held(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on held A cards."))
        domain = [
            ("is_a_card", "=", True), ("active", "=", True),
            ("stage_id.is_won", "=", False), ("probability", "!=", 0),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", "&", *domain]

    @api.depends("intent_level")
    def _compute_next_followup_date(self):
        today = fields.Date.context_today(self)
        for lead in self:
            company = lead.company_id or self.env.company
            days = company._spm_followup_interval(lead.intent_level)
            lead.next_followup_date = today + timedelta(days=days) if days else lead.next_followup_date

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("phone_sanitized", "is_a_card", "active", "probability", "stage_id", "company_id")
    def _check_a_card_phone_unique(self):
        held = self.filtered(lambda lead: lead._spm_is_held())
        phones = set(held.mapped("phone_sanitized"))
        if not phones:
            return
        # sudo: the check must see the cards of every salesperson (a salesperson
        # only reads their own); only names are put in the message.
        others = self.sudo().search([
            ("phone_sanitized", "in", list(phones)), ("is_a_card_held", "=", True),
        ])
        for lead in held:
            duplicate = others.filtered(
                lambda other, lead=lead: other.id != lead.id
                and other.phone_sanitized == lead.phone_sanitized
                and other.company_id == lead.company_id
            )[:1]
            if duplicate:
                raise ValidationError(self.env._(
                    "The phone number %(phone)s already belongs to the A card \"%(card)s\" of "
                    "%(customer)s, held by %(salesperson)s. Continue on that card instead of "
                    "creating a second one, or mark it lost first.",
                    phone=lead.phone_sanitized,
                    card=duplicate.name,
                    customer=duplicate.contact_name or duplicate.partner_id.name,
                    salesperson=duplicate.user_id.name or self.env._("nobody"),
                ))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_spm_followup_done(self):
        """Log a follow-up today and plan the next one from the intent level;
        the follow-up calls due by today are marked done."""
        today = fields.Date.context_today(self)
        call = self.env.ref("mail.mail_activity_data_call")
        for lead in self:
            company = lead.company_id or self.env.company
            days = company._spm_followup_interval(lead.intent_level)
            lead.next_followup_date = today + timedelta(days=days) if days else False
            due_calls = lead.activity_ids.filtered(
                lambda activity: activity.activity_type_id == call and activity.date_deadline <= today
            )
            if due_calls:
                due_calls.action_feedback(feedback=self.env._("Follow-up done."))
            else:
                lead.message_post(body=self.env._("Follow-up done."))
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cron_spm_followup_activities(self):
        """Plan a follow-up call on every held A card whose follow-up is due,
        unless one is already planned."""
        today = fields.Date.context_today(self)
        due = self.search([
            ("is_a_card_held", "=", True), ("next_followup_date", "<=", today), ("user_id", "!=", False),
        ])
        if not due:
            return
        call = self.env.ref("mail.mail_activity_data_call")
        planned = self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", due.ids), ("activity_type_id", "=", call.id),
        ])
        for lead in due.filtered(lambda lead: lead.id not in set(planned.mapped("res_id"))):
            lead.activity_schedule(
                activity_type_id=call.id,
                date_deadline=lead.next_followup_date,
                summary=self.env._("A-card follow-up"),
                user_id=lead.user_id.id,
            )

    def _spm_a_card_missing(self):
        """Labels of the A-card requirements this opportunity does not meet."""
        self.ensure_one()
        missing = []
        if not (self.contact_name or self.partner_id.name or "").strip():
            missing.append(self.env._("customer full name"))
        if not self.phone_sanitized:
            missing.append(self.env._("valid phone number"))
        if not self.intended_model_id:
            missing.append(self.env._("intended model"))
        return missing

    def _spm_is_held(self):
        """Held A card: valid, still open (neither won nor lost/archived)."""
        self.ensure_one()
        return bool(
            self.is_a_card and self.active and not self.stage_id.is_won and self.probability != 0
        )

    def _phone_get_country(self):
        # The company's country is the default region of a number typed without
        # prefix ("13800138000" in a Chinese dealership), before the user's company.
        country_by_record = super()._phone_get_country()
        for lead in self:
            if lead.id not in country_by_record and lead.company_id.country_id:
                country_by_record[lead.id] = lead.company_id.country_id
        return country_by_record
