"""Fixtures of the targets and appraisal tests (no test here).

A crafted quarter far from the demo data (2031 Q1) so that the figures only
come from the records built here.
"""

from datetime import date, datetime

from odoo import Command

from .common import SpmCommon


class AppraisalCommon(SpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.date_from = date(2031, 1, 1)
        cls.date_to = date(2031, 3, 31)
        ref = cls.env.ref
        cls.kpi_revenue = ref("sales_process_mgmt.sales_kpi_rev_completion")
        cls.kpi_collection = ref("sales_process_mgmt.sales_kpi_collection_rate")
        cls.kpi_new_customers = ref("sales_process_mgmt.sales_kpi_new_customers")
        cls.kpi_plan_accuracy = ref("sales_process_mgmt.sales_kpi_plan_accuracy")
        cls.kpi_attitude = ref("sales_process_mgmt.sales_kpi_work_attitude")
        cls.template = cls.env["sales.appraisal.template"].create(
            {
                "name": "SPM Test Template",
                "line_ids": [
                    Command.create(
                        {"kpi_id": cls.kpi_revenue.id, "weight": 50, "target_source": "sales_target"}
                    ),
                    Command.create(
                        {
                            "kpi_id": cls.kpi_collection.id,
                            "weight": 20,
                            "target_value": 95,
                            "target_source": "fixed",
                        }
                    ),
                    Command.create(
                        {"kpi_id": cls.kpi_new_customers.id, "weight": 20, "target_source": "sales_target"}
                    ),
                    Command.create({"kpi_id": cls.kpi_attitude.id, "weight": 10, "target_value": 100}),
                ],
                "grade_ids": [
                    Command.create({"name": "A", "min_score": 110}),
                    Command.create({"name": "B", "min_score": 100}),
                    Command.create({"name": "C", "min_score": 90}),
                    Command.create({"name": "D", "min_score": 0}),
                ],
            }
        )

    @classmethod
    def _partner(cls, name):
        return cls.env["res.partner"].create({"name": name})

    @classmethod
    def _order(cls, user, partner, amount, day, state="sale", team=None, company=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "team_id": (team or cls.team).id,
                "company_id": (company or cls.company).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.car_sedan.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": False,
                        }
                    )
                ],
            }
        )
        # confirming would stamp today's date: set the state and date as of the crafted day
        order.write(
            {"state": state, "date_order": datetime.combine(day, datetime.min.time().replace(hour=10))}
        )
        return order

    @classmethod
    def _invoice(cls, user, partner, amount, day, paid=0.0, move_type="out_invoice"):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_user_id": user.id,
                "team_id": cls.team.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create({"name": "Car", "quantity": 1, "price_unit": amount, "tax_ids": False})
                ],
            }
        )
        move.action_post()
        if paid:
            cls.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"amount": paid, "payment_date": day})._create_payments()
        return move

    @classmethod
    def _target(cls, user, amount, new_customers=0, collection=0.0, **kw):
        vals = {
            "name": "Target %s" % user.name,
            "scope": "user",
            "user_id": user.id,
            "team_id": cls.team.id,
            "period_type": "quarter",
            "date_from": cls.date_from,
            "date_to": cls.date_to,
            "amount_target": amount,
            "new_customer_target": new_customers,
            "collection_target": collection,
        }
        vals.update(kw)
        return cls.env["sales.target"].create(vals)

    @classmethod
    def _appraisal(cls, user, template=None, team=None, **kw):
        vals = {
            "user_id": user.id,
            "team_id": (team or cls.team).id,
            "template_id": (template or cls.template).id,
            "date_from": cls.date_from,
            "date_to": cls.date_to,
        }
        vals.update(kw)
        return cls.env["sales.appraisal"].create(vals)

    def _resolve_pending(self, appraisal, user):
        """Resolve every line that cannot be assessed: a target where it lacks one, else an actual."""
        for line in appraisal.line_ids.filtered(lambda line: not line.assessable and not line.excluded):
            if line.assessable_reason in ("no_target", "zero_target", "no_plan"):
                vals = {"mode": "target", "target": 100.0, "reason": "agreed"}
            else:
                vals = {"mode": "correct", "actual": 100.0, "reason": "checked"}
            self.env["sales.appraisal.resolve"].with_user(user).create(
                {"line_id": line.id, **vals}
            ).action_apply()
        self.assertFalse(appraisal.unassessable_count)

    @staticmethod
    def _line(appraisal, kpi):
        return appraisal.line_ids.filtered(lambda line: line.kpi_id == kpi)
