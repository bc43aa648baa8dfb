# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The handbooks' KPI scoring curve, in plain Python (no Odoo import).

Meeting the target scores 100. Each 1 % above the target adds ``bonus_per_pct``
points (1.3 by default), each 1 % below subtracts ``penalty_per_pct`` points
(0.3 by default), linear in between; the result is clamped to
``[floor, cap]``. For "lower is better" KPIs the deviation is mirrored: being
10 % under the target counts as 10 % better.

The module is loaded by file path from the static tests, so it must not import
anything from Odoo.
"""

DIRECTION_HIGHER = "higher"
DIRECTION_LOWER = "lower"
DEVIATION_RELATIVE = "relative"
DEVIATION_POINTS = "points"


def deviation_pct(actual, target, deviation=DEVIATION_RELATIVE):
    """Deviation of ``actual`` from ``target`` in percent (positive = above).

    ``relative``: (actual - target) / |target| * 100, e.g. revenue 110 against
    a target of 100 is +10.
    ``points``: for rates already expressed in percent, the difference in
    percentage points, e.g. a collection rate of 95 against a target of 100 is
    -5.

    A zero target with ``relative`` has no relative deviation; this returns
    ``None`` and lets :func:`score` decide (see there).
    """
    actual = float(actual or 0.0)
    target = float(target or 0.0)
    if deviation == DEVIATION_POINTS:
        return actual - target
    if not target:
        return None
    return (actual - target) / abs(target) * 100.0


def score(
    actual,
    target,
    direction=DIRECTION_HIGHER,
    deviation=DEVIATION_RELATIVE,
    bonus_per_pct=1.3,
    penalty_per_pct=0.3,
    floor=0.0,
    cap=150.0,
):
    """Score of ``actual`` against ``target`` on the handbooks' curve.

    100 on target; ``+bonus_per_pct`` per percent better; ``-penalty_per_pct``
    per percent worse; clamped to ``[floor, cap]`` (a cap or floor of ``None``
    means no limit). "Better" is "above" when ``direction`` is ``higher`` and
    "below" when it is ``lower``.

    Zero target (relative deviation only, where a percentage is undefined):
    the result is defined and never raises —

    - actual also zero: the target is met, score 100;
    - actual not zero and it is better than zero (above for ``higher``,
      below for ``lower``): the cap (100 when there is no cap);
    - actual worse than zero (e.g. a cost above a zero budget, or a negative
      figure for a ``higher`` KPI): the floor (0 when there is no floor).
    """
    sign = 1.0 if direction != DIRECTION_LOWER else -1.0
    dev = deviation_pct(actual, target, deviation)
    if dev is None:
        actual = float(actual or 0.0)
        if not actual:
            result = 100.0
        elif actual * sign > 0:
            result = cap if cap is not None else 100.0
        else:
            result = floor if floor is not None else 0.0
        return round(result, 2)
    better = dev * sign
    if better >= 0:
        result = 100.0 + better * bonus_per_pct
    else:
        result = 100.0 + better * penalty_per_pct
    if cap is not None:
        result = min(result, cap)
    if floor is not None:
        result = max(result, floor)
    return round(result, 2)


def achievement_pct(actual, target, direction=DIRECTION_HIGHER, deviation=DEVIATION_RELATIVE):
    """Achievement shown to the user, in percent (100 = on target).

    100 plus the deviation in the "better" direction: for a relative
    "higher" KPI that is actual / target * 100; for "lower is better" it is
    mirrored (10 % under budget = 110); for rate KPIs 100 + the points.
    Zero target: 100 when the actual is zero or better, 0 when it is worse —
    never a division by zero.
    """
    sign = 1.0 if direction != DIRECTION_LOWER else -1.0
    dev = deviation_pct(actual, target, deviation)
    if dev is None:
        actual = float(actual or 0.0)
        return 100.0 if not actual or actual * sign > 0 else 0.0
    return round(100.0 + dev * sign, 2)


def grade(total, bands):
    """Name of the first band whose minimum ``total`` reaches.

    ``bands`` is an iterable of (name, minimum score); the highest minimum
    wins. Returns ``""`` when no band matches.
    """
    for name, minimum in sorted(bands, key=lambda b: b[1], reverse=True):
        if total >= minimum:
            return name
    return ""
