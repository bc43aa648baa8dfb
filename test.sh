#!/usr/bin/env bash
# Runs every test of sales_process_mgmt and ends with one line "total: N passed, N failed".
#
#  1. the static layer (no Odoo needed): manifest, data files, access CSV,
#     translations, pure scoring maths                      -> tests/static
#  2. with Odoo 18 found (ODOO_SRC, the recorded path, or an importable odoo),
#     two fresh databases with the addon installed: one with demo data (and the
#     Sales app, sale_management, as a customer has it) and one without
#     (--without-demo=all, a customer's own database), then
#       - the integration suite with pytest-odoo, on both   -> sales_process_mgmt/tests
#       - the HttpCase tours with Odoo's own runner (tag spm_tour), demo database
#       - the peer layer: Odoo's own suites of crm, sale_crm, sales_team, sale and
#         sale_management with pytest-odoo on the demo database, the addon installed
#         (deselected: tests/peer/deselect.txt, tests that fail without the addon too)
#       - install log check, upgrade (-u), uninstall and reinstall, upgrade of a
#         database made with the previous release            -> tests/lifecycle
# Without Odoo only layer 1 runs, and it says so loudly.
#   SPM_TEST_DB=name   test database with demo data (default spm_test; dropped and rebuilt);
#                      the one without demo data is SPM_TEST_DB_ND (default name_nd)
#   SPM_KEEP_DB=1      keep the existing test databases when they have the addon (faster reruns)
#   SPM_DEMO=both|demo|nodemo   which databases run the integration suite (default both)
#   SPM_WITHOUT_DEMO=1     same as SPM_DEMO=nodemo
#   SPM_SKIP_TOURS=1 / SPM_SKIP_LIFECYCLE=1 / SPM_SKIP_PEERS=1   skip those parts (local iteration only)
#   SPM_TEST_HTTP_PORT=n   port of the server the tours drive (default 8169)
# Extra arguments are passed to the integration pytest runs (e.g. -k checklist).
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"
cd "$SPM_ROOT"

DB=${SPM_TEST_DB:-spm_test}
WORK=$SPM_CACHE_DIR/test-run-$DB
mkdir -p "$WORK"
PASSED=0
FAILED=0

count_pytest() {
    # count_pytest LOGFILE EXITCODE : adds pytest's closing figures to the totals.
    local line p f e
    line=$(grep -E '^(=+ )?[0-9]+ (passed|failed|errors?|skipped)|no tests ran' "$1" | tail -n1 || true)
    p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    e=$(grep -oE '[0-9]+ errors?' <<<"$line" | grep -oE '[0-9]+' || echo 0)
    PASSED=$((PASSED + p))
    FAILED=$((FAILED + f + e))
    # A crash before any summary is a failure too.
    if [[ $2 != 0 && $2 != 5 && $((f + e)) == 0 ]]; then FAILED=$((FAILED + 1)); fi
}

LAYERS=()
layer_start() { LAYER_T0=$SECONDS; LAYER_P0=$PASSED; LAYER_F0=$FAILED; }
layer_end() {
    # layer_end NAME : remembers the layer's figures and time for the summary.
    LAYERS+=("$(printf '%-26s %4d passed, %3d failed  %5ss' "$1:" $((PASSED - LAYER_P0)) $((FAILED - LAYER_F0)) $((SECONDS - LAYER_T0)))")
}

find_odoo
if [[ $ODOO_FOUND == 1 ]]; then
    ensure_venv full
else
    ensure_venv light
fi

say "Static layer (no Odoo needed)"
layer_start
set +e
"$VENV_PY" -m pytest -p no:odoo -p no:cacheprovider -q tests/static 2>&1 | tee "$WORK/static.log"
rc=${PIPESTATUS[0]}
set -e
count_pytest "$WORK/static.log" "$rc"
layer_end "static"

if [[ $ODOO_FOUND == 0 ]]; then
    cat >&2 <<EOF

  ###########################################################################
  #  THE INTEGRATION SUITE DID NOT RUN: Odoo 18 was not found.               #
  #  Only the static layer ran. Set ODOO_SRC to an Odoo 18 source tree (or   #
  #  run ./run.sh once with it) and run ./test.sh again for the real tests.  #
  ###########################################################################

EOF
    echo "static: $PASSED passed, $FAILED failed"
    [[ $FAILED == 0 ]]
    exit
fi

record_odoo
ensure_postgres
CONF=$WORK/odoo-test.conf
write_odoo_conf "$CONF"
export PYTHONPATH=$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}
DB_ND=${SPM_TEST_DB_ND:-${DB}_nd}
DEMO_MODE=${SPM_DEMO:-both}
[[ ${SPM_WITHOUT_DEMO:-0} == 1 ]] && DEMO_MODE=nodemo
INSTALL_LOG=$WORK/install.log
# Odoo appends to its log file: start each run with fresh logs.
rm -f "$WORK"/*.log
build_db() {
    # build_db DB LOG [--without-demo=all] : a fresh database with the addon (reused with SPM_KEEP_DB=1).
    local db=$1 log=$2; shift 2
    local modules=$SPM_MODULE
    [[ $# == 0 ]] && modules="$SPM_MODULE,sale_management"  # the demo database has the Sales app
    if [[ ${SPM_KEEP_DB:-0} == 1 ]] && db_has_module "$db" "$SPM_MODULE"; then
        say "Reusing test database $db (SPM_KEEP_DB=1); updating the addon"
        odoo_bin -d "$db" -u "$SPM_MODULE" --stop-after-init --logfile="$log"
    else
        say "Building test database $db ${1:+($1) }with $modules (a few minutes)"
        dropdb --if-exists "$db"
        odoo_bin -d "$db" -i "$modules" "$@" --stop-after-init --logfile="$log" \
            || die "Installing $SPM_MODULE into $db failed; see $log"
    fi
}

# pytest-odoo's options for the integration and peer suites. pytest-odoo imports
# odoo.tests outside Odoo's test mode (--test-enable would make the run far slower), so
# Odoo logs "Importing test framework, avoid importing from business modules" with a
# stack trace at ERROR, before pytest's own --log-disable could act: Odoo's own
# --log-handler option, passed through pytest-odoo's --odoo-extra, raises that logger
# (odoo.tests.common; its other records are notices such as "freezegun package
# missing", never results) to CRITICAL.
PYTEST_ODOO=(-p no:cacheprovider -q --odoo-extra=log-handler=odoo.tests.common:CRITICAL
    -W ignore::DeprecationWarning -W ignore::PendingDeprecationWarning)

integration() {
    # integration DB LABEL [pytest args] : the addon's suite on DB.
    local db=$1 label=$2; shift 2
    say "Integration suite, $label (pytest-odoo on database $db)"
    layer_start
    set +e
    "$VENV_PY" -m pytest "${PYTEST_ODOO[@]}" --odoo-config="$CONF" --odoo-database="$db" --odoo-log-level=warn \
        "$SPM_MODULE/tests" "$@" 2>&1 | tee "$WORK/integration-$label.log"
    local rc=${PIPESTATUS[0]}
    set -e
    count_pytest "$WORK/integration-$label.log" "$rc"
    layer_end "integration ($label)"
}

if [[ $DEMO_MODE != nodemo ]]; then
    layer_start
    build_db "$DB" "$INSTALL_LOG"
    layer_end "install (demo)"
fi
if [[ $DEMO_MODE != demo ]]; then
    layer_start
    build_db "$DB_ND" "$WORK/install-nodemo.log" --without-demo=all
    layer_end "install (no demo)"
    [[ $DEMO_MODE == nodemo ]] && INSTALL_LOG=$WORK/install-nodemo.log && DB=$DB_ND
fi
export SPM_INSTALL_LOG=$INSTALL_LOG

[[ $DEMO_MODE != nodemo ]] && integration "$DB" demo "$@"
[[ $DEMO_MODE != demo ]] && integration "$DB_ND" nodemo "$@"

if [[ ${SPM_SKIP_TOURS:-0} != 1 ]] && grep -rqs "spm_tour" "$SPM_MODULE/tests"; then
    say "Browser tours (Odoo's runner, headless Chromium)"
    layer_start
    apt_install chromium
    TOUR_LOG=$WORK/tours.log
    run_tours() {
        rm -f "$TOUR_LOG"  # Odoo appends to its log file
        set +e
        odoo_bin -d "$DB" --test-enable --test-tags=spm_tour --stop-after-init \
            --http-port="${SPM_TEST_HTTP_PORT:-8169}" --logfile="$TOUR_LOG"
        rc=$?
        set -e
    }
    # Chromium's first start on a cold machine (font and profile caches) can take longer
    # than the 10 s Odoo's HttpCase waits for its devtools port, and the tour is then
    # skipped: start it once before, and run the tours again if a start still timed out.
    timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom about:blank >/dev/null 2>&1 || true
    run_tours
    if grep -q "Failed to detect chrome devtools port" "$TOUR_LOG"; then
        say "Chromium started too slowly for a tour (machine under load): running the tours once more"
        run_tours
    fi
    line=$(grep -E "tests\.result: .*failed, .*error\(s\) of [0-9]+ tests" "$TOUR_LOG" | tail -n1 || true)
    echo "tours: ${line#*tests.result: }"
    if grep -q "skipped" <<<"$(grep -iE 'skip' "$TOUR_LOG" | grep -i 'chrom\|websocket' || true)"; then
        say "Tours were skipped (browser or websocket-client missing): counted as failed"
        FAILED=$((FAILED + 1))
    elif [[ -n $line ]]; then
        f=$(sed -E 's/.*: ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' <<<"$line")
        read -r tf te tn <<<"$f"
        PASSED=$((PASSED + tn - tf - te))
        FAILED=$((FAILED + tf + te))
    elif [[ $rc != 0 ]]; then
        FAILED=$((FAILED + 1))
    fi
    layer_end "tours"
fi

if [[ ${SPM_SKIP_PEERS:-0} != 1 && $DEMO_MODE != nodemo ]]; then
    say "Peer layer: Odoo's own suites of crm, sale_crm, sales_team, sale, sale_management (database $DB)"
    layer_start
    PEER_SUITES=()
    for m in crm sale_crm sales_team sale sale_management; do
        for d in "$ODOO_SRC/odoo/addons/$m/tests" "$ODOO_SRC/addons/$m/tests"; do
            [[ -d $d ]] && PEER_SUITES+=("$d") && break
        done
    done
    # pytest-odoo imports Odoo's tests as odoo.addons.<module>.tests, so their node ids
    # do not start with the file's path and --deselect never matches them: deselect by
    # keyword instead (class and test name of each line, "path::Class::test").
    DESELECT=()
    KEYWORDS=()
    while read -r node _; do
        [[ -z $node || $node == \#* ]] && continue
        rest=${node#*::}
        KEYWORDS+=("not (${rest%%::*} and ${rest##*::})")
    done <tests/peer/deselect.txt
    if ((${#KEYWORDS[@]})); then
        expr=${KEYWORDS[0]}
        for k in "${KEYWORDS[@]:1}"; do expr+=" and $k"; done
        DESELECT=(-k "$expr")
    fi
    set +e
    "$VENV_PY" -m pytest "${PYTEST_ODOO[@]}" --odoo-config="$CONF" --odoo-database="$DB" --odoo-log-level=critical \
        "${DESELECT[@]}" "${PEER_SUITES[@]}" 2>&1 | tee "$WORK/peers.log"
    rc=${PIPESTATUS[0]}
    set -e
    count_pytest "$WORK/peers.log" "$rc"
    layer_end "peers (Odoo core suites)"
fi

if [[ ${SPM_SKIP_LIFECYCLE:-0} != 1 ]]; then
    say "Lifecycle: install log, upgrade (-u), uninstall, reinstall, upgrade from the previous release"
    layer_start
    export SPM_TEST_DB=$DB SPM_ODOO_CONF=$CONF SPM_VENV_PY=$VENV_PY
    set +e
    "$VENV_PY" -m pytest -p no:odoo -p no:cacheprovider -q tests/lifecycle 2>&1 | tee "$WORK/lifecycle.log"
    rc=${PIPESTATUS[0]}
    set -e
    count_pytest "$WORK/lifecycle.log" "$rc"
    layer_end "lifecycle"
fi

say "Layers"
printf '  %s\n' "${LAYERS[@]}" >&2
echo "total: $PASSED passed, $FAILED failed"
[[ $FAILED == 0 ]]
