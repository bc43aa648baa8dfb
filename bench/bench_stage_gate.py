"""Benchmark: move 1,000 opportunities one stage on: Odoo alone, the addon without
the checklist gate, the addon with it; and where the addon's extra time goes.

Run it against a database that has sales_process_mgmt installed, with the
repository's helpers (nothing is committed: the run ends with a rollback):

    source tools/lib.sh; find_odoo; ensure_venv full; ensure_postgres
    odoo_bin shell -d spm_t_pipeline --no-http < bench/bench_stage_gate.py

(any test database with the addon will do in place of spm_t_pipeline;
SPM_BENCH_ROUNDS=7 for more rounds). It builds a four-stage process (three
required items on the first stage, one of them automatic; two items on the
second), creates three batches of 1,000 opportunities at the first stage with their
items done, then moves each batch to the second stage in one write, flushed to the
database, then runs what the transaction's commit writes for it (``cr.precommit``:
the chatter's tracking, one message and its tracking values per opportunity, as
Odoo writes them at the end of every request), and times both:

  1. Odoo alone     the addon's crm.lead.write is bypassed: Odoo's own write. The
                    addon's stored fields (checklist state, card state) are still
                    recomputed, as their dependencies are declared on the model.
  2. no gate        the addon's write without the gate check: the stage check,
                    2,000 checklist lines of the new stage, checklist state,
                    automatic items, 1,000 stage-log rows
  3. with gate      everything: the gate check and all of 2.

Checklist lines and stage-log rows are created through the ORM (one ``create`` of a
list each, after one ``_read_group`` of the existing pairs). It prints the three
times (wall clock, and the CPU time of the Odoo process beside it, which the load of
a shared machine disturbs less), their query counts, two ratios: "gate vs no gate"
(3 / 2, the cost of the check itself; target 1.1x) and "addon vs Odoo alone"
(3 / 1, the whole addon; target 1.5x), and the breakdown of move 3: the gate check,
creating the checklist lines, creating the log rows, and the rest (the stage check,
Odoo's write, the flush, the commit's tracking); and the two times and the ratio up
to the flush, before the commit's tracking (the measure of the previous releases,
in which Odoo's own cost is small: its tracking, most of a real move's time, is left
out); beside it, the floor of that measure: Odoo alone plus the ORM creating as many
rows (3,000) of one of Odoo's lightest models, crm.tag, in one create, which no move
that creates its lines and log rows through the ORM can go below. Times vary with the machine's load: each run makes
ROUNDS rounds of the three moves, one after the other in an order that rotates from
round to round (the load weighs on the three alike), each from a garbage-collected
heap (a full collection costs tens of milliseconds and comes in whichever move
happens to fill the heap), and prints the medians of the times and of each round's
ratios.

Query counts up to the flush are the same for any batch size up to Odoo's own
chunking (the commit's tracking then takes Odoo's own few queries per opportunity): the ORM
inserts 100 rows per INSERT (the 2,000 lines take 20, the 1,000 log rows 10) and
Odoo's write updates the leads in chunks too; tests/test_perf_pipeline.py pins the
counts for 5 and 50 opportunities.
"""

import gc
import os
import statistics
import time

from odoo.addons.sales_process_mgmt.models.crm_lead import CrmLead as SpmLead

N = 1000
# rounds of the three moves (SPM_BENCH_ROUNDS=7 odoo-bin shell ... for more)
ROUNDS = int(os.environ.get("SPM_BENCH_ROUNDS", "5"))


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
    # what the creation's commit would write (the chatter's tracking), before the timing
    env.cr.precommit.run()
    env.flush_all()
    env.invalidate_all()
    return leads


QUERIES = {}
# (wall, cpu) of each move up to its flush, before what its commit writes: {label: [..]}
FLUSHED = {"odoo": [], "nogate": [], "gate": []}
# (wall, cpu) of the ORM creating 3,000 rows of crm.tag, once a round
FLOOR = []
# the parts of move 3 timed apart: {part: [(wall, cpu) per round]}
PARTS = {"gate": [], "lines": [], "log": []}
_PART_METHODS = {"gate": "_spm_check_gate", "lines": "_spm_sync_checklist_lines", "log": "_spm_log_moves"}


def _clocks():
    return time.perf_counter(), time.process_time()


def _timer(method, acc):
    """``method`` adding its wall and CPU time to ``acc``."""

    def timed(self, *args, **kwargs):
        wall, cpu = _clocks()
        try:
            return method(self, *args, **kwargs)
        finally:
            acc[0] += time.perf_counter() - wall
            acc[1] += time.process_time() - cpu

    return timed


def _timed_move(env, leads, stage, label=None, parts=False):
    """(wall, cpu) seconds of one write of the stage, flushed, and of what its commit
    writes (``cr.precommit``: the chatter's tracking of the stage and of the addon's
    tracked fields, as mail messages and tracking values); the time up to the flush
    alone goes to FLUSHED."""
    spent = {}
    Lead = type(env["crm.lead"])
    if parts:
        for part, method in _PART_METHODS.items():
            spent[part] = [0.0, 0.0]
            setattr(Lead, method, _timer(getattr(Lead, method), spent[part]))
    # A full garbage collection comes when the heap has grown by a quarter, in whichever
    # move it happens to be: start each move from a collected heap.
    gc.collect()
    queries = env.cr.sql_log_count
    wall, cpu = _clocks()
    try:
        leads.write({"stage_id": stage.id})
        env.flush_all()
        flushed = time.perf_counter() - wall, time.process_time() - cpu
        flushed_queries = env.cr.sql_log_count - queries
        env.cr.precommit.run()
        env.flush_all()
    finally:
        for method in _PART_METHODS.values() if parts else ():
            delattr(Lead, method)
    elapsed = time.perf_counter() - wall, time.process_time() - cpu
    if label:
        FLUSHED[label].append(flushed)
    if label:
        QUERIES[label] = (flushed_queries, env.cr.sql_log_count - queries)
    for part, acc in spent.items():
        PARTS[part].append(tuple(acc))
    assert set(leads.mapped("stage_id.id")) == {stage.id}
    return elapsed


def _round(env, stages, team, number):
    """One move of each kind, on fresh batches, one after the other."""
    Lead = type(env["crm.lead"])
    labels = ("odoo", "nogate", "gate")
    batches = {label: _batch(env, team, "%s %s" % (label, number)) for label in labels}

    def odoo_write(self, vals):
        return super(SpmLead, self).write(vals)

    def move(label):
        if label == "odoo":
            Lead.write = odoo_write
            try:
                return _timed_move(env, batches[label], stages[1], label)
            finally:
                del Lead.write
        if label == "nogate":
            Lead._spm_check_gate = lambda self, moves: {}
            try:
                return _timed_move(env, batches[label], stages[1], label)
            finally:
                del Lead._spm_check_gate
        return _timed_move(env, batches[label], stages[1], label, parts=True)

    # the order rotates from round to round: none of the three always runs first
    order = labels[number % 3 :] + labels[: number % 3]
    results = {label: move(label) for label in order}
    # The floor: the ORM creating as many rows as the move adds (2,000 checklist lines and
    # 1,000 log rows) for one of Odoo's lightest models, crm.tag (a name and a colour),
    # in one create, flushed.
    gc.collect()
    wall, cpu = _clocks()
    env["crm.tag"].create([{"name": "bench floor %s %s" % (number, i)} for i in range(3 * N)])
    env.flush_all()
    FLOOR.append((time.perf_counter() - wall, time.process_time() - cpu))
    return results, batches


def run(env, rounds=ROUNDS):
    stages, team = _setup(env)
    # Rounds of the three moves: on a shared machine the load weighs on the three alike
    # within a round; the medians of the times and of each round's ratios are printed.
    per_round = []
    for number in range(rounds):
        round_results, batches = _round(env, stages, team, number)
        per_round.append(round_results)
    labels = ("odoo", "nogate", "gate")

    def median(values):
        return statistics.median(values)

    wall = {label: median(r[label][0] for r in per_round) for label in labels}
    cpu = {label: median(r[label][1] for r in per_round) for label in labels}
    whole = median(r["gate"][0] / r["odoo"][0] for r in per_round)
    whole_cpu = median(r["gate"][1] / r["odoo"][1] for r in per_round)
    gate_ratio = median(r["gate"][0] / r["nogate"][0] for r in per_round)
    gate_ratio_cpu = median(r["gate"][1] / r["nogate"][1] for r in per_round)

    # The gate still refuses: a fresh lead cannot skip to the third stage.
    refused = False
    try:
        with env.cr.savepoint():
            batches["gate"][:10].write({"stage_id": stages[2].id})
    except Exception:
        refused = True

    print(
        "Moving %d opportunities one stage on (one write, flushed, and what its commit writes),"
        " median of %d rounds:" % (N, rounds)
    )
    print("                                       wall      CPU of the Odoo process")
    print("  Odoo alone (addon's write bypassed): %.3f s   %.3f s" % (wall["odoo"], cpu["odoo"]))
    print("  addon without the gate check:        %.3f s   %.3f s" % (wall["nogate"], cpu["nogate"]))
    print("  addon with the gate:                 %.3f s   %.3f s" % (wall["gate"], cpu["gate"]))
    print(
        "  gate vs no gate (with / without):    %.2fx     %.2fx (target 1.1x)" % (gate_ratio, gate_ratio_cpu)
    )
    print("  addon vs Odoo alone (with gate / Odoo alone): %.2fx  %.2fx (target 1.5x)" % (whole, whole_cpu))
    print(
        "  rounds (Odoo alone / no gate / gate, wall s): %s"
        % ", ".join("%.3f/%.3f/%.3f" % tuple(r[label][0] for label in labels) for r in per_round)
    )
    print(
        "  queries up to the flush (and with the commit's tracking): Odoo alone %s (%s),"
        " without the gate %s (%s), with it %s (%s)"
        % (*QUERIES["odoo"], *QUERIES["nogate"], *QUERIES["gate"])
    )
    flushed = {label: [median(f[clock] for f in FLUSHED[label]) for clock in (0, 1)] for label in labels}
    print(
        "  up to the flush, before the commit's tracking: Odoo alone %.3f / %.3f s, with gate %.3f / %.3f s:"
        " %.2fx / %.2fx"
        % (
            *flushed["odoo"],
            *flushed["gate"],
            *(
                median(FLUSHED["gate"][i][clock] / FLUSHED["odoo"][i][clock] for i in range(rounds))
                for clock in (0, 1)
            ),
        )
    )
    print(
        "  the floor up to the flush: Odoo alone plus the ORM creating 3,000 rows (as many as the"
        " lines and log rows) of one of Odoo's lightest models (crm.tag, one create): %.3f / %.3f s"
        " for the rows, %.2fx / %.2fx of Odoo alone"
        % (
            *(median(f[clock] for f in FLOOR) for clock in (0, 1)),
            *(
                median(
                    (FLUSHED["odoo"][i][clock] + FLOOR[i][clock]) / FLUSHED["odoo"][i][clock]
                    for i in range(rounds)
                )
                for clock in (0, 1)
            ),
        )
    )
    parts = {
        part: (median(w for w, _c in values), median(c for _w, c in values)) for part, values in PARTS.items()
    }
    rest = tuple(
        median(
            r["gate"][clock] - sum(PARTS[part][number][clock] for part in PARTS)
            for number, r in enumerate(per_round)
        )
        for clock in (0, 1)
    )
    print(
        "  where move 3 spends its time (medians, wall / CPU; Odoo alone takes %.3f / %.3f s):"
        % (wall["odoo"], cpu["odoo"])
    )
    print("    gate check:                      %.3f / %.3f s" % parts["gate"])
    print("    2,000 checklist lines (create):  %.3f / %.3f s" % parts["lines"])
    print("    1,000 stage-log rows (create):   %.3f / %.3f s" % parts["log"])
    print("    the rest (Odoo's write, flush, the commit's tracking): %.3f / %.3f s" % rest)
    print("  gate refuses a skip with open items: %s" % refused)
    return wall


if __name__ in ("__main__", "builtins") and "env" in globals():  # odoo-bin shell
    try:
        run(env)  # noqa: F821 - provided by odoo-bin shell
    finally:
        env.cr.rollback()  # noqa: F821
