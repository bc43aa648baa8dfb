# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

CARD_STATES = [
    ("new", "New"),
    ("held", "Held"),
    ("ordered", "Ordered"),
    ("delivered", "Delivered"),
    ("defeated", "Defeated"),
    ("cancelled", "Cancelled"),
]


class CrmLead(models.Model):
    """The dealership floor on the opportunity: test drives, defeat requests and
    the card life cycle (new -> held -> ordered -> delivered; defeated; cancelled)."""

    _inherit = "crm.lead"

    test_drive_ids = fields.One2many("sales.test.drive", "lead_id", string="Test Drives")
    test_drive_count = fields.Integer(compute="_compute_test_drive_count")
    defeat_request_ids = fields.One2many("sales.defeat.request", "lead_id", string="Defeat Requests")
    has_open_defeat_request = fields.Boolean(
        string="Defeat Requested",
        compute="_compute_has_open_defeat_request",
        help="A defeat request of this opportunity waits for the team leader's review.",
    )
    # every C card, archived ones too: an archived card is a cancelled order
    c_card_ids = fields.One2many(
        "sales.c.card",
        "lead_id",
        string="C Cards",
        context={"active_test": False},
    )
    card_state = fields.Selection(
        CARD_STATES,
        string="Card Status",
        compute="_compute_card_state",
        store=True,
        index="btree_not_null",
        tracking=True,
        help="Life cycle of the customer card on showroom processes: New (not yet an A card), "
        "Held (a valid A card, not won or lost), Ordered (an active C card not delivered), "
        "Delivered (every active C card delivered), Defeated (the A card was lost), Cancelled "
        "(the order was cancelled or refunded and no other order is active).",
    )

    @api.depends(
        "type",
        "active",
        "probability",
        "stage_id.is_won",
        "is_a_card",
        "team_id.process_id.use_a_card",
        "c_card_ids.active",
        "c_card_ids.delivery_date",
    )
    def _compute_card_state(self):
        for lead in self:
            lead.card_state = lead._spm_card_state()

    def _spm_card_state(self):
        """The card status of one opportunity (see the field's help).

        A won opportunity without a C card (its order was not made in Odoo) counts
        as ordered: it is closed, no longer held.
        """
        self.ensure_one()
        if self.type != "opportunity" or not self.team_id.process_id.use_a_card:
            return False
        cards = self.c_card_ids
        active_cards = cards.filtered("active")
        if active_cards:
            if all(card.delivery_date for card in active_cards):
                return "delivered"
            return "ordered"
        if not self.is_a_card:
            return "new"
        if not self.active:
            return "defeated"
        if cards:
            return "cancelled"
        if self.stage_id.is_won:
            return "ordered"
        return "held"

    @api.depends("defeat_request_ids.state")
    def _compute_has_open_defeat_request(self):
        # sudo: whether a request is open, not its content (a peer may have filed it)
        open_ids = (
            set(
                self.env["sales.defeat.request"]
                .sudo()
                .search(
                    [("lead_id", "in", self.ids), ("state", "=", "submitted")],
                )
                .lead_id.ids
            )
            if self.ids
            else set()
        )
        for lead in self:
            lead.has_open_defeat_request = lead._origin.id in open_ids

    @api.depends("test_drive_ids")
    def _compute_test_drive_count(self):
        counts = (
            dict(
                self.env["sales.test.drive"]._read_group(
                    [("lead_id", "in", self.ids)],
                    ["lead_id"],
                    ["__count"],
                )
            )
            if self.ids
            else {}
        )
        for lead in self:
            lead.test_drive_count = counts.get(lead._origin, 0)

    # ------------------------------------------------------------
    # CRUD: an A card is lost through its defeat request
    # ------------------------------------------------------------

    def write(self, vals):
        if "team_id" in vals:
            self._spm_check_team_keeps_a_cards(vals["team_id"])
        losing = self.browse()
        if "active" in vals and not vals["active"]:
            losing = self.filtered("active")
            losing._spm_check_may_lose()
        res = super().write(vals)
        if losing:
            losing._spm_cancel_open_defeat_requests()
        return res

    def unlink(self):
        self._spm_check_may_lose()
        return super().unlink()

    def _spm_check_may_lose(self):
        """A salesperson loses (or deletes) an open A card of a showroom process through
        a defeat request that the team leader approves; team leaders and sales
        administrators may still use Odoo's Lost button."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            return
        cards = self.filtered(lambda lead: lead.spm_use_a_card and lead._spm_is_held())
        if cards:
            raise UserError(
                self.env._(
                    "An A card is closed as lost by a defeat request that your team leader approves: "
                    "use Request Defeat on %(leads)s.",
                    leads=format_list(self.env, cards.mapped("display_name")),
                )
            )

    def _spm_check_team_keeps_a_cards(self, team_id):
        """A salesperson does not take a held A card off the showroom processes: on a
        team without A cards, Odoo's Lost button would close it without a defeat request."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_salesman_all_leads"):
            return
        # sudo: only whether the new team's process uses A cards is read
        if self.env["crm.team"].browse(team_id).sudo().process_id.use_a_card:
            return
        cards = self.filtered(lambda lead: lead.spm_use_a_card and lead._spm_is_held())
        if cards:
            raise UserError(
                self.env._(
                    "%(leads)s: a held A card stays on a team with A cards. Your team leader moves it "
                    "to another team; to close it, use Request Defeat.",
                    leads=format_list(self.env, cards.mapped("display_name")),
                )
            )

    def _spm_cancel_open_defeat_requests(self):
        """A card lost otherwise (the leader's Lost button) closes its open requests."""
        # sudo: the application closes the requests of a card already lost
        requests = (
            self.env["sales.defeat.request"]
            .sudo()
            .search([("lead_id", "in", self.ids), ("state", "=", "submitted")])
        )
        if requests:
            requests._spm_record_review("cancelled")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_spm_request_defeat(self):
        """File a defeat request for this A card (a dialog)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Defeat"),
            "res_model": "sales.defeat.request",
            "view_mode": "form",
            "views": [(self.env.ref("sales_process_mgmt.sales_defeat_request_view_form_file").id, "form")],
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def action_spm_view_defeat_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_process_mgmt.sales_defeat_request_action"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_spm_book_test_drive(self):
        """Open a new test drive prefilled from the opportunity."""
        self.ensure_one()
        return self.env["sales.test.drive"]._spm_new_test_drive_action(
            {
                "default_lead_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_user_id": self.user_id.id or self.env.uid,
                "default_team_id": self.team_id.id,
                "default_product_tmpl_id": self.intended_model_id.id,
            }
        )

    def action_spm_view_test_drives(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sales_process_mgmt.sales_test_drive_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_product_tmpl_id": self.intended_model_id.id,
        }
        return action


class SalesCCard(models.Model):
    _inherit = "sales.c.card"

    card_state = fields.Selection(
        related="lead_id.card_state",
        store=True,
        string="Card Status",
    )
