# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The KPI metrics, one declaration each (as gamification declares its goals).

A metric says, in one place:

- ``code`` and ``label``: the value and label of ``sales.kpi.metric``;
- ``help``: how its actual is measured (shown on the KPI form);
- ``figures``: the batch figures it needs from ``sales.kpi._fetch_figures``
  (one query per figure for a whole batch of people);
- ``target_from_plan``: how a target comes from the person's sales targets
  (``None``: the metric has no figure there, its target is fixed);
- ``measure``: how the actual follows from the figures and plans of one
  person, and when it cannot be measured (``None``: entered by hand).

``measure`` and ``target_from_plan`` return ``(value, reason)``; ``reason`` is
a code of :data:`NOT_ASSESSABLE_REASONS` when there is nothing to measure (no
target, a zero denominator, no results), else ``None``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# Why a KPI line cannot be assessed (stored as codes, rendered in the reader's language).
NOT_ASSESSABLE_REASONS = [
    ("no_target", "No target in the period"),
    ("zero_target", "The target is zero"),
    ("no_revenue", "Nothing sold in the period"),
    ("no_results", "No satisfaction results in the period"),
    ("no_plan", "No sales plan in the period"),
    ("no_base", "Nothing to measure against in the period"),
    ("no_entry", "Actual not entered yet"),
]


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    help: object
    figures: tuple = ()
    needs_plan: bool = False
    target_from_plan: Callable | None = None
    measure: Callable | None = None

    @property
    def is_computed(self):
        return self.measure is not None

    @property
    def has_plan_target(self):
        return self.target_from_plan is not None


def _plan_figure(key):
    def target(plan):
        if not plan.get("count"):
            return None, "no_target"
        return plan.get(key, 0.0), None

    return target


def _plan_collection_rate(plan):
    if not plan.get("count"):
        return None, "no_target"
    amount = plan.get("amount", 0.0)
    if not amount or not plan.get("collection"):
        return None, "no_target"
    return plan.get("collection", 0.0) / amount * 100.0, None


def _figure(name, missing=None):
    """The figure itself; ``missing`` is the reason when the person has none (None: 0)."""

    def measure(figures, plan):
        value = figures.get(name)
        if value is None:
            return (None, missing) if missing else (0.0, None)
        return value, None

    return measure


def _collection_rate(figures, plan):
    revenue = figures.get("revenue") or 0.0
    if not revenue:
        return None, "no_revenue"
    return (figures.get("collected") or 0.0) / revenue * 100.0, None


def _plan_accuracy(figures, plan):
    planned = plan.get("amount", 0.0) if plan.get("count") else 0.0
    if not planned:
        return None, "no_plan"
    revenue = figures.get("revenue") or 0.0
    return max(0.0, (1 - abs(planned - revenue) / planned) * 100.0), None


def _plan_timeliness(figures, plan):
    due = plan.get("leaves", 0)
    if not due:
        return None, "no_plan"
    return plan.get("on_time", 0) / due * 100.0, None


def _a_card_conversion(figures, plan):
    a_cards = figures.get("new_a_cards") or 0
    if not a_cards:
        return None, "no_base"
    return (figures.get("c_cards") or 0) / a_cards * 100.0, None


METRICS = [
    Metric(
        "revenue_completion",
        "Target completion rate",
        _lt(
            "Untaxed amount of the sale orders confirmed in the period (by order date, in company "
            "currency) against the revenue target."
        ),
        figures=("revenue",),
        target_from_plan=_plan_figure("amount"),
        measure=_figure("revenue"),
    ),
    Metric(
        "collection_rate",
        "Collection rate",
        _lt(
            "Amount paid on the posted customer invoices and refunds of the period (by invoice "
            "date, per invoice salesperson), in percent of the revenue of the period. Not "
            "assessable when nothing was sold."
        ),
        figures=("revenue", "collected"),
        target_from_plan=_plan_collection_rate,
        measure=_collection_rate,
    ),
    Metric(
        "new_customer_rate",
        "New-customer development",
        _lt("Partners whose first confirmed order in the company falls in the period."),
        figures=("new_customers",),
        target_from_plan=_plan_figure("new_customers"),
        measure=_figure("new_customers"),
    ),
    Metric(
        "satisfaction",
        "Customer satisfaction",
        _lt(
            "Mean score (0-100) of the satisfaction results of the C cards dated in the period. "
            "Not assessable without results."
        ),
        figures=("satisfaction",),
        measure=_figure("satisfaction", missing="no_results"),
    ),
    Metric(
        "plan_accuracy",
        "Plan accuracy",
        _lt(
            "100 % minus the gap between the revenue and the revenue target of the period, in "
            "percent of the target. Not assessable without a sales plan."
        ),
        figures=("revenue",),
        needs_plan=True,
        measure=_plan_accuracy,
    ),
    Metric(
        "plan_timeliness",
        "Plan timeliness",
        _lt(
            "Share of the period's finest sales plans confirmed before their period started. "
            "Not assessable without a sales plan."
        ),
        needs_plan=True,
        measure=_plan_timeliness,
    ),
    Metric(
        "key_account_visits",
        "Key-account visit completion",
        _lt(
            "Key accounts visited in the period, in percent of the person's key accounts. Not "
            "assessable without key accounts."
        ),
        figures=("key_account_visits",),
        measure=_figure("key_account_visits", missing="no_base"),
    ),
    Metric(
        "customer_file_completeness",
        "Customer-file completeness",
        _lt(
            "C cards of the period whose customer file is complete, in percent of the C cards. "
            "Not assessable without C cards."
        ),
        figures=("complete_files",),
        measure=_figure("complete_files", missing="no_base"),
    ),
    Metric(
        "a_card_conversion",
        "A-card conversion",
        _lt(
            "C cards of the period in percent of the A cards that became valid in the period. "
            "Not assessable without new A cards."
        ),
        figures=("new_a_cards", "c_cards"),
        measure=_a_card_conversion,
    ),
    Metric(
        "visit_groups",
        "Visit groups",
        _lt("Showroom visits and calls of the period that count as a group."),
        figures=("visit_groups",),
        measure=_figure("visit_groups"),
    ),
    Metric(
        "new_a_cards",
        "New A cards",
        _lt("Opportunities that became valid A cards in the period."),
        figures=("new_a_cards",),
        measure=_figure("new_a_cards"),
    ),
    Metric(
        "expense_variance",
        "Expense variance",
        _lt("Entered by a team leader on the appraisal line."),
    ),
    Metric(
        "manual",
        "Manual entry",
        _lt("Entered by a team leader on the appraisal line."),
    ),
]

METRICS_BY_CODE = {metric.code: metric for metric in METRICS}
METRIC_SELECTION = [(metric.code, metric.label) for metric in METRICS]
