#!/usr/bin/env python3
# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Write the director's dashboard (Odoo 18 spreadsheet JSON) shipped in
``sales_process_mgmt/data/files/sales_process_dashboard.json``.

Run it after changing a data source; it needs no Odoo. Every text the user
reads is a ``=_t("...")`` formula, a markdown link or a chart title: those are
what Odoo's spreadsheet term extractor (``odoo.tools.translate.
extract_spreadsheet_terms``) puts into the .pot, and the web client translates
them in the user's language when it opens the dashboard.
"""

import json
import pathlib

OUT = (
    pathlib.Path(__file__).resolve().parent.parent
    / "sales_process_mgmt/data/files/sales_process_dashboard.json"
)

# Global filters: id, type, label, and the field each data source filters on.
F_PERIOD = "6b1e0c3a-5f0e-4b8e-9c1d-0d5f7a1e2b01"
F_TEAM = "6b1e0c3a-5f0e-4b8e-9c1d-0d5f7a1e2b02"
F_USER = "6b1e0c3a-5f0e-4b8e-9c1d-0d5f7a1e2b03"

GLOBAL_FILTERS = [
    {
        "id": F_PERIOD,
        "type": "date",
        "label": "Period",
        "defaultValue": "this_quarter",
        "rangeType": "fixedPeriod",
    },
    {
        "id": F_TEAM,
        "type": "relation",
        "label": "Sales Team",
        "modelName": "crm.team",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
    },
    {
        "id": F_USER,
        "type": "relation",
        "label": "Salesperson",
        "modelName": "res.users",
        "defaultValue": [],
        "defaultValueDisplayNames": [],
    },
]


def matching(date_field, date_type="date", team="team_id", user="user_id"):
    result = {}
    result[F_PERIOD] = {"chain": date_field, "type": date_type, "offset": 0} if date_field else {}
    result[F_TEAM] = {"chain": team, "type": "many2one"} if team else {}
    result[F_USER] = {"chain": user, "type": "many2one"} if user else {}
    return result


def pivot(pid, name, model, measures, rows, domain=(), columns=(), context=None, fm=None):
    return pid, {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": model,
        "domain": list(domain),
        "context": context or {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "rows": [dict(zip(("fieldName", "granularity"), r.split(":"), strict=False)) for r in rows],
        "columns": [dict(zip(("fieldName", "granularity"), c.split(":"), strict=False)) for c in columns],
        "sortedColumn": None,
        "fieldMatching": fm or {},
    }


# Where a section's title link opens (the action of the report behind it).
def view_link(title, model, view_type, domain=(), context=None):
    action = {
        "domain": list(domain),
        "context": context or {},
        "modelName": model,
        "views": [[False, view_type], [False, "list"], [False, "search"]],
    }
    return "[%s](odoo://view/%s)" % (
        title,
        json.dumps(
            {"viewType": view_type, "action": action, "threshold": 0, "name": title}, separators=(",", ":")
        ),
    )


# The showroom funnel: the daily report's figures (CONTRACT.md names them).
FUNNEL = [
    "visit_groups",
    "new_a_cards",
    "test_drives",
    "orders",
    "deliveries",
    "archive_rate",
    "test_drive_rate",
    "closing_rate",
]
FUNNEL_LABELS = [
    "Visit Groups",
    "New A Cards",
    "Test Drives",
    "Orders",
    "Deliveries",
    "Archive Rate (%)",
    "Test-drive Rate (%)",
    "Closing Rate (%)",
]

PIVOTS = dict(
    [
        pivot(
            "1", "Showroom funnel by month", "sales.daily.report", FUNNEL, ["date:month"], fm=matching("date")
        ),
        pivot(
            "2",
            "Target vs actual by team",
            "sales.forecast.report",
            ["amount_target", "amount_achieved", "progress"],
            ["team_id"],
            domain=[["date", "!=", False]],
            fm=matching("date"),
        ),
        pivot(
            "3",
            "Target vs actual by salesperson",
            "sales.forecast.report",
            ["amount_target", "amount_achieved", "progress"],
            ["user_id"],
            domain=[["date", "!=", False], ["user_id", "!=", False]],
            fm=matching("date"),
        ),
        pivot(
            "4",
            "Forecast",
            "sales.forecast.report",
            ["amount_target", "amount_achieved", "potential", "shortage", "shortage_percent"],
            ["team_id"],
            domain=[["date", "!=", False]],
            fm=matching("date"),
        ),
        pivot(
            "5",
            "Appraisal grades",
            "sales.appraisal",
            ["__count"],
            ["grade_id"],
            # every graded appraisal of the period, from its computation on: the current
            # quarter's are computed long before they are approved
            domain=[["state", "in", ["confirmed", "acknowledged", "approved"]], ["grade_id", "!=", False]],
            fm=matching("date_from"),
        ),
        pivot(
            "6",
            "Forced moves",
            "sales.stage.log",
            ["__count"],
            ["user_id"],
            domain=[["is_override", "=", True]],
            fm=matching("date", "datetime"),
        ),
        pivot(
            "7",
            "Defeat reasons",
            "crm.lead",
            ["__count", "expected_revenue"],
            ["lost_reason_id"],
            domain=[["card_state", "=", "defeated"]],
            context={"active_test": False},
            fm=matching("date_closed", "datetime"),
        ),
    ]
)

LISTS = {
    "1": {
        "id": "1",
        "name": "Stalled opportunities",
        "model": "crm.lead",
        "columns": ["name", "user_id", "team_id", "stage_id", "date_last_stage_update"],
        "domain": [["is_stalled", "=", True]],
        "context": {},
        "orderBy": [{"name": "date_last_stage_update", "asc": True}],
        "fieldMatching": matching(None),
    },
}

COLUMNS = "ABCDEFGHIJ"
# Column titles of each pivot: the row header, then its measures (field labels, so
# that their translations are the fields' ones).
HEADERS = {
    "1": ["Month", *FUNNEL_LABELS],
    "2": ["Sales Team", "Target", "Achieved", "Completion (%)"],
    "3": ["Salesperson", "Target", "Achieved", "Completion (%)"],
    "4": ["Sales Team", "Target", "Achieved", "Weighted Potential", "Shortage", "Shortage (%)"],
    "5": ["Grade Band", "Count"],
    "6": ["Salesperson", "Count"],
    "7": ["Lost Reason", "Count", "Expected Revenue"],
}

# Charts: (id, model, measure, group by, domain, title, type)
CHARTS = [
    (
        "1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a01",
        "sales.forecast.report",
        "shortage",
        ["team_id"],
        [["date", "!=", False]],
        "Shortage by team",
        "odoo_bar",
        matching("date"),
    ),
    (
        "1a2b3c4d-0001-4e5f-8a9b-0c1d2e3f4a02",
        "sales.daily.report",
        "visit_groups",
        ["date:month"],
        [],
        "Visit groups by month",
        "odoo_line",
        matching("date"),
    ),
]


def build():
    cells = {}
    styles = {
        "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
        "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
        "3": {"bold": True, "textColor": "#434343", "fillColor": "#f2f2f2"},
    }
    row = 1
    blocks = [
        ("Showroom funnel by month", "1", "sales.daily.report", "pivot", 14),
        ("Target vs actual by team", "2", "sales.forecast.report", "pivot", 10),
        ("Target vs actual by salesperson", "3", "sales.forecast.report", "pivot", 14),
        ("Forecast", "4", "sales.forecast.report", "pivot", 10),
        ("Appraisal grades", "5", "sales.appraisal", "pivot", 8),
        ("Forced moves", "6", "sales.stage.log", "pivot", 10),
        ("Defeat reasons", "7", "crm.lead", "pivot", 10),
    ]
    cells["A1"] = {"content": '=_t("Sales Process Dashboard")', "style": "1"}
    row = 3
    for title, pid, model, view_type, height in blocks:
        p = PIVOTS[pid]
        cells[f"A{row}"] = {
            "content": view_link(title, model, view_type, p["domain"], dict(p["context"])),
            "style": "2",
        }
        # the column titles are ours (translated terms), not the pivot's (its name is not)
        for col, label in enumerate(HEADERS[pid]):
            cells[f"{COLUMNS[col]}{row + 1}"] = {"content": f'=_t("{label}")', "style": "3"}
        cells[f"A{row + 2}"] = {"content": f"=PIVOT({pid},{height},TRUE,FALSE)"}
        row += height + 4
    cells[f"A{row}"] = {
        "content": view_link("Stalled opportunities", "crm.lead", "list", LISTS["1"]["domain"]),
        "style": "2",
    }
    row += 1
    headers = ["Opportunity", "Salesperson", "Sales Team", "Stage", "Last Stage Update"]
    for col, (header, fname) in enumerate(zip(headers, LISTS["1"]["columns"], strict=True)):
        letter = COLUMNS[col]
        cells[f"{letter}{row}"] = {"content": f'=_t("{header}")', "style": "2"}
        for i in range(1, 11):
            cells[f"{letter}{row + i}"] = {"content": f'=ODOO.LIST(1,{i},"{fname}")'}
    row += 12
    figures = []
    y = 0
    for fid, model, measure, groupby, domain, title, ctype, fm in CHARTS:
        figures.append(
            {
                "id": fid,
                "x": 1000,
                "y": y,
                "width": 520,
                "height": 300,
                "tag": "chart",
                "data": {
                    "type": ctype,
                    "title": {"text": title},
                    "background": "#FFFFFF",
                    "legendPosition": "none",
                    "metaData": {"groupBy": groupby, "measure": measure, "order": None, "resModel": model},
                    "searchParams": {
                        "comparison": None,
                        "context": {},
                        "domain": domain,
                        "groupBy": groupby,
                        "orderBy": [],
                    },
                    "stacked": False,
                    "fieldMatching": fm,
                },
            }
        )
        y += 320
    sheet = {
        "id": "sheet1",
        "name": "Dashboard",
        "colNumber": 20,
        "rowNumber": max(row + 5, 100),
        "rows": {},
        "cols": {"0": {"size": 220}},
        "merges": [],
        "cells": cells,
        "styles": {},
        "formats": {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }
    # move the cell styles into the sheet's style map (as o-spreadsheet exports them)
    for ref, cell in cells.items():
        if "style" in cell:
            sheet["styles"][ref] = int(cell.pop("style"))
    return {
        "version": 21,
        "sheets": [sheet],
        "styles": styles,
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 7,
            }
        },
        "pivots": PIVOTS,
        "pivotNextId": len(PIVOTS) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": GLOBAL_FILTERS,
        "lists": LISTS,
        "listNextId": len(LISTS) + 1,
        "chartOdooMenusReferences": {
            CHARTS[0][0]: "sales_process_mgmt.sales_forecast_report_menu",
            CHARTS[1][0]: "sales_process_mgmt.sales_daily_report_menu",
        },
    }


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n")
    print(OUT)
