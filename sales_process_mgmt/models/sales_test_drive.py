# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_list

# Dates outside these years are typing errors.
MIN_YEAR, MAX_YEAR = 2000, 2100

FEEDBACK_SCORES = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Neutral"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]


class SalesTestDrive(models.Model):
    """Test drive (试乘试驾): a customer drives a model, booked from an opportunity
    or a visit. Done test drives count in the daily report (test-drive rate) on the
    local day of their start, and tick the showroom's test-drive checklist items."""

    _name = "sales.test.drive"
    _description = "Test Drive"
    _inherit = ["mail.thread", "mail.activity.mixin", "sales.app.fields.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        required=True,
        index=True,
        check_company=True,
        ondelete="cascade",
        tracking=True,
        domain="[('type', '=', 'opportunity')]",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
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
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Model",
        compute="_compute_product_tmpl_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain=[("sale_ok", "=", True)],
        tracking=True,
        help="The model driven; it counts as the intended model in the daily report.",
    )
    visit_id = fields.Many2one(
        "sales.visit",
        index="btree_not_null",
        check_company=True,
        help="The visit the test drive was booked from.",
    )
    date_start = fields.Datetime(
        string="Start",
        required=True,
        default=fields.Datetime.now,
        index=True,
        tracking=True,
    )
    date_end = fields.Datetime(string="End", tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        index=True,
    )
    licence_checked = fields.Boolean(
        string="Driving Licence Checked",
        tracking=True,
        help="The customer's driving licence was seen and is valid. A test drive cannot be done without it.",
    )
    route = fields.Char(help="The route driven, e.g. the dealership's standard city loop.")
    accompanied_by_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
        help="The employee in the car with the customer.",
    )
    feedback_score = fields.Selection(
        FEEDBACK_SCORES,
        help="The customer's overall impression, from the test-drive feedback form.",
    )
    feedback_comment = fields.Text(string="Feedback")
    signed_form = fields.Binary(attachment=True, copy=False)
    signed_form_name = fields.Char(copy=False)
    duration = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration",
        store=True,
        aggregator="avg",
    )
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    checklist_line_ids = fields.Many2many(
        "sales.checklist.line",
        "sales_test_drive_checklist_line_rel",
        "test_drive_id",
        "line_id",
        string="Checklist Lines Ticked",
        readonly=True,
        copy=False,
        help="The opportunity's checklist lines this test drive ticked. Cancelling it (or resetting "
        "it to planned, deleting it, removing its feedback) unticks them, unless another done test "
        "drive of the opportunity still justifies them.",
    )

    # set by the application: the name, when the drive was completed, what it ticked
    _spm_app_fields = frozenset({"name", "date_done", "duration", "checklist_line_ids"})

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("partner_id", "lead_id", "product_tmpl_id", "date_start")
    def _compute_name(self):
        for drive in self:
            who = drive.partner_id.name or drive.lead_id.contact_name or drive.lead_id.name or ""
            parts = [part for part in (who, drive.product_tmpl_id.name) if part]
            if drive.date_start:
                parts.append(fields.Date.to_string(fields.Date.context_today(drive, drive.date_start)))
            drive.name = " - ".join(parts) or self.env._("Test Drive")

    # One method per field: Odoo protects every field of a shared compute method when
    # one of them is given (a model typed in would leave the salesperson empty).
    @api.depends("lead_id")
    def _compute_partner_id(self):
        for drive in self:
            drive.partner_id = drive.lead_id.partner_id or drive.partner_id

    @api.depends("lead_id")
    def _compute_user_id(self):
        for drive in self:
            drive.user_id = drive.lead_id.user_id or drive.user_id or self.env.user

    @api.depends("lead_id")
    def _compute_team_id(self):
        for drive in self:
            drive.team_id = drive.lead_id.team_id or drive.team_id

    @api.depends("lead_id")
    def _compute_product_tmpl_id(self):
        for drive in self:
            drive.product_tmpl_id = drive.product_tmpl_id or drive.lead_id.intended_model_id

    @api.depends("lead_id")
    def _compute_company_id(self):
        for drive in self:
            drive.company_id = drive.lead_id.company_id or drive.company_id or self.env.company

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for drive in self:
            if drive.date_start and drive.date_end:
                drive.duration = (drive.date_end - drive.date_start).total_seconds() / 3600
            else:
                drive.duration = 0.0

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        self._spm_check_app_fields(vals_list)
        self._spm_check_values(vals_list)
        self._spm_check_links(vals_list)
        drives = super(SalesTestDrive, self._spm_without_app_defaults()).create(vals_list)
        drives.filtered(lambda drive: drive.state == "done")._spm_on_done()
        return drives

    def write(self, vals):
        self._spm_check_app_fields(vals)
        self._spm_check_values([vals])
        self._spm_check_links([vals])
        before = {drive.id: drive.state for drive in self} if "state" in vals else {}
        done_before = self.filtered(lambda drive: drive.state == "done")
        if "lead_id" in vals:
            # the lines it ticked belong to the opportunity it leaves
            done_before.filtered(lambda drive: drive.lead_id.id != vals["lead_id"])._spm_untick_checklist()
        res = super().write(vals)
        if before:
            self.filtered(lambda drive: drive.state == "done" and before[drive.id] != "done")._spm_on_done()
            (done_before - self.filtered(lambda drive: drive.state == "done"))._spm_untick_checklist()
        if "feedback_score" in vals and not vals["feedback_score"]:
            self.filtered(lambda drive: drive.state == "done")._spm_untick_checklist(feedback_only=True)
        if "feedback_score" in vals or "lead_id" in vals:
            # feedback recorded after the drive ticks the feedback item then
            self.filtered(lambda drive: drive.state == "done")._spm_tick_checklist()
        return res

    def unlink(self):
        self.filtered(lambda drive: drive.state == "done")._spm_untick_checklist(deleted=True)
        return super().unlink()

    def _spm_check_values(self, vals_list):
        """Refuse a feedback score outside the scale with a clear message (the ORM's
        own error for an unknown selection value is technical)."""
        scores = {key for key, _label in FEEDBACK_SCORES}
        for vals in vals_list:
            score = vals.get("feedback_score")
            if score and score not in scores:
                raise ValidationError(
                    self.env._("The feedback score is from 1 to 5 (%(score)s given).", score=score)
                )

    def _spm_check_links(self, vals_list):
        """A test drive links only an opportunity and a visit the user may read: it copies
        their customer, salesperson and model."""
        if self.env.su:
            return
        for fname, model, message in (
            (
                "lead_id",
                "crm.lead",
                self.env._("You can book a test drive only for an opportunity you may read."),
            ),
            (
                "visit_id",
                "sales.visit",
                self.env._("You can link a test drive only to a visit you may read."),
            ),
        ):
            ids = {vals[fname] for vals in vals_list if vals.get(fname)}
            records = self.env[model].browse(ids).exists()
            if len(records) != len(ids) or records._filtered_access("read") != records:
                raise AccessError(message)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        first, last = datetime(MIN_YEAR, 1, 1), datetime(MAX_YEAR, 12, 31, 23, 59, 59)
        for drive in self:
            for day in (drive.date_start, drive.date_end):
                if day and not first <= day <= last:
                    raise ValidationError(
                        self.env._(
                            "A test drive is dated between the years %(first)s and %(last)s (%(date)s given).",
                            first=MIN_YEAR,
                            last=MAX_YEAR,
                            date=fields.Datetime.to_string(day),
                        )
                    )
            if drive.date_start and drive.date_end and drive.date_end <= drive.date_start:
                raise ValidationError(
                    self.env._("The test drive %(drive)s must end after it starts.", drive=drive.display_name)
                )

    @api.constrains("state", "licence_checked")
    def _check_licence(self):
        for drive in self:
            if drive.state == "done" and not drive.licence_checked:
                raise ValidationError(
                    self.env._(
                        "Check the customer's driving licence before completing the test drive %(drive)s.",
                        drive=drive.display_name,
                    )
                )

    @api.constrains("visit_id", "lead_id")
    def _check_visit_lead(self):
        for drive in self:
            if drive.visit_id.lead_id and drive.visit_id.lead_id != drive.lead_id:
                raise ValidationError(
                    self.env._(
                        "The visit %(visit)s belongs to another opportunity than the test drive's "
                        "(%(lead)s).",
                        visit=drive.visit_id.display_name,
                        lead=drive.lead_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_reset_planned(self):
        self.write({"state": "planned"})
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _spm_on_done(self):
        """Record when the drives were done and tick their opportunities' test-drive items."""
        if not self:
            return
        # sudo: the completion time is the application's (see _spm_app_fields)
        self.sudo().write({"date_done": fields.Datetime.now()})
        self._spm_tick_checklist()

    def _spm_tick_checklist(self):
        """Tick the checklist items of the opportunities' processes that a test drive
        completes (``sales.checklist.item.test_drive_check``), making their lines when
        the opportunity has not reached the test-drive stage yet: it keeps them when it
        gets there."""
        leads = self.lead_id
        items = (
            self.env["sales.checklist.item"]
            .sudo()
            .search(
                [
                    ("test_drive_check", "!=", False),
                    ("process_id", "in", leads.team_id.process_id.ids),
                ]
            )
        )
        if not items:
            return
        Line = self.env["sales.checklist.line"].sudo()
        lines = Line.search([("lead_id", "in", leads.ids), ("item_id", "in", items.ids)])
        line_by_key = {(line.lead_id.id, line.item_id.id): line for line in lines}
        to_tick, to_create, ticker = Line, {}, {}
        for drive in self:
            for item in items:
                if item.process_id != drive.lead_id.team_id.process_id:
                    continue
                if item.test_drive_check == "feedback" and not drive.feedback_score:
                    continue
                key = (drive.lead_id.id, item.id)
                line = line_by_key.get(key)
                if line:
                    if not line.done and line not in to_tick:
                        to_tick |= line
                        ticker.setdefault(drive, []).append(key)
                elif key not in to_create:
                    to_create[key] = {"lead_id": key[0], "item_id": key[1]}
                    ticker.setdefault(drive, []).append(key)
        vals_list = list(to_create.values())
        now = fields.Datetime.now()
        # sudo: the tick is the test drive's, made by the user who completed it (done_user_id)
        if to_tick:
            to_tick.write({"done": True, "done_user_id": self.env.uid, "done_date": now})
        if vals_list:
            created = Line.create(
                [dict(vals, done=True, done_user_id=self.env.uid, done_date=now) for vals in vals_list]
            )
            line_by_key.update({(line.lead_id.id, line.item_id.id): line for line in created})
        # what each drive ticked, so that its cancellation unticks that (_spm_untick_checklist)
        for drive, keys in ticker.items():
            # sudo: checklist_line_ids is the application's field
            drive.sudo().checklist_line_ids = [Command.link(line_by_key[key].id) for key in keys]

    def _spm_untick_checklist(self, feedback_only=False, deleted=False):
        """Untick the checklist lines these drives ticked (``checklist_line_ids``) when
        they stop being done (cancelled, reset to planned, deleted, moved to another
        opportunity), or with ``feedback_only`` the feedback items when they lose their
        score: the lines still done that no other done test drive of the opportunity
        justifies; a line another one justifies becomes that drive's. Logged in each
        drive's chatter (the opportunity's when it is deleted), besides the checklist's
        own untick note on the opportunity."""
        if not self:
            return
        # sudo: the lines are those the application ticked for these drives, which the
        # user is changing or deleting (the ORM checked the write or unlink access)
        drives = self.sudo()
        own = {}
        for drive in drives:
            lines = drive.checklist_line_ids
            if feedback_only:
                lines = lines.filtered(lambda line: line.item_id.test_drive_check == "feedback")
            if lines:
                own[drive] = lines
        if not own:
            return
        Line = self.env["sales.checklist.line"].sudo()
        lines = Line.union(*own.values())
        others = drives.search(
            [("lead_id", "in", lines.lead_id.ids), ("state", "=", "done"), ("id", "not in", self.ids)],
            order="date_start, id",
        )
        heirs, to_untick = {}, Line
        for line in lines.filtered("done"):
            check = line.item_id.test_drive_check
            heir = others.filtered(
                lambda other, line=line, check=check: (
                    other.lead_id == line.lead_id
                    and (check == "done" or (check == "feedback" and other.feedback_score))
                )
            )[:1]
            if heir:
                heirs[heir] = heirs.get(heir, Line) | line
            else:
                to_untick |= line
        for drive, released in own.items():
            drive.checklist_line_ids = [Command.unlink(line.id) for line in released]
        for heir, kept in heirs.items():
            heir.checklist_line_ids = [Command.link(line.id) for line in kept]
        if not to_untick:
            return
        to_untick.write({"done": False})
        for drive, released in own.items():
            unticked = released & to_untick
            if not unticked:
                continue
            items = format_list(self.env, unticked.item_id.mapped("name"))
            if feedback_only:
                body = self.env._(
                    "The feedback of test drive %(drive)s was removed: the checklist items it had "
                    "ticked are unticked: %(items)s.",
                    drive=drive.display_name,
                    items=items,
                )
            else:
                body = self.env._(
                    "Test drive %(drive)s is no longer done: the checklist items it had ticked are "
                    "unticked, no other done test drive of the opportunity justifies them: %(items)s.",
                    drive=drive.display_name,
                    items=items,
                )
            # as the user: the note is theirs; the opportunity's when the drive is deleted
            target = drive.lead_id if deleted else drive
            target.with_env(self.env).message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _spm_new_test_drive_action(self, defaults):
        """The form of a new test drive with ``defaults`` (a context of default_ keys)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Book a Test Drive"),
            "res_model": "sales.test.drive",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {key: value for key, value in defaults.items() if value},
        }
