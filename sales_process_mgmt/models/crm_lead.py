# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import psycopg2.errors
from markupsafe import Markup
from pytz import timezone

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import RedirectWarning, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_list

# Dates of an A card outside these are typing errors.
MIN_DATE, MAX_DATE = date(2000, 1, 1), date(2100, 12, 31)

# How many leads and items an error message names before it says "and N more".
_MAX_NAMED = 5

INTENT_LEVELS = [
    ("h", "H - within 7 days"),
    ("a", "A - within 15 days"),
    ("b", "B - within 30 days"),
    ("c", "C - later"),
]


def _spm_given_computed(records, fnames):
    """Spare the flush recomputing stored computed fields that ``records`` were created with.

    ``create`` marks a readonly stored computed field (a related one too) for
    recomputation whatever the values say; when the create values gave exactly
    what the compute returns (the item's stage of a checklist line, read from the
    same cache), recomputing thousands of new rows at flush changes nothing.
    """
    env = records.env
    for fname in fnames:
        env.remove_to_compute(records._fields[fname], records)


class CrmLead(models.Model):
    """Opportunities follow a sales process with checklists, and an opportunity
    with a named customer, a valid phone and an intended model is an A card
    (意向客户卡): nothing is copied, the opportunity *is* the card."""

    # _name is needed with two parents: Odoo would otherwise name the model after the class.
    _name = "crm.lead"
    _inherit = ["crm.lead", "sales.app.fields.mixin"]

    # Fields only the application writes. A sales administrator may correct the A-card
    # and checklist figures (imports of older cards); the pipeline bookkeeping is
    # written by the stage move and the daily job only, for every role (a stage is
    # corrected by moving the opportunity, which the move log records).
    _spm_app_fields = frozenset(
        {
            "is_a_card",
            "a_card_date",
            "checklist_progress",
            "checklist_incomplete",
            "checklist_open_count",
            "is_stalled",
            "date_last_stage_update",
            "spm_escalation_level",
            "spm_stalled_date",
            # normalised from phone and mobile: the phone rule and duplicate search read it
            "phone_sanitized",
            # the card's life cycle (crm_lead_floor.py), followed from the cards and the stage
            "card_state",
        }
    )
    _spm_app_fields_admin = frozenset(
        {
            "is_a_card",
            "a_card_date",
            "checklist_progress",
            "checklist_incomplete",
            "checklist_open_count",
            "phone_sanitized",
        }
    )

    # A team's stages: those of its process, or Odoo's own when it follows none.
    stage_id = fields.Many2one(
        domain="[('process_id', '=', process_id), '|', ('team_id', '=', False), ('team_id', '=', team_id)]",
    )
    process_id = fields.Many2one(related="team_id.process_id", string="Sales Process")
    spm_use_a_card = fields.Boolean(
        related="team_id.process_id.use_a_card",
        string="Uses A Cards",
    )
    spm_can_force = fields.Boolean(
        "Can Force Stage",
        compute="_compute_spm_can_force",
        help="The current user may force this opportunity's stage: its team's leader or a sales "
        "administrator (the Force Stage button shows to them only).",
    )
    checklist_line_ids = fields.One2many(
        "sales.checklist.line",
        "lead_id",
        string="Checklist",
    )
    checklist_progress = fields.Integer(
        compute="_compute_checklist_state",
        store=True,
        aggregator="avg",
        help="Share of the current stage's checklist items that are done (%).",
    )
    checklist_incomplete = fields.Boolean(
        string="Required Items Open",
        compute="_compute_checklist_state",
        store=True,
        help="A required checklist item of the current stage is not done yet.",
    )
    checklist_open_count = fields.Integer(
        string="Open Required Items",
        compute="_compute_checklist_state",
        store=True,
    )
    stage_days = fields.Integer(
        string="Days in Stage",
        compute="_compute_stage_days",
        help="Whole days since the opportunity entered its current stage.",
    )
    is_stalled = fields.Boolean(
        string="Stalled",
        readonly=True,
        copy=False,
        index=True,
        help="The opportunity stayed longer in its stage than the stage's time limit.",
    )
    spm_escalation_level = fields.Selection(
        [("user", "Salesperson"), ("leader", "Team Leader"), ("manager", "Sales Administrator")],
        string="Escalated To",
        readonly=True,
        copy=False,
        help="Who was last told that the opportunity stays too long in its stage.",
    )
    spm_stalled_date = fields.Date(
        string="Stalled Since",
        readonly=True,
        copy=False,
        help="The day the opportunity went past its stage's time limit.",
    )
    stage_log_ids = fields.One2many("sales.stage.log", "lead_id", string="Stage Moves")

    # A card (意向客户卡)
    intended_model_id = fields.Many2one(
        "product.template",
        domain=[("sale_ok", "=", True)],
        tracking=True,
        index="btree_not_null",
        help="The model (product) the customer wants to buy.",
    )
    intent_level = fields.Selection(
        INTENT_LEVELS,
        tracking=True,
        help="Expected purchase horizon; it sets how often the salesperson follows up "
        "(intervals in CRM settings).",
    )
    is_a_card = fields.Boolean(
        compute="_compute_is_a_card",
        store=True,
        index=True,
        help="Customer full name, valid phone number and intended model are all filled.",
    )
    a_card_date = fields.Date(
        compute="_compute_a_card_date",
        store=True,
        readonly=False,
        copy=False,
        index="btree_not_null",
        help="The day this opportunity first became a valid A card. It stays when the card is won or lost.",
    )
    a_card_missing = fields.Char(
        string="A Card Missing Items",
        compute="_compute_a_card_missing",
        help="What is still missing before this opportunity counts as an A card.",
    )
    is_a_card_held = fields.Boolean(
        string="Held A Card",
        compute="_compute_is_a_card_held",
        search="_search_is_a_card_held",
        help="A valid A card that is neither won nor lost.",
    )
    next_followup_date = fields.Date(
        string="Next Follow-up",
        compute="_compute_next_followup_date",
        store=True,
        readonly=False,
        copy=False,
        help="Set from the intent level and the follow-up intervals of the company; you may change it.",
    )

    @api.depends(
        "stage_id",
        "stage_id.checklist_item_ids",
        "stage_id.checklist_item_ids.required",
        "checklist_line_ids.done",
        "checklist_line_ids.item_id",
    )
    def _compute_checklist_state(self):
        # One query counts the items of each lead's current stage and their done lines.
        # The stage comes from the cache: a stage move being written is not flushed
        # first, so the stage and these fields reach the database in one UPDATE.
        counts = self._spm_checklist_counts()
        by_values = defaultdict(list)
        for lead in self:
            stage = lead.stage_id
            if lead.id:
                total, done, open_required = counts.get(lead.id, (0, 0, 0))
            else:  # a new record in a form: its lines live in the cache only
                items = stage.checklist_item_ids
                done_ids = set(lead.checklist_line_ids.filtered("done").item_id.ids)
                total = len(items)
                done = len([item for item in items if item.id in done_ids])
                open_required = len([item for item in items if item.required and item.id not in done_ids])
            if not total:
                values = (100 if stage.process_id else 0, False, 0)
            else:
                values = (round(100.0 * done / total), bool(open_required), open_required)
            by_values[values].append(lead.id)
        # Assigned per distinct result, not per lead: a batch move has a handful.
        for (progress, incomplete, open_count), lead_ids in by_values.items():
            leads = self.browse(lead_ids)
            leads.checklist_progress = progress
            leads.checklist_incomplete = incomplete
            leads.checklist_open_count = open_count

    def _spm_checklist_counts(self):
        """{lead id: (items, done items, open required items)} of the current stage.

        Leads of a stage without items are absent. Stages are read from the cache
        (they may not be flushed yet); the items and lines are flushed first.
        """
        stage_by_lead = {lead.id: lead.stage_id.id for lead in self if lead.id and lead.stage_id}
        if not stage_by_lead:
            return {}
        self.env["sales.checklist.item"].flush_model(["stage_id", "active", "required"])
        self.env["sales.checklist.line"].flush_model(["lead_id", "item_id", "done"])
        rows = self.env.execute_query(
            SQL(
                """
            SELECT lead.id,
                   COUNT(item.id),
                   COUNT(item.id) FILTER (WHERE line.done),
                   COUNT(item.id) FILTER (WHERE item.required AND line.done IS NOT TRUE)
              FROM unnest(%s::int[], %s::int[]) AS lead(id, stage_id)
              JOIN sales_checklist_item item ON item.stage_id = lead.stage_id AND item.active
              LEFT JOIN sales_checklist_line line ON line.lead_id = lead.id AND line.item_id = item.id
             GROUP BY lead.id
            """,
                list(stage_by_lead),
                list(stage_by_lead.values()),
            )
        )
        return {lead_id: (total, done, open_required) for lead_id, total, done, open_required in rows}

    @api.depends("date_last_stage_update")
    def _compute_stage_days(self):
        now = fields.Datetime.now()
        for lead in self:
            start = lead.date_last_stage_update or lead.create_date
            lead.stage_days = (now - start).days if start else 0

    # ------------------------------------------------------------
    # STAGES OF A PROCESS
    # ------------------------------------------------------------

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team = self._spm_pipeline_team()
        process = team.sudo().process_id  # the team's process decides the columns, not the reader's rights
        if process:
            # Exactly the process: Odoo's own stages never become columns of a process
            # team (a stage still holding one of the shown records keeps its column).
            search_domain = [("process_id", "=", process.id)]
            return stages.browse(stages.sudo()._search(search_domain, order=stages._order))
        result = super()._read_group_stage_ids(stages, domain)
        # Process stages are shared (no team) but belong to their process's teams only.
        return result.filtered(lambda s: not s.sudo().process_id)

    @api.model
    def _spm_pipeline_team(self):
        """The team whose pipeline is shown: the context's, the user's, or the team they lead."""
        team_id = self.env.context.get("default_team_id")
        if team_id:
            return self.env["crm.team"].browse(team_id)
        user = self.env.user
        # A leader is often not a member of the team they lead (no sale_team_id).
        return user.sale_team_id or self.env["crm.team"].search([("user_id", "=", user.id)], limit=1)

    @api.depends("team_id", "type")
    def _compute_stage_id(self):
        # As crm's, with one stage search per team instead of one per new lead: the first
        # stage depends on the lead's team only (see _stage_find).
        for _team, leads in self.filtered(lambda lead: not lead.stage_id).grouped("team_id").items():
            leads.stage_id = leads[:1]._stage_find(domain=[("fold", "=", False)])

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        teams = self.team_id
        if team_id:
            teams |= self.env["crm.team"].browse(team_id)
        # sudo: only the process id of the leads' teams is read, to choose their stages
        processes = teams.sudo().process_id
        if processes:
            search_domain = [("process_id", "in", processes.ids)] + list(domain or [])
            return self.env["crm.stage"].search(search_domain, order=order, limit=limit)
        domain = [("process_id", "=", False)] + list(domain or [])
        return super()._stage_find(team_id=team_id, domain=domain, order=order, limit=limit)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        self._spm_check_a_card_input(vals_list)
        leads = super().create(vals_list)
        for (team, stage), group in leads.grouped(lambda lead: (lead.team_id, lead.stage_id)).items():
            group._spm_check_stage_process(stage, team)
        # A new lead starts before the first stage of its process: creating it in a
        # later stage passes every earlier stage.
        moves = {lead: (self.env["crm.stage"], lead.stage_id) for lead in leads if lead.stage_id.process_id}
        if moves:
            overrides = leads._spm_check_gate(moves)
            leads._spm_after_stage_change(moves, overrides, {}, log_plain_moves=False)
        return leads

    def write(self, vals):
        self._spm_check_app_fields(vals)
        self._spm_check_a_card_input([vals])
        if "team_id" in vals and "stage_id" not in vals:
            # A lead changing team leaves a pipeline its stage is not part of: it lands
            # on the new team's first stage, through the gate.
            team = self.env["crm.team"].browse(vals["team_id"])
            misplaced = self.filtered(
                lambda lead: lead.stage_id and lead.stage_id.process_id != team.process_id
            )
            if misplaced:
                first = self.env["crm.lead"]._stage_find(team_id=team.id, domain=[("fold", "=", False)])
                if misplaced != self:
                    super(CrmLead, self - misplaced).write(vals)
                return misplaced.write(dict(vals, stage_id=first.id))
        if "stage_id" in vals and "checklist_line_ids" in vals:
            # Ticks saved together with a stage change count before the gate looks.
            vals = dict(vals)
            super().write({"checklist_line_ids": vals.pop("checklist_line_ids")})
        moves = {}
        if vals.get("stage_id"):
            stage = self.env["crm.stage"].browse(vals["stage_id"])
            new_team = self.env["crm.team"].browse(vals["team_id"]) if "team_id" in vals else None
            self._spm_check_stage_process(stage, new_team)
            moves = {lead: (lead.stage_id, stage) for lead in self if lead.stage_id != stage}
        if not moves:
            res = super().write(vals)
            if set(vals) & self._spm_auto_trigger_fields():
                self._spm_refresh_auto_lines()
            return res
        # The gate's message names items and leads: a user who may not write the leads
        # (another company, a peer's lead) is refused for that first.
        self.check_access("write")
        overrides = self._spm_check_gate(moves)
        entered = {lead.id: lead.date_last_stage_update or lead.create_date for lead in moves}
        res = super().write(vals)
        self._spm_after_stage_change(moves, overrides, entered)
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_set_won(self):
        # Odoo looks for won stages among the teams of the whole recordset: run it per
        # process so each lead lands on its own process's closing stage.
        already_won = self.filtered(
            lambda lead: lead.active and lead.stage_id.is_won and lead.stage_id.process_id
        )
        if already_won:
            # Past the closing stage (delivery, follow-up...) an opportunity is already won:
            # winning it again must not push it further down the process.
            already_won.write({"probability": 100})
        rest = self - already_won
        for leads in rest.grouped(lambda lead: lead.team_id.process_id).values():
            super(CrmLead, leads).action_set_won()
        return True

    @api.depends("team_id.user_id")
    @api.depends_context("uid")
    def _compute_spm_can_force(self):
        user = self.env.user
        is_admin = user.has_group("sales_team.group_sale_manager")
        is_leader = user.has_group("sales_team.group_sale_salesman_all_leads")
        for lead in self:
            # the wizard's rule (_check_force_rights): not on the leader's own opportunities
            lead.spm_can_force = is_admin or (
                is_leader and lead.team_id.user_id == user and lead.user_id != user
            )

    def action_spm_force_stage(self):
        # refused before the reason is typed, as the wizard refuses it (same rule)
        self.env["sales.stage.force.wizard"].new({"lead_ids": [Command.set(self.ids)]})._check_force_rights()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Force Stage"),
            "res_model": "sales.stage.force.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_ids": self.ids, "default_stage_id": self[:1]._spm_next_stage().id},
        }

    def action_spm_refresh_checklist(self):
        self._spm_sync_checklist_lines()
        return True

    # ------------------------------------------------------------
    # GATE
    # ------------------------------------------------------------

    def _spm_app_fields_message(self, labels):
        return self.env._(
            "These fields are set by the application: %(fields)s. A sales administrator may "
            "correct the A-card and checklist figures; the stage bookkeeping follows the "
            "opportunity's stage moves.",
            fields=labels,
        )

    def _spm_check_stage_process(self, stage, team=None):
        """Refuse a stage outside the pipeline of the leads' team.

        :param stage: the stage the leads are written into
        :param team: the team they have after the write (None: their current team)
        :raise UserError: naming the team's process (or the stage's, for a team without).
        """
        # sudo: only process ids are compared; a salesperson may not read every team.
        stage = stage.sudo()
        if not stage:
            return
        if team is not None:
            wrong = self if team.sudo().process_id != stage.process_id else self.browse()
        else:
            wrong = self.sudo().filtered(lambda lead: lead.team_id.process_id != stage.process_id)
        if not wrong:
            return
        lead = wrong[0]
        team = (lead.team_id if team is None else team).sudo()
        team_name = team.name or self.env._("no sales team")
        if team.process_id:
            message = self.env._(
                '"%(lead)s" cannot go to the stage "%(stage)s": its team %(team)s follows '
                'the sales process "%(process)s". Choose one of its stages: %(stages)s.',
                lead=lead.name,
                stage=stage.name,
                team=team_name,
                process=team.process_id.name,
                stages=format_list(self.env, team.process_id._ordered_stages().mapped("name")),
            )
        else:
            message = self.env._(
                '"%(lead)s" cannot go to the stage "%(stage)s" of the sales process '
                '"%(process)s": its team %(team)s follows no sales process. Give the '
                "opportunity a team of that process, or choose one of Odoo's stages.",
                lead=lead.name,
                stage=stage.name,
                process=stage.process_id.name,
                team=team_name,
            )
        if len(wrong) > 1:
            message += "\n" + self.env._(
                "%(count)s more opportunities are in the same case.",
                count=len(wrong) - 1,
            )
        raise UserError(message)

    @api.model
    def _spm_auto_trigger_fields(self):
        """Fields whose change may complete an automatic item: all but bookkeeping."""
        skip = {
            "is_stalled",
            "checklist_progress",
            "checklist_incomplete",
            "checklist_open_count",
            "date_last_stage_update",
            "probability",
            "automated_probability",
            "date_closed",
            "message_main_attachment_id",
            "write_date",
            "write_uid",
        }
        return set(self._fields) - skip - set(models.MAGIC_COLUMNS)

    def _spm_next_stage(self):
        self.ensure_one()
        stages = (
            self.team_id.process_id._ordered_stages() if self.team_id.process_id else self.env["crm.stage"]
        )
        later = stages.filtered(lambda s: (s.sequence, s.id) > (self.stage_id.sequence, self.stage_id.id))
        return later[:1]

    def _spm_check_gate(self, moves):
        """Refuse forward moves that pass open required checklist items.

        :param moves: {lead: (from stage, to stage)}
        :return: {lead: (move type, reason, open items)} for the moves let through
                 past open items (forced, automatic or imported), to be logged.
        :raise UserError: when a move is refused.
        """
        open_items = self._spm_open_items(moves)
        bypass_type, reason = self._spm_gate_bypass()
        if bypass_type == "forced":
            return {
                lead: ("forced", reason, open_items.get(lead, self.env["sales.checklist.item"]))
                for lead in moves
            }
        if not open_items:
            return {}
        if bypass_type:
            return {lead: (bypass_type, reason, items) for lead, items in open_items.items()}
        raise UserError(self._spm_gate_message(moves, open_items))

    def _spm_gate_reason_code(self):
        """The code of the reason the gate was bypassed with (see sales.stage.log.reason_code)."""
        code = self.env.context.get("spm_gate_bypass_code")
        codes = dict(self.env["sales.stage.log"]._fields["reason_code"].selection)
        return code if self.env.su and code in codes else "written"

    def _spm_gate_bypass(self):
        """(move type, reason) when the gate must let the move through, else (False, False).

        - superuser code stating a fact (a confirmed order wins the opportunity, the force
          wizard after checking the user's rights) passes ``spm_gate_bypass_reason``; the
          context alone, without superuser, is ignored since any RPC call can send it.
        - sales administrators importing historical opportunities (base_import's ``load``
          sets ``import_file``) may place them at any stage.
        """
        ctx = self.env.context
        if self.env.su and (ctx.get("spm_gate_bypass_reason") or ctx.get("spm_gate_bypass_code")):
            move_type = ctx.get("spm_gate_bypass_type")
            return (
                move_type if move_type in ("forced", "system") else "system",
                ctx.get("spm_gate_bypass_reason") or "",
            )
        if ctx.get("import_file") and self.env.user.has_group("sales_team.group_sale_manager"):
            return "import", ""
        return False, False

    def _spm_open_items(self, moves):
        """{lead: open required items} of the stages a forward move passes.

        Set-based: one query for the items, one for the done lines, one per automatic
        item of the passed stages, whatever the number of leads.
        """
        Item = self.env["sales.checklist.item"]
        passed = {}
        ordered = {}
        for lead, (src, dst) in moves.items():
            process = dst.process_id
            if not process:
                continue
            if process not in ordered:
                ordered[process] = process._ordered_stages()
            stages = ordered[process]
            dst_pos = stages.ids.index(dst.id)
            if src in stages:
                src_pos = stages.ids.index(src.id)
                if src_pos >= dst_pos:
                    continue  # moving back or staying: always allowed
            else:
                src_pos = 0  # from outside the process: every stage before the target
            if dst_pos > src_pos:
                passed[lead] = stages[src_pos:dst_pos]
        if not passed:
            return {}
        # sudo: the gate judges the whole checklist, whatever lines the mover may read.
        all_stages = self.env["crm.stage"].union(*passed.values())
        items = Item.sudo().search([("stage_id", "in", all_stages.ids), ("required", "=", True)])
        if not items:
            return {}
        lead_ids = [lead.id for lead in passed]
        # Grouped by item with the lead ids aggregated: a handful of groups, not one
        # record pair per line.
        done = {
            (lead_id, item.id)
            for item, done_lead_ids in self.env["sales.checklist.line"]
            .sudo()
            ._read_group(
                [("lead_id", "in", lead_ids), ("item_id", "in", items.ids), ("done", "=", True)],
                ["item_id"],
                ["lead_id:array_agg"],
            )
            for lead_id in done_lead_ids
        }
        for item in items.filtered(lambda i: i.item_type == "auto"):
            matched = self._spm_leads_matching(item, lead_ids)
            done.difference_update((lead_id, item.id) for lead_id in lead_ids)
            done.update((lead_id, item.id) for lead_id in matched)
        items_by_stage = items.grouped("stage_id")
        result = {}
        for lead, stages in passed.items():
            missing = Item.browse(
                [
                    item.id
                    for stage in stages
                    for item in items_by_stage.get(stage, Item)
                    if (lead.id, item.id) not in done
                ]
            )
            if missing:
                result[lead] = missing
        return result

    def _spm_leads_matching(self, item, lead_ids):
        """Ids of the leads among lead_ids that satisfy an automatic item."""
        # sudo: an automatic item states a fact about the opportunity (a quotation
        # exists...), not about what the current user may read.
        domain = [("id", "in", lead_ids)] + item._get_auto_domain()
        return set(self.sudo().with_context(active_test=False)._search(domain))

    def _spm_gate_message(self, moves, open_items):
        leads = list(open_items)
        parts = []
        for lead in leads[:_MAX_NAMED]:
            items = open_items[lead]
            names = items[:_MAX_NAMED].mapped("name")
            if len(items) > _MAX_NAMED:
                names.append(self.env._("%(count)s more", count=len(items) - _MAX_NAMED))
            # The list reads as the user's language writes lists (A, B, and C / A、B和C).
            names = format_list(self.env, names)
            parts.append(
                self.env._(
                    '"%(lead)s" cannot move to "%(stage)s": required checklist items are open: %(items)s.',
                    lead=lead.name,
                    stage=moves[lead][1].name,
                    items=names,
                )
            )
        if len(leads) > _MAX_NAMED:
            parts.append(
                self.env._("%(count)s more opportunities have open items.", count=len(leads) - _MAX_NAMED)
            )
        parts.append(
            self.env._("Complete these items first, or ask your team leader to force the move with a reason.")
        )
        return "\n".join(parts)

    # ------------------------------------------------------------
    # AFTER A MOVE: CHECKLIST LINES, LOG, CHATTER
    # ------------------------------------------------------------

    def _spm_after_stage_change(self, moves, overrides, entered, log_plain_moves=True):
        moved = self.browse([lead.id for lead in moves])
        moved._spm_sync_checklist_lines()
        stalled = moved.filtered(lambda lead: lead.is_stalled or lead.spm_escalation_level)
        if stalled:
            # sudo: the application's bookkeeping (see _spm_pipeline_fields)
            stalled.sudo().write(
                {"is_stalled": False, "spm_escalation_level": False, "spm_stalled_date": False}
            )
        self._spm_log_moves(moves, overrides, entered, log_plain_moves)

    def _spm_sync_checklist_lines(self):
        """Make the checklist lines of the current stage and evaluate automatic items."""
        stages = self.stage_id.filtered("checklist_item_ids")
        leads = self.filtered(lambda lead: lead.stage_id in stages)
        if not leads:
            return
        items_by_stage = {stage: stage.checklist_item_ids for stage in stages}
        # One read for the existing (lead, item) pairs: a lead coming back to a stage
        # keeps its lines and their ticks.
        existing = {
            (lead_id, item.id)
            for item, lead_ids in self.env["sales.checklist.line"]
            .sudo()
            ._read_group(
                [("lead_id", "in", leads.ids), ("item_id", "in", stages.checklist_item_ids.ids)],
                ["item_id"],
                ["lead_id:array_agg"],
            )
            for lead_id in lead_ids
        }
        # The stored related fields (the item's stage, the lead's company) are given from
        # the cache: the lines' INSERT carries them, sparing the ORM a read of the items
        # and leads to compute them.
        vals_list = []
        for lead in leads:
            stage_id, company_id = lead.stage_id.id, lead.company_id.id
            vals_list.extend(
                {"lead_id": lead.id, "item_id": item.id, "stage_id": stage_id, "company_id": company_id}
                for item in items_by_stage[lead.stage_id]
                if (lead.id, item.id) not in existing
            )
        if vals_list:
            # sudo: the lines belong to the move that passed the gate, not to a user's tick.
            lines = self.env["sales.checklist.line"].sudo().create(vals_list)
            _spm_given_computed(lines, ("stage_id", "company_id"))
        leads._spm_refresh_auto_lines()

    def _spm_complete_current_stage(self):
        """Tick the manual and approval items of the current stage, with the user's rights.

        Used by the demo data and the benchmark to walk opportunities through a process.
        """
        lines = self.env["sales.checklist.line"].search(
            [
                ("lead_id", "in", self.ids),
                ("done", "=", False),
                ("item_id.item_type", "!=", "auto"),
            ]
        )
        lines.filtered(lambda line: line.stage_id == line.lead_id.stage_id).write({"done": True})

    def _spm_refresh_auto_lines(self):
        """Tick or untick the automatic items of the current stage from their condition."""
        auto_items = self.stage_id.checklist_item_ids.filtered(lambda i: i.item_type == "auto")
        if not auto_items:
            return
        Line = self.env["sales.checklist.line"].sudo()  # automatic ticks are not a user's tick
        lines = Line.search([("lead_id", "in", self.ids), ("item_id", "in", auto_items.ids)])
        to_tick, to_untick = Line, Line
        for item, item_lines in lines.grouped("item_id").items():
            matched = self._spm_leads_matching(item, item_lines.lead_id.ids)
            for line in item_lines:
                if line.lead_id.id in matched and not line.done:
                    to_tick |= line
                elif line.lead_id.id not in matched and line.done:
                    to_untick |= line
        if to_tick:
            to_tick.write({"done": True, "done_user_id": False, "done_date": fields.Datetime.now()})
        if to_untick:
            to_untick.write({"done": False})

    def _spm_log_moves(self, moves, overrides, entered, log_plain_moves):
        now = fields.Datetime.now()
        reason_code = self._spm_gate_reason_code()
        vals_list = []
        bodies = {}
        pair_info = {}  # (src, dst) -> (process id, plain move type): once per pair, not per lead
        for lead, (src, dst) in moves.items():
            override = overrides.get(lead)
            if (src, dst) not in pair_info:
                process = dst.process_id or src.process_id
                back = (src.sequence, src.id) > (dst.sequence, dst.id) and src.process_id == dst.process_id
                pair_info[src, dst] = (process.id, "back" if back else "forward")
            process_id, plain_type = pair_info[src, dst]
            if not override and not (log_plain_moves and process_id):
                continue
            start = entered.get(lead.id)
            days = round((now - start).total_seconds() / 86400.0, 1) if start and src else 0.0
            vals = {
                "lead_id": lead.id,
                "company_id": lead.company_id.id,
                "team_id": lead.team_id.id,
                "user_id": lead.user_id.id,
                "author_id": self.env.uid,
                "date": now,
                "process_id": process_id,
                "stage_from_id": src.id,
                "stage_to_id": dst.id,
                "move_type": plain_type,
                "days_in_stage": days,
                "reason_code": reason_code,
                "is_override": False,
            }
            if override:
                move_type, reason, items = override
                code = "import" if move_type == "import" else reason_code
                vals.update(
                    {
                        "move_type": move_type,
                        "is_override": True,
                        "reason_code": code,
                        "reason": reason or False,
                        "open_item_ids": [(6, 0, items.ids)] if items else False,
                        "open_item_count": len(items),
                    }
                )
                bodies[lead.id] = self._spm_override_body(
                    move_type,
                    src,
                    dst,
                    self.env["sales.stage.log"]._spm_render_reason(code, reason),
                    items,
                )
            vals_list.append(vals)
        if vals_list:
            # sudo: the log is written by the system, users only read it.
            logs = self.env["sales.stage.log"].sudo().create(vals_list)
            _spm_given_computed(logs, ("is_override",))
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies=bodies)

    def _spm_override_body(self, move_type, src, dst, reason, items):
        titles = {
            "forced": self.env._("Stage forced"),
            "system": self.env._("Stage moved automatically"),
            "import": self.env._("Stage set by import"),
        }
        body = Markup("<p><b>%s</b>: %s → %s</p><p>%s %s</p>") % (
            titles[move_type],
            src.name or "-",
            dst.name,
            self.env._("Reason:"),
            reason,
        )
        if items:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Open required items passed:"),
                Markup().join(Markup("<li>%s</li>") % name for name in items.mapped("name")),
            )
        return body

    # ------------------------------------------------------------
    # STALLED OPPORTUNITIES (daily job)
    # ------------------------------------------------------------

    @api.model
    def _cron_flag_stalled(self):
        """Flag opportunities past their stage's time limit and escalate them in levels.

        At the limit the salesperson gets an activity; ``escalate_leader_days`` working
        days later the team leader; ``escalate_manager_days`` after that a sales
        administrator; each once per stay in the stage. Days are working days of the
        company's calendar (public holidays included). Set-based: one search for the
        candidates, one read of the calendars per company, whatever the number of leads.
        """
        stages = self.env["crm.stage"].search([("process_id", "!=", False), ("max_days", ">", 0)])
        candidates = self.browse()
        if stages:
            # The least a stalled lead has spent in its stage: max_days calendar days.
            now = fields.Datetime.now()
            domain = expression.OR(
                [
                    [
                        ("stage_id", "=", stage.id),
                        ("date_last_stage_update", "<", now - timedelta(days=stage.max_days)),
                    ]
                    for stage in stages
                ]
            )
            candidates = self.search(expression.AND([domain, [("probability", "<", 100)]]))
        levels = candidates._spm_stalled_levels()
        stalled = candidates.filtered(lambda lead: levels.get(lead.id))
        no_longer = self.search([("is_stalled", "=", True), ("id", "not in", stalled.ids)])
        if no_longer:
            no_longer.write({"is_stalled": False, "spm_escalation_level": False, "spm_stalled_date": False})
        today = fields.Date.context_today(self)
        new = stalled.filtered(lambda lead: not lead.is_stalled)
        if new:
            new.write({"is_stalled": True, "spm_stalled_date": today})
        rank = {False: 0, "user": 1, "leader": 2, "manager": 3}
        to_notify = defaultdict(lambda: self.browse())  # level -> leads reaching it now
        for lead in stalled:
            for level in ("user", "leader", "manager"):
                if rank[lead.spm_escalation_level] < rank[level] <= rank[levels[lead.id]]:
                    to_notify[level] |= lead
        for level in ("user", "leader", "manager"):
            leads = to_notify.get(level)
            if leads:
                leads._spm_schedule_stalled_activity(level)
                leads.write({"spm_escalation_level": level})

    def _spm_stalled_levels(self):
        """{lead id: reached escalation level or False}, in working days of the company."""
        today = fields.Date.context_today(self)
        result = {}
        for company, leads in self.grouped(lambda lead: lead.company_id or self.env.company).items():
            thresholds = {
                lead.id: (
                    lead.stage_id.max_days,
                    lead.stage_id.max_days + lead.stage_id.escalate_leader_days,
                    lead.stage_id.max_days
                    + lead.stage_id.escalate_leader_days
                    + lead.stage_id.escalate_manager_days,
                )
                for lead in leads
            }
            # Working days needed at most, and a calendar window wide enough to hold them.
            needed = max(limits[2] for limits in thresholds.values())
            oldest = min(lead.date_last_stage_update or lead.create_date for lead in leads).date()
            start = max(oldest, today - timedelta(days=needed * 2 + 31))
            work_dates = self._spm_work_dates(company, start, today)
            for lead in leads:
                entered = (lead.date_last_stage_update or lead.create_date).date()
                # whole working days passed since the day of entry, today excluded
                days = len([day for day in work_dates if entered < day < today])
                user_at, leader_at, manager_at = thresholds[lead.id]
                result[lead.id] = (
                    "manager"
                    if days >= manager_at
                    else "leader"
                    if days >= leader_at
                    else "user"
                    if days >= user_at
                    else False
                )
        return result

    @api.model
    def _spm_work_dates(self, company, start, end):
        """Working dates of the company's calendar between two dates, public holidays excluded."""
        calendar = company.resource_calendar_id
        if not calendar:
            return [
                start + timedelta(days=n)
                for n in range((end - start).days + 1)
                if (start + timedelta(days=n)).weekday() < 5
            ]
        tz = timezone(calendar.tz or "UTC")
        start_dt = tz.localize(datetime.combine(start, time.min))
        end_dt = tz.localize(datetime.combine(end, time.max))
        intervals = calendar._work_intervals_batch(start_dt, end_dt)[False]
        return sorted({interval_start.date() for interval_start, _stop, _meta in intervals})

    def _spm_schedule_stalled_activity(self, level="user"):
        """One activity per lead for the person of ``level``, in that person's language.

        The activity type names the level (translated at read); the note is written in
        the recipient's language.
        """
        xmlids = {
            "user": "sales_process_mgmt.mail_activity_type_stalled",
            "leader": "sales_process_mgmt.mail_activity_type_stalled_leader",
            "manager": "sales_process_mgmt.mail_activity_type_stalled_manager",
        }
        activity_type = self.env.ref(xmlids[level], raise_if_not_found=False)
        if not activity_type:
            return
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        has_activity = set(existing.mapped("res_id"))
        managers = (
            self.env.ref("sales_team.group_sale_manager")
            .users.filtered(lambda user: not user.share and user.active and user.id != SUPERUSER_ID)
            .sorted("id")
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        values = []
        for lead in self:
            if lead.id in has_activity:
                continue
            company = lead.company_id or self.env.company
            if level == "user":
                user = lead.user_id or lead.team_id.user_id
            elif level == "leader":
                user = lead.team_id.user_id
            else:
                user = managers.filtered(lambda u, company=company: company in u.company_ids)[:1]
            if not user:
                continue
            local = lead.with_context(lang=user.lang or "en_US")
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "note": local.env._(
                        '%(lead)s has been in the stage "%(stage)s" longer than its limit of '
                        "%(days)s working days.",
                        lead=lead.name,
                        stage=local.stage_id.name,
                        days=lead.stage_id.max_days,
                    ),
                    "date_deadline": today,
                }
            )
        if values:
            # No "activity assigned" e-mail per lead: the daily job may create many.
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)

    # ============================================================
    # GUIDED SELLING (issue 9, items 2-4): stage guidance, required fields,
    # overdue checklist items and the transition dialog of the web client.
    # Everything of this section is new; nothing above calls it except the
    # ORM (constraint on stage_id) and the web client.
    # ============================================================

    spm_stage_guidance = fields.Html(
        string="Stage Guidance",
        related="stage_id.spm_guidance",
        help="What good work in the current stage looks like.",
    )
    checklist_overdue = fields.Boolean(
        compute="_compute_checklist_overdue",
        search="_search_checklist_overdue",
        help="A checklist item of the current stage is past its due time.",
    )

    @api.depends("checklist_line_ids.is_overdue")
    def _compute_checklist_overdue(self):
        lead_ids = (
            {
                lead.id
                for [lead] in self.env["sales.checklist.line"]._read_group(
                    [("lead_id", "in", self.ids), ("is_overdue", "=", True)],
                    ["lead_id"],
                )
            }
            if self.ids
            else set()
        )
        for lead in self:
            lead.checklist_overdue = lead.id in lead_ids

    def _search_checklist_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on overdue checklists."))
        lines = self.env["sales.checklist.line"]._search([("is_overdue", "=", True)])
        op = "in" if (operator == "=") == value else "not in"
        return [("id", op, lines.subselect("lead_id"))]

    @api.constrains("stage_id")
    def _spm_check_required_fields(self):
        """Refuse entering a stage whose required fields are empty, on every path.

        A constraint runs after create, write, import and a recomputed stage, with the
        values of the same write; superuser code stating a fact (a confirmed order,
        the force wizard) passes with its bypass reason, like the gate.
        """
        if self.env.su and self.env.context.get("spm_gate_bypass_reason"):
            return
        # sudo: the stages' configuration is read whatever the user may read of ir.model.fields
        for stage, leads in self.grouped("stage_id").items():
            if not stage.sudo().spm_required_field_ids:
                continue  # most stages require nothing: no per-lead work
            leads._spm_raise_missing_required_fields()

    def _spm_raise_missing_required_fields(self):
        for lead in self:
            missing = lead._spm_missing_required_fields(lead.stage_id)
            if missing:
                raise ValidationError(
                    self.env._(
                        '"%(lead)s" cannot enter "%(stage)s": fill in %(fields)s first.',
                        lead=lead.name,
                        stage=lead.stage_id.name,
                        fields=format_list(self.env, [f.field_description for f in missing]),
                    )
                )

    def _spm_missing_required_fields(self, stage):
        """The required fields of ``stage`` (ir.model.fields) that this lead leaves empty."""
        self.ensure_one()
        # sudo: the stage's configuration is read whatever the user may read of ir.model.fields
        required = stage.sudo().spm_required_field_ids
        return required.filtered(lambda f: f.name in self._fields and not self[f.name])

    def _spm_won_stage(self):
        self.ensure_one()
        return self._stage_find(domain=[("is_won", "=", True)])

    def spm_prepare_transition(self, stage_id=False, won=False):
        """Called by the web client before it moves the opportunity.

        :return: False when the move may go ahead as asked, or the action opening the
                 transition dialog listing what the move still needs.
        """
        self.ensure_one()
        self.check_access("write")
        stage = self._spm_won_stage() if won else self.env["crm.stage"].browse(stage_id).exists()
        if not stage or stage == self.stage_id:
            return False
        open_items = self._spm_open_items({self: (self.stage_id, stage)}).get(self)
        missing = self._spm_missing_required_fields(stage)
        if not open_items and not missing:
            return False
        transition = self.env["sales.stage.transition"].create(
            {
                "lead_id": self.id,
                "stage_from_id": self.stage_id.id,
                "stage_to_id": stage.id,
                "won": bool(won),
            }
        )
        return transition._spm_action()

    def action_set_won_rainbowman(self):
        # The form's Won button sends spm_guided: open the transition dialog instead of a
        # refusal when the won stage needs more (the form was saved before the call).
        if self.env.context.get("spm_guided") and len(self) == 1:
            action = self.spm_prepare_transition(won=True)
            if action:
                return action
        return super().action_set_won_rainbowman()

    # ------------------------------------------------------------
    # A CARDS (意向客户卡)
    # ------------------------------------------------------------

    @api.depends("contact_name", "partner_id.name", "phone_sanitized", "intended_model_id")
    def _compute_is_a_card(self):
        for lead in self:
            lead.is_a_card = not lead._spm_a_card_missing()

    @api.depends("contact_name", "partner_id.name", "phone_sanitized", "intended_model_id")
    def _compute_a_card_missing(self):
        for lead in self:
            lead.a_card_missing = format_list(self.env, lead._spm_a_card_missing())

    @api.depends("is_a_card")
    def _compute_a_card_date(self):
        today = fields.Date.context_today(self)
        for lead in self:
            # set once, never cleared: the card keeps its birthday when won or lost
            if lead.is_a_card and not lead.a_card_date:
                lead.a_card_date = today
            else:
                lead.a_card_date = lead.a_card_date

    @api.depends("is_a_card", "active", "stage_id.is_won")
    def _compute_is_a_card_held(self):
        for lead in self:
            lead.is_a_card_held = lead._spm_is_held()

    def _search_is_a_card_held(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on held A cards."))
        domain = self._spm_held_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    @api.depends("intent_level")
    def _compute_next_followup_date(self):
        today = fields.Date.context_today(self)
        for lead in self:
            company = lead.company_id or self.env.company
            days = company._spm_followup_interval(lead.intent_level)
            lead.next_followup_date = today + timedelta(days=days) if days else lead.next_followup_date

    # ------------------------------------------------------------
    # A CARDS: HELD, WON, LOST (the one definition)
    # ------------------------------------------------------------
    # Odoo's own semantics: won = in a won stage, lost = archived (action_set_lost
    # archives). An active opportunity at 0 % is open: predictive lead scoring gives
    # 0 % to every new opportunity on a database without won/lost history. Everything
    # that reads held / closed cards (the field and its search, the daily report, the
    # phone rule, the follow-up cron, KPIs) goes through these three methods.

    def _spm_is_held(self):
        """Held A card: a valid A card, active (not lost) and not in a won stage."""
        self.ensure_one()
        return bool(self.is_a_card and self.active and not self.stage_id.is_won)

    @api.model
    def _spm_held_domain(self):
        """Domain of the held A cards (see ``_spm_is_held``); search it with
        ``active_test=False`` or not, ``active`` is part of it."""
        return [
            ("is_a_card", "=", True),
            ("active", "=", True),
            "|",
            ("stage_id", "=", False),
            ("stage_id.is_won", "=", False),
        ]

    @api.model
    def _spm_closed_sql(self, lead_alias, stage_alias):
        """SQL condition "this lead is no longer held" (won or lost) for report
        queries; ``stage_alias`` is a LEFT JOIN of crm_stage on the lead's stage."""
        lead, stage = SQL.identifier(lead_alias), SQL.identifier(stage_alias)
        return SQL("(NOT %s.active OR COALESCE(%s.is_won, FALSE))", lead, stage)

    # ------------------------------------------------------------
    # A CARDS: INPUT
    # ------------------------------------------------------------

    def _spm_check_a_card_input(self, vals_list):
        """Refuse amounts Odoo cannot compute with (NaN, infinite) and dates outside
        2000-2100, before anything is written: crm computes the prorated revenue
        from the amount, and date arithmetic past year 9999 fails."""
        money = [fname for fname in ("expected_revenue", "recurring_revenue") if fname in self._fields]
        for vals in vals_list:
            for fname in money:
                value = vals.get(fname)
                if isinstance(value, float) and not math.isfinite(value):
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be a number (%(value)s given).",
                            field=self._fields[fname]._description_string(self.env),
                            value=value,
                        )
                    )
            for fname in ("a_card_date", "next_followup_date", "date_deadline"):
                value = vals.get(fname)
                if not value:
                    continue
                try:
                    day = fields.Date.to_date(value)
                except ValueError:
                    day = None
                if not day or not MIN_DATE <= day <= MAX_DATE:
                    raise ValidationError(
                        self.env._(
                            "%(field)s lies between %(first)s and %(last)s (%(value)s given).",
                            field=self._fields[fname]._description_string(self.env),
                            first=MIN_DATE.isoformat(),
                            last=MAX_DATE.isoformat(),
                            value=value,
                        )
                    )

    # ------------------------------------------------------------
    # A CARDS: ONE HELD CARD PER PHONE NUMBER
    # ------------------------------------------------------------

    def _spm_a_card_numbers(self):
        """The normalised (E.164) numbers of the card's phone and mobile."""
        self.ensure_one()
        numbers = {self._phone_format(fname=fname) for fname in ("phone", "mobile") if self[fname]}
        return {number for number in numbers if number}

    @api.constrains(
        "phone",
        "mobile",
        "phone_sanitized",
        "is_a_card",
        "active",
        "stage_id",
        "company_id",
    )
    def _check_a_card_phone_unique(self):
        """One held A card per normalised number per company, whichever of phone and
        mobile holds it.

        Checked here for a clear message, and guaranteed by the database: the numbers
        of held cards are stored in ``sales.a.card.number`` under a unique index, so
        of two transactions saving the same number at once the second one fails
        (Odoo runs at REPEATABLE READ: a lock taken before a search would not let the
        second transaction see the first one's row).
        """
        # A lead that is not an A card and never was one (no A-card date, set once
        # and kept) has no numbers to check or remove: no query for plain leads.
        # The A-card date is read only when it is not waiting to be computed: this
        # check may run while the A-card flag is being computed, and computing the
        # date then would read the flag before it is assigned. A pending date means
        # the flag changed: the lead is checked.
        pending = self.env.records_to_compute(self._fields["a_card_date"])
        leads = self.filtered(
            lambda lead: lead.id and (lead.is_a_card or lead in pending or lead.a_card_date)
        )
        if not leads:
            return
        wanted = {}
        for lead in leads:
            if lead._spm_is_held():
                wanted[lead.id] = {(lead.company_id.id, number) for number in lead._spm_a_card_numbers()}
            else:
                wanted[lead.id] = set()
        keys = {key for numbers in wanted.values() for key in numbers}
        # sudo: the check must see the cards of every salesperson (a salesperson
        # only reads their own); the message only says what the user may read.
        Number = self.env["sales.a.card.number"].sudo()
        if keys:
            others = Number.search(
                [
                    ("number", "in", list({number for _company, number in keys})),
                    ("lead_id", "not in", leads.ids),
                ]
            )
            holder = {(row.company_id.id, row.number): row.lead_id for row in others}
            seen = {}
            for lead in leads:
                for key in sorted(wanted[lead.id], key=str):
                    duplicate = holder.get(key) or seen.get(key)
                    if duplicate and duplicate != lead:
                        raise self._spm_duplicate_card_error(key[1], duplicate)
                    seen[key] = lead
        existing = Number.search([("lead_id", "in", leads.ids)])
        have = {(row.lead_id.id, row.company_id.id, row.number): row for row in existing}
        want = {
            (lead_id, company_id, number)
            for lead_id, numbers in wanted.items()
            for company_id, number in numbers
        }
        obsolete = Number.browse([row.id for key, row in have.items() if key not in want])
        missing = [
            {"lead_id": lead_id, "company_id": company_id or False, "number": number}
            for lead_id, company_id, number in sorted(want - set(have), key=str)
        ]
        if obsolete:
            obsolete.unlink()
        if missing:
            try:
                with self.env.cr.savepoint():
                    Number.create(missing)
                    Number.flush_model()
            except psycopg2.errors.UniqueViolation:
                # another transaction saved one of these numbers on a held card after
                # ours started: we cannot read its card, only refuse
                raise ValidationError(
                    self.env._(
                        "The phone number %(phone)s was just saved on another A card by a colleague. "
                        "Reload and continue on that card.",
                        phone=format_list(self.env, sorted({vals["number"] for vals in missing})),
                    )
                ) from None

    def _spm_duplicate_card_error(self, number, duplicate):
        """The refusal of a second held card for ``number``: it names the existing
        card and offers to open it when the user may read it; otherwise it only says
        who holds it (the salesperson to ask), not the customer."""
        # the constraint may run in a sudo compute: judge with the user's own rights
        duplicate = duplicate.with_env(self.env(su=False))
        salesperson = duplicate.sudo().user_id.name or self.env._("nobody")
        if not duplicate.has_access("read"):
            return ValidationError(
                self.env._(
                    "The phone number %(phone)s already belongs to an A card held by %(salesperson)s. "
                    "Ask them to continue on that card, or to mark it lost first.",
                    phone=number,
                    salesperson=salesperson,
                )
            )
        message = self.env._(
            'The phone number %(phone)s already belongs to the A card "%(card)s" of '
            "%(customer)s, held by %(salesperson)s. Continue on that card instead of "
            "creating a second one, or mark it lost first.",
            phone=number,
            card=duplicate.name,
            customer=duplicate.contact_name or duplicate.partner_id.name or "-",
            salesperson=salesperson,
        )
        return RedirectWarning(message, duplicate._spm_open_card_action(), self.env._("Open the A card"))

    def _spm_open_card_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.lead",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _spm_held_card_for_numbers(self, numbers, company):
        """The held A card holding one of ``numbers`` in ``company`` (sudo), or an empty recordset."""
        if not numbers:
            return self.browse()
        # sudo: the numbers table is the application's; callers decide what to show
        row = (
            self.env["sales.a.card.number"]
            .sudo()
            .search(
                [
                    ("number", "in", list(numbers)),
                    ("company_id", "=", company.id),
                ],
                limit=1,
            )
        )
        return row.lead_id

    # ------------------------------------------------------------
    # A CARDS: ACTIONS
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
    # A CARDS: BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cron_spm_followup_activities(self):
        """Plan a follow-up call on every held A card whose follow-up is due,
        unless one is already planned."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("is_a_card_held", "=", True),
                ("next_followup_date", "<=", today),
                ("user_id", "!=", False),
            ]
        )
        if not due:
            return
        call = self.env.ref("mail.mail_activity_data_call")
        planned = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", due.ids),
                ("activity_type_id", "=", call.id),
            ]
        )
        already = set(planned.mapped("res_id"))
        model_id = self.env["ir.model"]._get_id(self._name)
        # One create for the whole batch: activity_schedule() per lead costs queries per lead.
        # No "activity assigned" e-mail per call: the salesperson's own cards, every day.
        # The summary is in the salesperson's language, not the cron's.
        summary = {
            lang: self.with_context(lang=lang).env._("A-card follow-up")
            for lang in set(due.user_id.mapped("lang"))
        }
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": lead.id,
                    "activity_type_id": call.id,
                    "date_deadline": lead.next_followup_date,
                    "summary": summary[lead.user_id.lang],
                    "user_id": lead.user_id.id,
                }
                for lead in due
                if lead.id not in already
            ]
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

    def _phone_get_country(self):
        # The company's country is the default region of a number typed without
        # prefix ("13800138000" in a Chinese dealership), before the user's company.
        country_by_record = super()._phone_get_country()
        for lead in self:
            if lead.id not in country_by_record and lead.company_id.country_id:
                country_by_record[lead.id] = lead.company_id.country_id
        return country_by_record
