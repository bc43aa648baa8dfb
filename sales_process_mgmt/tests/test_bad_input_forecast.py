"""Forecast: odd reads (any aggregate of a ratio, every grouping, writes) neither crash nor mislead."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_forecast import MARCH, ForecastCommon


@tagged("post_install", "-at_install")
class TestBadInputForecast(ForecastCommon):
    def test_any_aggregate_of_a_ratio_is_the_ratio_of_the_sums(self):
        domain = [("date", "=", MARCH), ("team_id", "=", self.team.id)]
        for func in ("sum", "avg", "max", "min"):
            [(percent, progress)] = self.Report._read_group(
                domain, [], [f"shortage_percent:{func}", f"progress:{func}"]
            )
            self.assertAlmostEqual(percent, 46.875, msg=func)
            self.assertAlmostEqual(progress, 37.5, msg=func)

    def test_groupings_by_day_week_and_year_keep_the_sums(self):
        domain = [
            ("team_id", "in", self.teams.ids),
            ("date", ">=", date(2032, 1, 1)),
            ("date", "<", date(2033, 1, 1)),
        ]
        [(total,)] = self.Report._read_group(domain, [], ["shortage:sum"])
        for granularity in ("day", "week", "month", "quarter", "year"):
            groups = self.Report._read_group(domain, [f"date:{granularity}"], ["shortage:sum"])
            self.assertAlmostEqual(sum(value for __, value in groups), total, msg=granularity)

    def test_no_target_anywhere_gives_zero_percent(self):
        groups = self.Report._read_group(
            [("date", "=", date(2032, 4, 1)), ("team_id", "in", self.teams.ids)],
            [],
            ["amount_target:sum", "shortage:sum", "shortage_percent:sum", "progress:sum"],
        )
        self.assertEqual(groups[0][0], 0)
        self.assertLess(groups[0][1], 0)
        self.assertEqual(groups[0][2:], (0, 0))

    def test_nobody_writes_the_report(self):
        row = self.Report.search([("date", "=", MARCH), ("user_id", "=", self.salesperson.id)])
        for user in (self.salesperson, self.leader, self.director):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"amount_target": 0.0})
