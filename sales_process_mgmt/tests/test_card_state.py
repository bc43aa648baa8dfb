from odoo.tests import tagged

from .floor_common import FloorCommon


@tagged("post_install", "-at_install")
class TestCardState(FloorCommon):
    def _c_card(self, lead, **values):
        # C cards come from confirmed orders; the application makes them (as superuser)
        vals = {
            "lead_id": lead.id,
            "partner_id": self.customer.id,
            "user_id": lead.user_id.id,
            "team_id": lead.team_id.id,
            "company_id": lead.company_id.id,
        }
        vals.update(values)
        return self.env["sales.c.card"].sudo().create(vals)

    def test_life_cycle(self):
        lead = self._card(intended_model_id=False)
        self.assertEqual(lead.card_state, "new")
        lead.intended_model_id = self.sedan
        self.assertEqual(lead.card_state, "held")
        card = self._c_card(lead)
        self.assertEqual(lead.card_state, "ordered")
        self.assertEqual(card.card_state, "ordered")
        card.delivery_date = card.date
        self.assertEqual(lead.card_state, "delivered")
        card.delivery_date = False
        self.assertEqual(lead.card_state, "ordered")
        card.sudo().active = False  # the order was cancelled
        self.assertEqual(lead.card_state, "cancelled")
        card.sudo().active = True
        self.assertEqual(lead.card_state, "ordered")

    def test_several_orders(self):
        lead = self._card()
        first = self._c_card(lead)
        first.delivery_date = first.date
        second = self._c_card(lead)
        self.assertEqual(lead.card_state, "ordered", "one car still to deliver")
        second.delivery_date = second.date
        self.assertEqual(lead.card_state, "delivered")
        first.sudo().active = False
        self.assertEqual(lead.card_state, "delivered", "the other order stays")

    def test_defeated_and_back(self):
        lead = self._card()
        lead.with_user(self.leader).action_set_lost(lost_reason_id=self.reason_price.id)
        self.assertEqual(lead.card_state, "defeated")
        lead.with_user(self.leader).action_unarchive()
        self.assertEqual(lead.card_state, "held")

    def test_won_without_order_is_ordered(self):
        lead = self._card()
        won = self.env["crm.stage"].search(
            [("process_id", "=", self.showroom.id), ("is_won", "=", True)], limit=1
        )
        self.assertTrue(won)
        lead.sudo().with_context(spm_gate_bypass_reason="Test").write({"stage_id": won.id})
        self.assertEqual(lead.card_state, "ordered")

    def test_only_showroom_opportunities(self):
        lead = self._card()
        self.assertEqual(lead.card_state, "held")
        lead.type = "lead"
        self.assertFalse(lead.card_state)
        lead.type = "opportunity"
        self.team.process_id = False
        self.assertFalse(lead.card_state, "a team that no longer follows a showroom process")
        self.team.process_id = self.showroom
        self.assertEqual(lead.card_state, "held")

    def test_filters_and_tracking(self):
        field = self.env["crm.lead"]._fields["card_state"]
        self.assertTrue(field.store)
        self.assertTrue(field.tracking)
        lead = self._card(intended_model_id=False).with_context(tracking_disable=False, mail_notrack=False)
        # a record created in the transaction is not tracked: end its creation first
        lead.env.flush_all()
        self.env.cr.precommit.run()
        lead.intended_model_id = self.sedan
        lead.env.flush_all()
        self.env.cr.precommit.run()
        tracked = lead.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "card_state"
        )
        self.assertEqual(len(tracked), 1)
        self.assertEqual(tracked.new_value_char, "Held")
        defeated = self._card()
        defeated.with_user(self.leader).action_set_lost(lost_reason_id=self.reason_price.id)
        Lead = self.env["crm.lead"].with_user(self.leader)
        self.assertIn(
            defeated, Lead.search([("card_state", "=", "defeated"), ("active", "in", [True, False])])
        )
        groups = dict(
            Lead._read_group(
                [("id", "in", (lead | defeated).ids), ("active", "in", [True, False])],
                ["card_state"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"held": 1, "defeated": 1})
