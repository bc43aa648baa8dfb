# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_repr, float_round

from .sales_kpi import MAX_AMOUNT, MAX_DATE, MIN_DATE, check_numbers

# Fields that say whose target it is: a team leader keeps them within the teams they lead.
OWNER_FIELDS = ("scope", "team_id", "user_id", "company_id")
# Figures a target naming a model counts for that model only; the others are not per model.
MODEL_FIGURE_FIELDS = ("amount_target", "unit_target")
FIGURE_FIELDS = ("amount_target", "collection_target", "new_customer_target", "unit_target")


class SalesTarget(models.Model):
    _name = "sales.target"
    _description = "Sales Target"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.app.fields.mixin"]
    _order = "date_from, scope, team_id, user_id, id"
    _parent_store = True
    _check_company_auto = True
    _spm_app_fields = frozenset({"state", "date_confirmed"})

    name = fields.Char(required=True, tracking=True)
    scope = fields.Selection(
        [("company", "Company"), ("team", "Sales Team"), ("user", "Salesperson")],
        required=True,
        default="user",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, check_company=True, tracking=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, tracking=True)
    product_tmpl_id = fields.Many2one(
        "product.template",
        "Model",
        index=True,
        check_company=True,
        tracking=True,
        help="Intended model (e.g. a car model) the target is for: its revenue and units count the "
        "sale order lines of this model only. Empty: every product counts. Collections and new "
        "customers are not per model: a target naming a model has none.",
    )
    period_type = fields.Selection(
        [("year", "Year"), ("quarter", "Quarter"), ("month", "Month")],
        string="Period",
        required=True,
        default="month",
    )
    date_from = fields.Date("Start Date", required=True)
    date_to = fields.Date("End Date", required=True)
    amount_target = fields.Monetary(
        "Revenue Target",
        currency_field="currency_id",
        tracking=True,
        help="Untaxed amount of confirmed sale orders expected in the period, in company currency.",
    )
    new_customer_target = fields.Integer(
        "New Customers Target", help="Customers whose first confirmed order should fall in the period."
    )
    collection_target = fields.Monetary(
        currency_field="currency_id",
        help="Amount expected to be paid on customer invoices of the period.",
    )
    unit_target = fields.Float(
        "Units Target",
        digits="Product Unit of Measure",
        tracking=True,
        help="Units (e.g. vehicles) expected to be sold in the period: quantity of the goods lines "
        "of confirmed sale orders by order date. Sections, notes, down payments and services do "
        "not count.",
    )
    parent_id = fields.Many2one(
        "sales.target", "Parent Target", index=True, ondelete="cascade", check_company=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("sales.target", "parent_id", "Sub-targets")
    child_count = fields.Integer(compute="_compute_child_count")
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_confirmed = fields.Date(
        readonly=True,
        copy=False,
        help="Day the plan was confirmed; confirmed before its period starts counts as on time.",
    )
    amount_achieved = fields.Monetary(
        "Revenue Achieved", currency_field="currency_id", compute="_compute_achieved"
    )
    new_customer_achieved = fields.Integer("New Customers Won", compute="_compute_achieved")
    collection_achieved = fields.Monetary(
        "Collected", currency_field="currency_id", compute="_compute_achieved"
    )
    unit_achieved = fields.Float(
        "Units Sold",
        digits="Product Unit of Measure",
        compute="_compute_achieved",
        help="Quantity of the goods lines (products of type Goods) of the sale orders confirmed "
        "in the period, for the target's salesperson, team or company (the order's). Sections, "
        "notes, down payments, services and combo headers (their components count) are left out.",
    )
    unit_progress = fields.Float(
        "Units Completion (%)", compute="_compute_achieved", help="Units sold / units target."
    )
    progress = fields.Float(
        "Completion (%)", compute="_compute_achieved", help="Revenue achieved / revenue target."
    )
    children_mismatch = fields.Boolean(compute="_compute_children_mismatch")
    children_mismatch_message = fields.Char(compute="_compute_children_mismatch")

    @api.depends("child_ids")
    def _compute_child_count(self):
        groups = self._read_group([("parent_id", "in", self.ids)], ["parent_id"], ["__count"])
        counts = {parent.id: count for parent, count in groups}
        for target in self:
            target.child_count = counts.get(target.id, 0)

    @api.depends(
        "scope",
        "user_id",
        "team_id",
        "company_id",
        "date_from",
        "date_to",
        "amount_target",
        "unit_target",
        "product_tmpl_id",
    )
    def _compute_achieved(self):
        """Achieved figures, one batch of aggregates per company, scope and period.

        A target counts only its own company's documents (in its currency). The
        targets naming a model read one more aggregate per batch, grouped by
        owner and model (revenue and units of that model's order lines).
        """
        Kpi = self.env["sales.kpi"]
        batches = defaultdict(lambda: self.browse())
        for target in self:
            if target.date_from and target.date_to and target.company_id:
                batches[(target.company_id.id, target.scope, target.date_from, target.date_to)] |= target
        values, model_values = {}, {}
        for batch_key, targets in batches.items():
            company_id, scope, date_from, date_to = batch_key
            keys = targets._key_records()
            general = targets.filtered(lambda t: not t.product_tmpl_id)
            values[batch_key] = (
                Kpi._fetch_figures(
                    ("revenue", "collected", "new_customers", "units"),
                    scope,
                    general._key_records(),
                    date_from,
                    date_to,
                    company=targets.company_id,
                )
                if general
                else {}
            )
            per_model = targets - general
            if per_model and keys:
                model_values[batch_key] = Kpi._figure_model_sales(
                    scope,
                    per_model._key_records(),
                    per_model.product_tmpl_id,
                    date_from,
                    date_to,
                    targets.company_id,
                )
        for target in self:
            batch_key = (target.company_id.id, target.scope, target.date_from, target.date_to)
            key = target._key_records()
            target.amount_achieved = target.collection_achieved = 0.0
            target.new_customer_achieved = 0
            target.progress = target.unit_achieved = target.unit_progress = 0.0
            if not key:
                continue
            if target.product_tmpl_id:
                revenue, units = model_values.get(batch_key, {}).get(
                    (key.id, target.product_tmpl_id.id), (0.0, 0.0)
                )
                target.amount_achieved, target.unit_achieved = revenue, units
            else:
                figures = values.get(batch_key)
                if not figures:
                    continue
                target.amount_achieved = figures["revenue"].get(key.id, 0.0)
                target.collection_achieved = figures["collected"].get(key.id, 0.0)
                target.new_customer_achieved = figures["new_customers"].get(key.id, 0)
                target.unit_achieved = figures["units"].get(key.id, 0.0)
            target.unit_progress = (
                target.unit_achieved / target.unit_target * 100.0 if target.unit_target else 0.0
            )
            target.progress = (
                target.amount_achieved / target.amount_target * 100.0 if target.amount_target else 0.0
            )

    @api.depends(
        "amount_target",
        "new_customer_target",
        "collection_target",
        "unit_target",
        "child_ids.amount_target",
        "child_ids.new_customer_target",
        "child_ids.collection_target",
        "child_ids.unit_target",
    )
    def _compute_children_mismatch(self):
        unit_digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        for target in self:
            children = target.child_ids
            units = sum(children.mapped("unit_target"))
            # a split across models shares revenue and units; collections and new
            # customers are not per model and stay on the parent
            by_model = (
                bool(children) and not target.product_tmpl_id and all(children.mapped("product_tmpl_id"))
            )
            mismatch = bool(children) and (
                target.currency_id.compare_amounts(
                    sum(children.mapped("amount_target")), target.amount_target
                )
                or (
                    not by_model
                    and target.currency_id.compare_amounts(
                        sum(children.mapped("collection_target")), target.collection_target
                    )
                )
                or (
                    not by_model and sum(children.mapped("new_customer_target")) != target.new_customer_target
                )
                or float_compare(units, target.unit_target, precision_digits=unit_digits)
            )
            target.children_mismatch = mismatch
            target.children_mismatch_message = (
                mismatch
                and self.env._(
                    "The sub-targets add up to %(amount)s revenue, %(collection)s collections, "
                    "%(customers)s new customers and %(units)s units, not this target's figures. "
                    "Adjust them or split again.",
                    amount=sum(children.mapped("amount_target")),
                    units=float_repr(float_round(units, precision_digits=unit_digits), unit_digits),
                    collection=sum(children.mapped("collection_target")),
                    customers=sum(children.mapped("new_customer_target")),
                )
                or False
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for target in self:
            if target.date_from > target.date_to:
                raise ValidationError(
                    self.env._(
                        "A target ends on or after the day it starts: correct the dates of %(name)s.",
                        name=target.name,
                    )
                )
            if target.date_from < MIN_DATE or target.date_to > MAX_DATE:
                raise ValidationError(
                    self.env._(
                        "The period of %(name)s lies outside the calendar the application handles "
                        "(%(start)s to %(end)s).",
                        name=target.name,
                        start=MIN_DATE,
                        end=MAX_DATE,
                    )
                )

    @api.constrains(*FIGURE_FIELDS)
    def _check_figures(self):
        for target in self:
            for fname in FIGURE_FIELDS:
                value = target[fname]
                if not math.isfinite(value) or value < 0 or value > MAX_AMOUNT:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(name)s must be a finite number, not negative and at most 10^15.",
                            field=target._fields[fname]._description_string(self.env),
                            name=target.name,
                        )
                    )

    @api.constrains("scope", "team_id", "user_id")
    def _check_member(self):
        for target in self:
            if (
                target.scope == "user"
                and target.team_id
                and target.user_id not in (target.team_id.member_ids | target.team_id.user_id)
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of %(team)s: a salesperson's target belongs to one of "
                        "their teams.",
                        user=target.user_id.name,
                        team=target.team_id.name,
                    )
                )

    @api.constrains("scope", "team_id", "user_id")
    def _check_scope(self):
        for target in self:
            if target.scope == "team" and not target.team_id:
                raise ValidationError(
                    self.env._(
                        "A team target needs a sales team: set the Sales Team of %(name)s.", name=target.name
                    )
                )
            if target.scope == "user" and not target.user_id:
                raise ValidationError(
                    self.env._(
                        "A salesperson target needs a salesperson: set the Salesperson of %(name)s.",
                        name=target.name,
                    )
                )

    @api.constrains("product_tmpl_id", "collection_target", "new_customer_target", "parent_id")
    def _check_model(self):
        for target in self.filtered("product_tmpl_id"):
            if target.collection_target or target.new_customer_target:
                raise ValidationError(
                    self.env._(
                        "%(name)s is for the model %(model)s: it has revenue and units only. Collections "
                        "and new customers are set on a target for every model.",
                        name=target.name,
                        model=target.product_tmpl_id.display_name,
                    )
                )
        for target in self.filtered(lambda t: t.parent_id.product_tmpl_id):
            if target.product_tmpl_id != target.parent_id.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "%(name)s belongs to %(parent)s, the target for %(model)s: its sub-targets are "
                        "for that model too.",
                        name=target.name,
                        parent=target.parent_id.name,
                        model=target.parent_id.product_tmpl_id.display_name,
                    )
                )
        # one target per owner, model and period among the children of one parent
        # (a split across models names each model once)
        # sudo: the check must see every sibling, also those the user's rules hide; it reads counts only
        groups = (
            self.sudo()._read_group(
                [
                    ("parent_id", "in", self.parent_id.ids),
                    ("product_tmpl_id", "in", self.product_tmpl_id.ids),
                ],
                [
                    "parent_id",
                    "scope",
                    "team_id",
                    "user_id",
                    "product_tmpl_id",
                    "date_from:day",
                    "date_to:day",
                ],
                ["__count"],
                having=[("__count", ">", 1)],
            )
            if self.parent_id and self.product_tmpl_id
            else []
        )
        if groups:
            raise ValidationError(
                self.env._(
                    "%(parent)s already has a sub-target for %(model)s in this period: a split across "
                    "models names each model once.",
                    parent=groups[0][0].name,
                    model=groups[0][4].display_name,
                )
            )

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A target cannot be its own parent: choose another parent target.")
            )
        for target in self.filtered("parent_id"):
            parent = target.parent_id
            if target.date_from < parent.date_from or target.date_to > parent.date_to:
                raise ValidationError(
                    self.env._(
                        "The period of %(name)s lies outside the period of its parent %(parent)s: "
                        "change the dates or the parent.",
                        name=target.name,
                        parent=parent.name,
                    )
                )

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id and not self.team_id:
            self.team_id = self.user_id.sale_team_id

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        check_numbers(self, vals_list)
        if not self.env.su:
            for vals in vals_list:
                self._check_manage(
                    vals.get("scope", "user"),
                    self.env["crm.team"].browse(vals.get("team_id")),
                    self.env["res.users"].browse(vals.get("user_id")),
                )
        return super().create(vals_list)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        check_numbers(self, vals)
        if not self.env.su and set(vals) - set(self.env["mail.thread"]._fields):
            self._check_unlocked()
            for target in self:
                target._check_manage(target.scope, target.team_id, target.user_id)
                if set(OWNER_FIELDS) & set(vals):
                    self._check_manage(
                        vals.get("scope", target.scope),
                        self.env["crm.team"].browse(vals.get("team_id", target.team_id.id)),
                        self.env["res.users"].browse(vals.get("user_id", target.user_id.id)),
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.env.su:
            return
        self._check_unlocked()
        for target in self:
            target._check_manage(target.scope, target.team_id, target.user_id)

    def _is_admin(self):
        return self.env.su or self.env.user.has_group("sales_team.group_sale_manager")

    def _check_unlocked(self):
        confirmed = self.filtered(lambda t: t.state == "confirmed")
        if confirmed:
            raise UserError(
                self.env._(
                    "%(name)s is confirmed: it is locked. A sales administrator can reset it to draft, "
                    "giving a reason.",
                    name=confirmed[0].name,
                )
            )

    @api.model
    def _check_manage(self, scope, team, user):
        """A team leader manages the targets of the members of the teams they lead, not their own
        nor their team's; company and team targets are the administrators'."""
        if self._is_admin():
            return
        if scope != "user":
            raise AccessError(
                self.env._(
                    "Company and team targets are set by a sales administrator; a team leader sets the "
                    "targets of the team's members."
                )
            )
        if user == self.env.user:
            raise AccessError(self.env._("Your own target is set by a sales administrator, not by you."))
        if not team or team.user_id != self.env.user or user not in team.member_ids:
            raise AccessError(
                self.env._(
                    "You manage the targets of the members of the teams you lead only; %(user)s is not a "
                    "member of a team you lead.",
                    user=user.name or "-",
                )
            )

    def action_confirm(self):
        drafts = self.filtered(lambda t: t.state == "draft")
        for target in drafts:
            target._check_manage(target.scope, target.team_id, target.user_id)
        drafts.check_access("write")
        # sudo: the state and its date are the application's fields
        drafts.sudo().write({"state": "confirmed", "date_confirmed": fields.Date.context_today(self)})
        return True

    def action_reset_draft(self):
        """Open the reset wizard: a sales administrator gives the reason, logged in the chatter."""
        if not self._is_admin():
            raise AccessError(self.env._("Only a sales administrator can reset a confirmed target."))
        return self.env["sales.appraisal.reset"]._action_open(self)

    def _reset_to_draft(self, reason):
        if not self._is_admin():
            raise AccessError(self.env._("Only a sales administrator can reset a confirmed target."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for resetting the target to draft."))
        self.check_access("write")
        # sudo: the state and its date are the application's fields
        self.sudo().write({"state": "draft", "date_confirmed": False})
        for target in self:
            target.message_post(body=self.env._("Reset to draft. Reason: %(reason)s", reason=reason))
        return True

    def action_split(self):
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Split Target"),
            "res_model": "sales.target.split",
            "view_mode": "form",
            "target": "new",
            "context": {"default_target_id": self.id},
        }

    def action_view_children(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sub-targets"),
            "res_model": "sales.target",
            "view_mode": "list,form",
            "domain": [("parent_id", "=", self.id)],
            "context": {"default_parent_id": self.id},
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _key_records(self):
        """What the target's figures are grouped by: users, teams or companies."""
        scopes = set(self.mapped("scope"))
        if scopes == {"user"}:
            return self.user_id
        if scopes == {"team"}:
            return self.team_id
        if scopes == {"company"}:
            return self.company_id
        return self.browse()

    @api.model
    def _targets_for(self, scope, keys, date_from, date_to, company=None):
        """{key id: summed targets} of the top-level targets inside a period.

        Targets of the scope and company (default: the current company) lying
        inside [date_from, date_to]; a target whose parent is also inside the
        period is not counted twice, nor a target for one model when the key
        has a target for every model in the period. One search.
        """
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[scope]
        company = company or self.env.company
        # sudo: an appraisal reads the person's plans even when a target lacks
        # the team that would make it visible to the leader; same companies only
        targets = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("company_id", "in", self.env.companies.ids),
                ("scope", "=", scope),
                (key_field, "in", keys.ids),
                ("date_from", ">=", date_from),
                ("date_to", "<=", date_to),
            ]
        )
        result = defaultdict(
            lambda: {
                "amount": 0.0,
                "collection": 0.0,
                "new_customers": 0,
                "count": 0,
                "on_time": 0,
                "leaves": 0,
            }
        )
        # a person may have a target for every model and targets per model: the
        # per-model ones then detail the general one and are not added to it
        general_keys = {target[key_field].id for target in targets if not target.product_tmpl_id}
        for target in targets:
            key = target[key_field].id
            entry = result[key]
            if not (target.child_ids & targets):
                # plan timeliness counts the finest plans (leaves) of the period
                entry["leaves"] += 1
                if target.date_confirmed and target.date_confirmed <= target.date_from:
                    entry["on_time"] += 1
            if target.parent_id in targets or (target.product_tmpl_id and key in general_keys):
                continue
            entry["amount"] += target.amount_target
            entry["collection"] += target.collection_target
            entry["new_customers"] += target.new_customer_target
            entry["count"] += 1
        return result
