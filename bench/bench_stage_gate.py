"""Benchmark: move 1,000 opportunities one stage on: Odoo alone, the addon without
the checklist gate, the addon with it.

Run it against a database that has sales_process_mgmt installed, with the
repository's helpers (nothing is committed: the run ends with a rollback):

    source tools/lib.sh; find_odoo; ensure_venv full; ensure_postgres
    odoo_bin shell -d spm_t_pipeline --no-http < bench/bench_stage_gate.py

(any test database with the addon will do in place of spm_t_pipeline). It builds a
four-stage process (three required items on the first stage, one of them automatic;
two items on the second), creates three batches of 1,000 opportunities at the first
stage with their items done, then moves each batch to the second stage in one write,
flushed to the database:

  1. Odoo alone     the addon's crm.lead.write is bypassed: Odoo's own write. The
                    addon's stored fields (checklist state) are still recomputed, as
                    their dependencies are declared on the model.
  2. no gate        the addon's write without the gate check: checklist lines,
                    checklist state, automatic items, stage log
  3. with gate      everything: gate and all of 2.

Checklist lines and stage-log rows are created through the ORM (one ``create`` of a
list each, after one ``_read_group`` of the existing pairs). It prints the three
times, their query counts and two ratios: "gate vs no gate" (3 / 2, the cost of the
check itself) and "addon vs Odoo alone" (3 / 1, the whole addon; the target is 1.5x
or better). Chatter tracking stays on, as in use. Times vary with the machine's
load: each run makes ROUNDS rounds of the three moves (one after the other, so that
the load weighs on the three alike) and prints the medians.
"""

import os
import statistics
import time

from odoo.addons.sales_process_mgmt.models.crm_lead import CrmLead as SpmLead

N = 1000
# rounds of the three moves (SPM_BENCH_ROUNDS=5 odoo-bin shell ... for more)
ROUNDS = int(os.environ.get("SPM_BENCH_ROUNDS", "3"))


def _setup(env):
    process = env["sales.process"].create({"name": "Bench process"})
    stages = env["crm.stage"].create(
        [{"name": "Bench %s" % i, "sequence": i, "process_id": process.id} for i in range(1, 5)]
    )
    env["sales.checklist.item"].create(
        [
            {"stage_id": stages[0].id, "name": "Bench greeting"},
            {"stage_id": stages[0].id, "name": "Bench needs"},
            {
                "stage_id": stages[0].id,
                "name": "Bench phone",
                "item_type": "auto",
                "auto_domain": "[('phone', '!=', False)]",
            },
            {"stage_id": stages[1].id, "name": "Bench walk-around"},
            {"stage_id": stages[1].id, "name": "Bench approval", "item_type": "approval"},
        ]
    )
    team = env["crm.team"].create({"name": "Bench team", "process_id": process.id})
    return stages, team


def _batch(env, team, label):
    leads = env["crm.lead"].create(
        [
            {
                "name": "%s %s" % (label, i),
                "type": "opportunity",
                "team_id": team.id,
                "phone": "+86 138 0000 %04d" % i,
            }
            for i in range(N)
        ]
    )
    leads._spm_complete_current_stage()
    env.flush_all()
    env.invalidate_all()
    return leads


QUERIES = {}


def _timed_move(env, leads, stage, label=None):
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    leads.write({"stage_id": stage.id})
    env.flush_all()
    elapsed = time.perf_counter() - start
    if label:
        QUERIES[label] = env.cr.sql_log_count - queries
    assert set(leads.mapped("stage_id.id")) == {stage.id}
    return elapsed


def _round(env, stages, team, number):
    """One move of each kind, on fresh batches, one after the other."""
    Lead = type(env["crm.lead"])
    batches = {label: _batch(env, team, "%s %s" % (label, number)) for label in ("odoo", "nogate", "gate")}

    def odoo_write(self, vals):
        return super(SpmLead, self).write(vals)

    results = {}
    Lead.write = odoo_write
    try:
        results["odoo"] = _timed_move(env, batches["odoo"], stages[1], "odoo")
    finally:
        del Lead.write
    Lead._spm_check_gate = lambda self, moves: {}
    try:
        results["nogate"] = _timed_move(env, batches["nogate"], stages[1], "nogate")
    finally:
        del Lead._spm_check_gate
    results["gate"] = _timed_move(env, batches["gate"], stages[1], "gate")
    return results, batches


def run(env, rounds=ROUNDS):
    stages, team = _setup(env)
    # Rounds of the three moves: on a shared machine the load weighs on the three alike
    # within a round; the medians of the times and of each round's ratios are printed.
    per_round = []
    for number in range(rounds):
        round_results, batches = _round(env, stages, team, number)
        per_round.append(round_results)
    results = {label: statistics.median(r[label] for r in per_round) for label in ("odoo", "nogate", "gate")}
    whole = statistics.median(r["gate"] / r["odoo"] for r in per_round)
    gate_ratio = statistics.median(r["gate"] / r["nogate"] for r in per_round)

    # The gate still refuses: a fresh lead cannot skip to the third stage.
    refused = False
    try:
        with env.cr.savepoint():
            batches["gate"][:10].write({"stage_id": stages[2].id})
    except Exception:
        refused = True

    print("Moving %d opportunities one stage on (one write, flushed), median of %d rounds:" % (N, rounds))
    print("  Odoo alone (addon's write bypassed): %.3f s" % results["odoo"])
    print("  addon without the gate check:        %.3f s" % results["nogate"])
    print("  addon with the gate:                 %.3f s" % results["gate"])
    print("  gate vs no gate (with / without):    %.2fx" % gate_ratio)
    print("  addon vs Odoo alone (with gate / Odoo alone): %.2fx (target 1.5x or better)" % whole)
    print(
        "  rounds (Odoo alone / no gate / gate, s): %s"
        % ", ".join("%(odoo).3f/%(nogate).3f/%(gate).3f" % r for r in per_round)
    )
    print("  queries: Odoo alone %(odoo)s, without the gate %(nogate)s, with it %(gate)s" % QUERIES)
    print("  gate refuses a skip with open items: %s" % refused)
    return results


if __name__ in ("__main__", "builtins") and "env" in globals():  # odoo-bin shell
    try:
        run(env)  # noqa: F821 - provided by odoo-bin shell
    finally:
        env.cr.rollback()  # noqa: F821
