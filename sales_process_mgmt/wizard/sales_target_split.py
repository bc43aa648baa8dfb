# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_repr

MONTHS_PER_PERIOD = {"year": 12, "quarter": 3, "month": 1}
# More parts than this is an input error (a target spanning decades, a huge team).
MAX_PARTS = 100


def distribute(total, weights, integer=False, precision=2):
    """Share ``total`` by ``weights``; the parts add up to ``total`` exactly.

    Integers (counts) use the largest remainder; amounts are rounded to
    ``precision`` and the rounding difference goes to the last part.
    """
    weight_sum = sum(weights)
    if not weights or not weight_sum:
        return [0 for _w in weights]
    raw = [total * w / weight_sum for w in weights]
    if integer:
        parts = [int(r) for r in raw]
        order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
        for i in order[: int(total) - sum(parts)]:
            parts[i] += 1
        return parts
    parts = [round(r, precision) for r in raw]
    parts[-1] = round(total - sum(parts[:-1]), precision)
    return parts


class SalesTargetSplit(models.TransientModel):
    _name = "sales.target.split"
    _inherit = ["sales.app.fields.mixin"]
    _description = "Split a Sales Target"
    # the target is set when the wizard opens (create checks the user may change it)
    _spm_app_fields = frozenset({"target_id", "company_id"})

    target_id = fields.Many2one("sales.target", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="target_id.company_id", store=True)
    mode = fields.Selection(
        [("period", "By period"), ("member", "By member"), ("model", "By model")],
        required=True,
        default="period",
        help="By period: a year into quarters or months, a quarter into months. By member: "
        "a team target to its salespeople, a company target to its sales teams. By model: the "
        "revenue and units of the target across intended models, each part typed in; the parts "
        "add up to the target's figures.",
    )
    child_period = fields.Selection(
        [("quarter", "Quarters"), ("month", "Months")],
        string="Split Into",
        compute="_compute_child_period",
        store=True,
        readonly=False,
    )
    method = fields.Selection([("even", "Evenly"), ("weights", "By weights")], required=True, default="even")
    line_ids = fields.One2many(
        "sales.target.split.line", "split_id", compute="_compute_line_ids", store=True, readonly=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        # the wizard lists the target's figures and people: only for someone who may change it
        targets = self.env["sales.target"].browse(
            [vals.get("target_id") for vals in vals_list if vals.get("target_id")]
        )
        targets.check_access("write")
        return super().create(vals_list)

    def write(self, vals):
        self._spm_check_app_fields(vals)
        return super().write(vals)

    @api.depends("target_id")
    def _compute_child_period(self):
        for wizard in self:
            wizard.child_period = "quarter" if wizard.target_id.period_type == "year" else "month"

    @api.depends("target_id", "mode", "child_period")
    def _compute_line_ids(self):
        for wizard in self:
            wizard.line_ids = [Command.clear()] + [Command.create(vals) for vals in wizard._line_values()]

    def _line_values(self):
        self.ensure_one()
        target = self.target_id
        if not target:
            return []
        if self.mode == "model":
            return [
                {"name": model.display_name, "product_tmpl_id": model.id}
                for model in self._suggested_models()
            ]
        if self.mode == "period":
            months = MONTHS_PER_PERIOD.get(self.child_period or "month", 1)
            if months >= MONTHS_PER_PERIOD[target.period_type]:
                return []
            values, start = [], target.date_from
            while start <= target.date_to and len(values) <= MAX_PARTS:
                end = min(start + relativedelta(months=months, days=-1), target.date_to)
                label = (
                    start.strftime("%Y-%m")
                    if months == 1
                    else "%s Q%s" % (start.year, (start.month - 1) // 3 + 1)
                )
                values.append({"name": label, "date_from": start, "date_to": end, "weight": 1.0})
                start = end + relativedelta(days=1)
            return values
        if target.scope == "team":
            members = target.team_id.member_ids
            return [{"name": user.name, "user_id": user.id, "weight": 1.0} for user in members]
        if target.scope == "company":
            teams = self.env["crm.team"].search([("company_id", "in", (target.company_id.id, False))])
            return [{"name": team.name, "team_id": team.id, "weight": 1.0} for team in teams]
        return []

    def _suggested_models(self):
        """The intended models of the owner's opportunities (one grouped read), to type figures in."""
        target = self.target_id
        key_field = {"user": "user_id", "team": "team_id", "company": "company_id"}[target.scope]
        owner = target._key_records()
        if not owner or "intended_model_id" not in self.env["crm.lead"]._fields:
            return self.env["product.template"]
        groups = self.env["crm.lead"]._read_group(
            [
                (key_field, "=", owner.id),
                ("company_id", "=", target.company_id.id),
                ("intended_model_id", "!=", False),
            ],
            ["intended_model_id"],
            ["__count"],
            order="__count desc",
            limit=MAX_PARTS,
        )
        return self.env["product.template"].union(*(model for model, _count in groups))

    def action_split(self):
        self.ensure_one()
        target = self.target_id
        if self.mode == "model":
            return self._split_by_model()
        if target.child_ids:
            raise UserError(
                self.env._(
                    "%(name)s is already split. Delete its sub-targets first to split it again.",
                    name=target.name,
                )
            )
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Nothing to split into: a year splits into quarters or months, a quarter into "
                    "months; a team target splits to the team's members, a company target to its teams."
                )
            )
        lines = self.line_ids
        if len(lines) > MAX_PARTS:
            raise UserError(
                self.env._(
                    "A target splits into at most %(max)s parts: choose a longer part or split in steps "
                    "(a year into quarters, then each quarter into months).",
                    max=MAX_PARTS,
                )
            )
        weights = [1.0] * len(lines) if self.method == "even" else lines.mapped("weight")
        if not all(math.isfinite(w) for w in weights) or any(w < 0 for w in weights) or not sum(weights):
            raise UserError(self.env._("Give the parts positive weights that do not all equal zero."))
        vals_list = self._child_values(weights)
        children = self.env["sales.target"].create(vals_list)
        return target.action_view_children() if children else True

    def _child_values(self, weights):
        target = self.target_id
        digits = target.currency_id.decimal_places
        amounts = distribute(target.amount_target, weights, precision=digits)
        collections = distribute(target.collection_target, weights, precision=digits)
        customers = distribute(target.new_customer_target, weights, integer=True)
        units = self._distribute_units(target.unit_target, weights)
        vals_list = []
        for line, amount, collection, count, unit in zip(
            self.line_ids, amounts, collections, customers, units, strict=True
        ):
            vals = {
                "parent_id": target.id,
                "company_id": target.company_id.id,
                "amount_target": amount,
                "collection_target": collection,
                "new_customer_target": count,
                "unit_target": unit,
            }
            if self.mode == "period":
                vals.update(
                    {
                        "name": "%s %s" % (target.name, line.name),
                        "scope": target.scope,
                        "team_id": target.team_id.id,
                        "user_id": target.user_id.id,
                        "period_type": self.child_period,
                        "date_from": line.date_from,
                        "date_to": line.date_to,
                    }
                )
            else:
                vals.update(
                    {
                        "name": "%s - %s" % (target.name, line.name),
                        "scope": "user" if line.user_id else "team",
                        "team_id": (line.team_id or target.team_id).id,
                        "user_id": line.user_id.id,
                        "period_type": target.period_type,
                        "date_from": target.date_from,
                        "date_to": target.date_to,
                    }
                )
            vals_list.append(vals)
        return vals_list

    def _split_by_model(self):
        """Sub-targets per model: same owner and period, the typed revenue and units."""
        target = self.target_id
        if target.child_ids:
            raise UserError(
                self.env._(
                    "%(name)s is already split. Delete its sub-targets first to split it again.",
                    name=target.name,
                )
            )
        if target.product_tmpl_id:
            raise UserError(
                self.env._(
                    "%(name)s is already for one model (%(model)s): split a target for every model "
                    "across models.",
                    name=target.name,
                    model=target.product_tmpl_id.display_name,
                )
            )
        lines = self.line_ids.filtered(lambda line: line.amount_target or line.unit_target)
        if not lines:
            raise UserError(
                self.env._(
                    "Type the revenue or units of at least one model to split %(name)s across models.",
                    name=target.name,
                )
            )
        if len(lines) > MAX_PARTS:
            raise UserError(
                self.env._(
                    "A target splits into at most %(max)s parts: choose a longer part or split in steps "
                    "(a year into quarters, then each quarter into months).",
                    max=MAX_PARTS,
                )
            )
        no_model = lines.filtered(lambda line: not line.product_tmpl_id)
        if no_model:
            raise UserError(
                self.env._(
                    "Choose the model of every part: %(parts)s has none.", parts=no_model[0].name or "-"
                )
            )
        if len(lines.product_tmpl_id) != len(lines):
            raise UserError(self.env._("Name each model once when splitting a target across models."))
        if any(line.amount_target < 0 or line.unit_target < 0 for line in lines):
            raise UserError(self.env._("The revenue and units of a model cannot be negative."))
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        amount = sum(lines.mapped("amount_target"))
        units = sum(lines.mapped("unit_target"))
        if target.currency_id.compare_amounts(amount, target.amount_target) or float_compare(
            units, target.unit_target, precision_digits=digits
        ):
            raise UserError(
                self.env._(
                    "The models add up to %(amount)s revenue and %(units)s units; %(name)s has %(target_amount)s "
                    "and %(target_units)s. Adjust the parts so they add up to the target.",
                    amount=float_repr(amount, target.currency_id.decimal_places),
                    units=float_repr(units, digits),
                    name=target.name,
                    target_amount=float_repr(target.amount_target, target.currency_id.decimal_places),
                    target_units=float_repr(target.unit_target, digits),
                )
            )
        self.env["sales.target"].create(
            [
                {
                    "name": "%s - %s" % (target.name, line.product_tmpl_id.display_name),
                    "parent_id": target.id,
                    "company_id": target.company_id.id,
                    "scope": target.scope,
                    "team_id": target.team_id.id,
                    "user_id": target.user_id.id,
                    "product_tmpl_id": line.product_tmpl_id.id,
                    "period_type": target.period_type,
                    "date_from": target.date_from,
                    "date_to": target.date_to,
                    "amount_target": line.amount_target,
                    "unit_target": line.unit_target,
                }
                for line in lines
            ]
        )
        return target.action_view_children()

    def _distribute_units(self, total, weights):
        """Whole units stay whole (a car is not sold in thirds); others at the UoM precision."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        whole = float_is_zero(total - round(total), precision_digits=digits)
        return distribute(round(total) if whole else total, weights, integer=whole, precision=digits)


class SalesTargetSplitLine(models.TransientModel):
    _name = "sales.target.split.line"
    _inherit = ["sales.finite.numbers.mixin"]
    _description = "Part of a Sales Target Split"

    split_id = fields.Many2one("sales.target.split", required=True, ondelete="cascade")

    name = fields.Char(required=True)
    date_from = fields.Date("Start Date")
    date_to = fields.Date("End Date")
    user_id = fields.Many2one("res.users", "Salesperson")
    team_id = fields.Many2one("crm.team", "Sales Team")
    product_tmpl_id = fields.Many2one("product.template", "Model")
    amount_target = fields.Float(
        "Revenue Target", digits="Product Price", help="Revenue of this model (split by model)."
    )
    unit_target = fields.Float(
        "Units Target", digits="Product Unit of Measure", help="Units of this model (split by model)."
    )
    weight = fields.Float(default=1.0, help="Share of the target, relative to the other parts' weights.")
    company_id = fields.Many2one(related="split_id.company_id", store=True)

    @api.onchange("product_tmpl_id")
    def _onchange_product_tmpl_id(self):
        if self.product_tmpl_id:
            self.name = self.product_tmpl_id.display_name
