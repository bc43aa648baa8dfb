"""The scoring curve, without Odoo: scoring.py is loaded by file path."""

import importlib.util
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "sales_process_mgmt" / "tools" / "scoring.py"
_spec = importlib.util.spec_from_file_location("spm_scoring", PATH)
scoring = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scoring)


def test_module_does_not_import_odoo():
    text = PATH.read_text(encoding="utf-8")
    assert "import odoo" not in text and "from odoo" not in text


@pytest.mark.parametrize(
    "actual, target, expected",
    [
        (100, 100, 100.0),  # on target
        (110, 100, 113.0),  # 10 % above: +1.3 per percent
        (90, 100, 97.0),  # 10 % below: -0.3 per percent
        (105, 100, 106.5),  # linear in between
        (50, 100, 85.0),
        (0, 100, 70.0),
        (120, 100, 126.0),
    ],
)
def test_scoring_table_higher_is_better(actual, target, expected):
    assert scoring.score(actual, target) == pytest.approx(expected)


@pytest.mark.parametrize(
    "actual, target, expected",
    [
        (100, 100, 100.0),
        (90, 100, 113.0),  # 10 % under budget is 10 % better
        (110, 100, 97.0),  # 10 % over budget is 10 % worse
    ],
)
def test_lower_is_better_is_mirrored(actual, target, expected):
    assert scoring.score(actual, target, direction="lower") == pytest.approx(expected)


def test_percentage_points_for_rates():
    # collection rate 95 % against 100 %: 5 points below -> 98.5
    assert scoring.score(95, 100, deviation="points") == pytest.approx(98.5)
    # a rate target of 10 %: 12 % is 2 points above (not 20 % above)
    assert scoring.score(12, 10, deviation="points") == pytest.approx(102.6)
    assert scoring.score(12, 10) == pytest.approx(126.0)


def test_floor_and_cap_hold():
    assert scoring.score(300, 100, cap=120) == 120.0
    assert scoring.score(-1000, 100, floor=40) == 40.0
    assert scoring.score(300, 100, cap=None) == pytest.approx(360.0)
    assert scoring.score(-1000, 100, floor=None) == pytest.approx(-230.0)
    assert scoring.score(0, 100, floor=80) == 80.0


def test_custom_slopes():
    assert scoring.score(110, 100, bonus_per_pct=2.0) == pytest.approx(120.0)
    assert scoring.score(90, 100, penalty_per_pct=1.0) == pytest.approx(90.0)


@pytest.mark.parametrize(
    "actual, direction, expected",
    [
        (0, "higher", 100.0),  # nothing expected, nothing done: met
        (5, "higher", 150.0),  # anything above a zero target: the cap
        (-5, "higher", 0.0),  # below zero: the floor
        (0, "lower", 100.0),
        (5, "lower", 0.0),  # a cost over a zero budget: the floor
    ],
)
def test_zero_target_is_defined(actual, direction, expected):
    assert scoring.score(actual, 0, direction=direction) == expected
    assert scoring.score(actual, None, direction=direction) == expected


def test_zero_target_without_cap_or_floor():
    assert scoring.score(5, 0, cap=None) == 100.0
    assert scoring.score(-5, 0, floor=None) == 0.0


def test_achievement():
    assert scoring.achievement_pct(110, 100) == 110.0
    assert scoring.achievement_pct(90, 100, direction="lower") == 110.0
    assert scoring.achievement_pct(95, 100, deviation="points") == 95.0
    assert scoring.achievement_pct(0, 0) == 100.0
    assert scoring.achievement_pct(3, 0, direction="lower") == 0.0


def test_grade_bands():
    bands = [("D", 0), ("A", 90), ("C", 70), ("B", 80)]
    assert scoring.grade(95, bands) == "A"
    assert scoring.grade(90, bands) == "A"
    assert scoring.grade(89.99, bands) == "B"
    assert scoring.grade(10, bands) == "D"
    assert scoring.grade(-1, bands) == ""
    assert scoring.grade(50, []) == ""
