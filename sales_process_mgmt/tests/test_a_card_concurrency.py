# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

THREADS = 6
NUMBER = "+86 138 0013 8999"


@tagged("post_install", "-at_install")
class TestACardConcurrency(TransactionCase):
    """Several users save an A card with the same number at the same moment, each in
    their own transaction: exactly one card survives (the database decides).

    The threads commit for real: everything they create is removed in cleanup.
    """

    # The transactions must really commit: that is what this test is about.
    def _run(self, fn):
        with self.registry.cursor() as cr:
            result = fn(api.Environment(cr, SUPERUSER_ID, {}))
            cr.commit()  # pylint: disable=invalid-commit
            return result

    def setUp(self):
        super().setUp()
        self.product_id = self._run(
            lambda env: env["product.template"].create({"name": "SPM concurrency model", "sale_ok": True}).id
        )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        def clean(env):
            leads = (
                env["crm.lead"]
                .with_context(active_test=False)
                .search([("intended_model_id", "=", self.product_id)])
            )
            leads.unlink()
            env["product.template"].browse(self.product_id).unlink()

        self._run(clean)

    def test_concurrent_cards_same_number_one_survives(self):
        barrier = threading.Barrier(THREADS)
        outcome = []

        def worker(i):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    company = env.ref("base.main_company")
                    # read something first: the transaction's snapshot is taken before the others commit
                    env["crm.lead"].search_count([])
                    barrier.wait(timeout=30)
                    env["crm.lead"].create(
                        {
                            "name": f"Concurrent {i}",
                            "type": "opportunity",
                            "contact_name": f"Racer {i}",
                            "phone": NUMBER if i % 2 else False,
                            "mobile": False if i % 2 else NUMBER,
                            "intended_model_id": self.product_id,
                            "company_id": company.id,
                        }
                    )
                    env.flush_all()
                    cr.commit()  # pylint: disable=invalid-commit
                    outcome.append("ok")
            except Exception as error:  # the refusals are what we count
                outcome.append(type(error).__name__)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(outcome.count("ok"), 1, outcome)
        self.assertEqual(len(outcome), THREADS, outcome)
        self.assertTrue(set(outcome) <= {"ok", "ValidationError", "RedirectWarning"}, outcome)
        held = self._run(
            lambda env: env["crm.lead"].search_count(
                [("intended_model_id", "=", self.product_id), ("is_a_card_held", "=", True)]
            )
        )
        self.assertEqual(held, 1)
