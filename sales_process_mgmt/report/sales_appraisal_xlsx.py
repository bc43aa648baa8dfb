# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Excel workbook of sales appraisals: a summary sheet and a detail sheet."""

import io
from datetime import datetime, time

from odoo.tools.misc import xlsxwriter

# Characters that make a spreadsheet read a cell as a formula (or DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text as it must appear in a cell: never something a spreadsheet would run."""
    text = "" if value in (None, False) else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def appraisal_workbook(appraisals):
    """Bytes of an .xlsx workbook of ``appraisals``, headers in the user's language."""
    env = appraisals.env
    _ = env._
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    number = workbook.add_format({"num_format": "#,##0.00"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    state_labels = dict(appraisals._fields["state"]._description_selection(env))
    reason_labels = dict(env["sales.appraisal.line"]._fields["assessable_reason"]._description_selection(env))

    def text(sheet, row, col, value, fmt=None):
        sheet.write_string(row, col, safe_text(value), fmt)

    appraisals = appraisals.sorted(lambda a: (a.date_from, a.team_id.name or "", a.user_id.name or ""))
    kpis = appraisals.line_ids.kpi_id.sorted(lambda k: (k.sequence, k.id))

    summary = workbook.add_worksheet(_("Summary"))
    headers = [_("Salesperson"), _("Sales Team"), _("Start Date"), _("End Date"), _("Template")]
    headers += [kpi.name for kpi in kpis]
    headers += [_("Total Score"), _("Grade"), _("Status")]
    for col, title in enumerate(headers):
        text(summary, 0, col, title, header)
    summary.freeze_panes(1, 1)
    summary.set_column(0, 1, 22)
    summary.set_column(2, len(headers), 14)
    for row, appraisal in enumerate(appraisals, start=1):
        text(summary, row, 0, appraisal.user_id.name)
        text(summary, row, 1, appraisal.team_id.name)
        summary.write_datetime(row, 2, _as_datetime(appraisal.date_from), date_format)
        summary.write_datetime(row, 3, _as_datetime(appraisal.date_to), date_format)
        text(summary, row, 4, appraisal.template_id.name)
        scores = {line.kpi_id: line.score for line in appraisal.line_ids}
        for offset, kpi in enumerate(kpis):
            if kpi in scores:
                summary.write_number(row, 5 + offset, scores[kpi], number)
        col = 5 + len(kpis)
        summary.write_number(row, col, appraisal.total_score, number)
        text(summary, row, col + 1, appraisal.grade)
        text(summary, row, col + 2, state_labels.get(appraisal.state))

    detail = workbook.add_worksheet(_("Detail"))
    headers = [
        _("Salesperson"),
        _("Start Date"),
        _("End Date"),
        _("KPI"),
        _("Weight (%)"),
        _("Target"),
        _("Computed Actual"),
        _("Actual"),
        _("Correction Reason"),
        _("Achievement (%)"),
        _("Score"),
        _("Weighted Score"),
        _("Effective Weight"),
        _("Why Not Assessable"),
        _("Exclusion Reason"),
    ]
    for col, title in enumerate(headers):
        text(detail, 0, col, title, header)
    detail.freeze_panes(1, 0)
    detail.set_column(0, 0, 22)
    detail.set_column(3, 3, 28)
    detail.set_column(4, len(headers), 14)
    row = 1
    for appraisal in appraisals:
        for line in appraisal.line_ids:
            text(detail, row, 0, appraisal.user_id.name)
            detail.write_datetime(row, 1, _as_datetime(appraisal.date_from), date_format)
            detail.write_datetime(row, 2, _as_datetime(appraisal.date_to), date_format)
            text(detail, row, 3, line.kpi_id.name)
            for col, value in enumerate(
                (line.weight, line.target, line.actual_computed, line.actual), start=4
            ):
                detail.write_number(row, col, value, number)
            text(detail, row, 8, line.override_reason if line.override else "")
            for col, value in enumerate(
                (line.achievement, line.score, line.weighted_score, line.weight_effective), start=9
            ):
                detail.write_number(row, col, value, number)
            if not line.assessable:
                text(detail, row, 13, reason_labels.get(line.assessable_reason, ""))
            if line.excluded:
                text(detail, row, 14, line.exclusion_reason)
            row += 1
    workbook.close()
    return output.getvalue()


def _as_datetime(day):
    return datetime.combine(day, time.min)
