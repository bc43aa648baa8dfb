# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# How many leads and items an error message names before it says "and N more".
_MAX_NAMED = 5


class CrmLead(models.Model):
    _inherit = "crm.lead"

    process_id = fields.Many2one(related="team_id.process_id", string="Sales Process")
    checklist_line_ids = fields.One2many(
        "sales.checklist.line", "lead_id", string="Checklist",
    )
    checklist_progress = fields.Integer(
        string="Checklist Progress", compute="_compute_checklist_state", store=True,
        aggregator="avg", help="Share of the current stage's checklist items that are done (%).",
    )
    checklist_incomplete = fields.Boolean(
        string="Required Items Open", compute="_compute_checklist_state", store=True,
        help="A required checklist item of the current stage is not done yet.",
    )
    checklist_open_count = fields.Integer(
        string="Open Required Items", compute="_compute_checklist_state", store=True,
    )
    stage_days = fields.Integer(
        string="Days in Stage", compute="_compute_stage_days",
        help="Whole days since the opportunity entered its current stage.",
    )
    is_stalled = fields.Boolean(
        string="Stalled", readonly=True, copy=False, index=True,
        help="The opportunity stayed longer in its stage than the stage's time limit.",
    )
    stage_log_ids = fields.One2many("sales.stage.log", "lead_id", string="Stage Moves")

    @api.depends(
        "stage_id", "stage_id.checklist_item_ids", "stage_id.checklist_item_ids.required",
        "checklist_line_ids.done", "checklist_line_ids.item_id",
    )
    def _compute_checklist_state(self):
        # One grouped query for the done items of the whole set, not the lines themselves.
        done_items = {}
        lead_ids = [lead_id for lead_id in self.ids if lead_id]
        if lead_ids:
            done_items = {
                lead.id: set(item_ids)
                for lead, item_ids in self.env["sales.checklist.line"].sudo()._read_group(
                    [("lead_id", "in", lead_ids), ("done", "=", True)], ["lead_id"], ["item_id:array_agg"],
                )
            }
        for lead in self:
            items = lead.stage_id.checklist_item_ids
            if not items:
                lead.checklist_progress = 100 if lead.stage_id.process_id else 0
                lead.checklist_incomplete = False
                lead.checklist_open_count = 0
                continue
            if lead.id:
                done = done_items.get(lead.id, set())
            else:  # a new record in a form: its lines live in the cache only
                done = set(lead.checklist_line_ids.filtered("done").item_id.ids)
            open_required = [item for item in items if item.required and item.id not in done]
            lead.checklist_progress = round(100.0 * len([i for i in items if i.id in done]) / len(items))
            lead.checklist_incomplete = bool(open_required)
            lead.checklist_open_count = len(open_required)

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
        team_id = self.env.context.get("default_team_id")
        team = self.env["crm.team"].browse(team_id) if team_id else self.env.user.sale_team_id
        process = team.sudo().process_id  # the team's process decides the columns, not the reader's rights
        if process:
            search_domain = ["|", ("id", "in", stages.ids), ("process_id", "=", process.id)]
            return stages.browse(stages.sudo()._search(search_domain, order=stages._order))
        result = super()._read_group_stage_ids(stages, domain)
        # Process stages are shared (no team) but belong to their process's teams only.
        return result.filtered(lambda s: s in stages or not s.sudo().process_id)

    def _stage_find(self, team_id=False, domain=None, order="sequence, id", limit=1):
        teams = self.team_id
        if team_id:
            teams |= self.env["crm.team"].browse(team_id)
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
        leads = super().create(vals_list)
        # A new lead starts before the first stage of its process: creating it in a
        # later stage passes every earlier stage.
        moves = {
            lead: (self.env["crm.stage"], lead.stage_id)
            for lead in leads if lead.stage_id.process_id
        }
        if moves:
            overrides = leads._spm_check_gate(moves)
            leads._spm_after_stage_change(moves, overrides, {}, log_plain_moves=False)
        return leads

    def write(self, vals):
        if "stage_id" in vals and "checklist_line_ids" in vals:
            # Ticks saved together with a stage change count before the gate looks.
            vals = dict(vals)
            super().write({"checklist_line_ids": vals.pop("checklist_line_ids")})
        moves = {}
        if vals.get("stage_id"):
            stage = self.env["crm.stage"].browse(vals["stage_id"])
            moves = {lead: (lead.stage_id, stage) for lead in self if lead.stage_id != stage}
        if not moves:
            res = super().write(vals)
            if set(vals) & self._spm_auto_trigger_fields():
                self._spm_refresh_auto_lines()
            return res
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
        already_won = self.filtered(lambda lead: lead.active and lead.stage_id.is_won and lead.stage_id.process_id)
        if already_won:
            # Past the closing stage (delivery, follow-up...) an opportunity is already won:
            # winning it again must not push it further down the process.
            already_won.write({"probability": 100})
        rest = self - already_won
        for leads in rest.grouped(lambda lead: lead.team_id.process_id).values():
            super(CrmLead, leads).action_set_won()
        return True

    def action_spm_force_stage(self):
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

    @api.model
    def _spm_auto_trigger_fields(self):
        """Fields whose change may complete an automatic item: all but bookkeeping."""
        skip = {
            "is_stalled", "checklist_progress", "checklist_incomplete", "checklist_open_count",
            "date_last_stage_update", "probability", "automated_probability", "date_closed",
            "message_main_attachment_id", "write_date", "write_uid",
        }
        return set(self._fields) - skip - set(models.MAGIC_COLUMNS)

    def _spm_next_stage(self):
        self.ensure_one()
        stages = self.team_id.process_id._ordered_stages() if self.team_id.process_id else self.env["crm.stage"]
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
            return {lead: ("forced", reason, open_items.get(lead, self.env["sales.checklist.item"]))
                    for lead in moves}
        if not open_items:
            return {}
        if bypass_type:
            return {lead: (bypass_type, reason, items) for lead, items in open_items.items()}
        raise UserError(self._spm_gate_message(moves, open_items))

    def _spm_gate_bypass(self):
        """(move type, reason) when the gate must let the move through, else (False, False).

        - superuser code stating a fact (a confirmed order wins the opportunity, the force
          wizard after checking the user's rights) passes ``spm_gate_bypass_reason``; the
          context alone, without superuser, is ignored since any RPC call can send it.
        - sales administrators importing historical opportunities (base_import's ``load``
          sets ``import_file``) may place them at any stage.
        """
        ctx = self.env.context
        if self.env.su and ctx.get("spm_gate_bypass_reason"):
            move_type = ctx.get("spm_gate_bypass_type")
            return (move_type if move_type in ("forced", "system") else "system",
                    ctx["spm_gate_bypass_reason"])
        if ctx.get("import_file") and self.env.user.has_group("sales_team.group_sale_manager"):
            return "import", self.env._("Historical import by a sales administrator.")
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
        done = {
            (lead.id, item.id) for lead, item in self.env["sales.checklist.line"].sudo()._read_group(
                [("lead_id", "in", lead_ids), ("item_id", "in", items.ids), ("done", "=", True)],
                ["lead_id", "item_id"],
            )
        }
        for item in items.filtered(lambda i: i.item_type == "auto"):
            matched = self._spm_leads_matching(item, lead_ids)
            done.difference_update((lead_id, item.id) for lead_id in lead_ids)
            done.update((lead_id, item.id) for lead_id in matched)
        items_by_stage = items.grouped("stage_id")
        result = {}
        for lead, stages in passed.items():
            missing = Item.browse([
                item.id for stage in stages for item in items_by_stage.get(stage, Item)
                if (lead.id, item.id) not in done
            ])
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
            names = ", ".join(items[:_MAX_NAMED].mapped("name"))
            if len(items) > _MAX_NAMED:
                names = self.env._("%(names)s and %(count)s more", names=names, count=len(items) - _MAX_NAMED)
            parts.append(self.env._(
                "\"%(lead)s\" cannot move to \"%(stage)s\": required checklist items are open: %(items)s.",
                lead=lead.name, stage=moves[lead][1].name, items=names,
            ))
        if len(leads) > _MAX_NAMED:
            parts.append(self.env._("%(count)s more opportunities have open items.", count=len(leads) - _MAX_NAMED))
        parts.append(self.env._(
            "Complete these items first, or ask your team leader to force the move with a reason."
        ))
        return "\n".join(parts)

    # ------------------------------------------------------------
    # AFTER A MOVE: CHECKLIST LINES, LOG, CHATTER
    # ------------------------------------------------------------

    def _spm_after_stage_change(self, moves, overrides, entered, log_plain_moves=True):
        moved = self.browse([lead.id for lead in moves])
        moved._spm_sync_checklist_lines()
        stalled = moved.filtered("is_stalled")
        if stalled:
            stalled.write({"is_stalled": False})
        self._spm_log_moves(moves, overrides, entered, log_plain_moves)

    def _spm_sync_checklist_lines(self):
        """Make the checklist lines of the current stage and evaluate automatic items."""
        leads = self.filtered(lambda lead: lead.stage_id.checklist_item_ids)
        if not leads:
            return
        # One INSERT ... SELECT for the whole set: the ORM's create costs a record per line
        # (defaults, related fields) and dominated a 1,000-lead batch move. Existing lines
        # (a lead coming back to a stage) keep their ticks thanks to the unique constraint.
        self.env["crm.lead"].flush_model(["stage_id", "company_id"])
        self.env["sales.checklist.item"].flush_model(["stage_id", "active"])
        now = fields.Datetime.now()
        inserted = self.env.execute_query(SQL(
            """
            INSERT INTO sales_checklist_line
                   (lead_id, item_id, stage_id, company_id, done, create_uid, create_date, write_uid, write_date)
            SELECT lead.id, item.id, item.stage_id, lead.company_id, FALSE, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM crm_lead lead
              JOIN sales_checklist_item item ON item.stage_id = lead.stage_id AND item.active
             WHERE lead.id IN %(ids)s
            ON CONFLICT (lead_id, item_id) DO NOTHING
            RETURNING id
            """,
            uid=self.env.uid, now=now, ids=tuple(leads.ids),
        ))
        if inserted:
            leads.invalidate_recordset(["checklist_line_ids"])
            for fname in ("checklist_progress", "checklist_incomplete", "checklist_open_count"):
                self.env.add_to_compute(self._fields[fname], leads)
        leads._spm_refresh_auto_lines()

    def _spm_complete_current_stage(self):
        """Tick the manual and approval items of the current stage, with the user's rights.

        Used by the demo data and the benchmark to walk opportunities through a process.
        """
        lines = self.env["sales.checklist.line"].search([
            ("lead_id", "in", self.ids), ("done", "=", False), ("item_id.item_type", "!=", "auto"),
        ])
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
        vals_list = []
        bodies = {}
        for lead, (src, dst) in moves.items():
            override = overrides.get(lead)
            if not override and not (log_plain_moves and dst.process_id | src.process_id):
                continue
            start = entered.get(lead.id)
            if override:
                move_type, reason, items = override
            else:
                move_type, reason, items = (
                    "back" if (src.sequence, src.id) > (dst.sequence, dst.id) and src.process_id == dst.process_id
                    else "forward"
                ), False, self.env["sales.checklist.item"]
            vals_list.append({
                "lead_id": lead.id,
                "company_id": lead.company_id.id,
                "team_id": lead.team_id.id,
                "user_id": lead.user_id.id,
                "author_id": self.env.uid,
                "date": now,
                "process_id": (dst.process_id or src.process_id).id,
                "stage_from_id": src.id,
                "stage_to_id": dst.id,
                "move_type": move_type,
                "reason": reason,
                "open_item_ids": [(6, 0, items.ids)] if items else False,
                "open_item_count": len(items),
                "days_in_stage": round((now - start).total_seconds() / 86400.0, 1) if start and src else 0.0,
            })
            if override:
                bodies[lead.id] = self._spm_override_body(move_type, src, dst, reason, items)
        plain = [vals for vals in vals_list if vals["move_type"] in ("forward", "back")]
        overridden = [vals for vals in vals_list if vals["move_type"] not in ("forward", "back")]
        if overridden:
            # sudo: the log is written by the system, users only read it.
            self.env["sales.stage.log"].sudo().create(overridden)
        if plain:
            self._spm_insert_plain_logs(plain, now)
        if vals_list:
            self.invalidate_recordset(["stage_log_ids"])
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies=bodies)

    def _spm_insert_plain_logs(self, vals_list, now):
        """Plain forward and back moves in one INSERT: one log row per moved lead."""
        columns = [
            ("lead_id", "int"), ("company_id", "int"), ("team_id", "int"), ("user_id", "int"),
            ("author_id", "int"), ("process_id", "int"), ("stage_from_id", "int"),
            ("stage_to_id", "int"), ("move_type", "varchar"), ("days_in_stage", "float8"),
        ]
        arrays = [[None if vals[name] is False else vals[name] for vals in vals_list] for name, _type in columns]
        self.env.execute_query(SQL(
            """
            INSERT INTO sales_stage_log
                   (%s, date, is_override, open_item_count, create_uid, create_date, write_uid, write_date)
            SELECT *, %s, FALSE, 0, %s, %s, %s, %s FROM unnest(%s)
            """,
            SQL(", ").join(SQL.identifier(name) for name, _type in columns),
            now, self.env.uid, now, self.env.uid, now,
            SQL(", ").join(SQL("%s::" + sql_type + "[]", array) for (_name, sql_type), array in zip(columns, arrays)),
        ))

    def _spm_override_body(self, move_type, src, dst, reason, items):
        titles = {
            "forced": self.env._("Stage forced"),
            "system": self.env._("Stage moved automatically"),
            "import": self.env._("Stage set by import"),
        }
        body = Markup("<p><b>%s</b>: %s → %s</p><p>%s %s</p>") % (
            titles[move_type], src.name or "-", dst.name, self.env._("Reason:"), reason,
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
        """Flag opportunities past their stage's time limit; one activity for the team leader."""
        stages = self.env["crm.stage"].search([("process_id", "!=", False), ("max_days", ">", 0)])
        now = fields.Datetime.now()
        stalled = self.browse()
        for stage in stages:  # one query per limited stage, not per lead
            stalled |= self.search([
                ("stage_id", "=", stage.id),
                ("date_last_stage_update", "<", now - timedelta(days=stage.max_days)),
                ("probability", "<", 100),
            ])
        no_longer = self.search([("is_stalled", "=", True), ("id", "not in", stalled.ids)])
        if no_longer:
            no_longer.write({"is_stalled": False})
        new = stalled.filtered(lambda lead: not lead.is_stalled)
        if new:
            new.write({"is_stalled": True})
            new._spm_schedule_stalled_activity()

    def _spm_schedule_stalled_activity(self):
        activity_type = self.env.ref("sales_process_mgmt.mail_activity_type_stalled", raise_if_not_found=False)
        if not activity_type:
            return
        existing = self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "=", activity_type.id),
        ])
        has_activity = set(existing.mapped("res_id"))
        by_lead = defaultdict(list)
        for lead in self:
            user = lead.team_id.user_id or lead.user_id
            if lead.id in has_activity or not user:
                continue
            by_lead[lead].append(user)
        values = [{
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": lead.id,
            "activity_type_id": activity_type.id,
            "user_id": users[0].id,
            "summary": self.env._("Stalled in %(stage)s for %(days)s days",
                                  stage=lead.stage_id.name, days=lead.stage_days),
            "date_deadline": fields.Date.context_today(self),
        } for lead, users in by_lead.items()]
        if values:
            self.env["mail.activity"].create(values)
