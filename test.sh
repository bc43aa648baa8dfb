#!/usr/bin/env bash
# Runs every test of sales_process_mgmt and ends with one line "total: N passed, N failed".
#
#  1. the static layer (no Odoo needed): manifest, data files, access CSV,
#     translations, pure scoring maths                      -> tests/static
#  2. with Odoo 18 found (ODOO_SRC, the recorded path, or an importable odoo):
#     a fresh database with the addon installed, then
#       - the integration suite with pytest-odoo             -> sales_process_mgmt/tests
#       - the HttpCase tours with Odoo's own runner (tag spm_tour)
#       - install log check, upgrade (-u), uninstall and reinstall -> tests/lifecycle
# Without Odoo only layer 1 runs, and it says so loudly.
#   SPM_TEST_DB=name   test database (default spm_test; dropped and rebuilt)
#   SPM_KEEP_DB=1      keep the existing test database when it has the addon (faster reruns)
#   SPM_SKIP_TOURS=1 / SPM_SKIP_LIFECYCLE=1   skip those parts (local iteration only)
#   SPM_TEST_HTTP_PORT=n   port of the server the tours drive (default 8169)
#   SPM_WITHOUT_DEMO=1     build the test database without demo data (--without-demo=all)
# Extra arguments are passed to the integration pytest run (e.g. -k checklist).
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

find_odoo
if [[ $ODOO_FOUND == 1 ]]; then
    ensure_venv full
else
    ensure_venv light
fi

say "Static layer (no Odoo needed)"
set +e
"$VENV_PY" -m pytest -p no:odoo -p no:cacheprovider -q tests/static 2>&1 | tee "$WORK/static.log"
rc=${PIPESTATUS[0]}
set -e
count_pytest "$WORK/static.log" "$rc"

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
INSTALL_LOG=$WORK/install.log
# Odoo appends to its log file: start each run with fresh logs.
rm -f "$WORK"/*.log

if [[ ${SPM_KEEP_DB:-0} == 1 ]] && db_has_module "$DB" "$SPM_MODULE"; then
    say "Reusing test database $DB (SPM_KEEP_DB=1); updating the addon"
    odoo_bin -d "$DB" -u "$SPM_MODULE" --stop-after-init --logfile="$INSTALL_LOG"
else
    say "Building test database $DB: Odoo with demo data and $SPM_MODULE (a few minutes)"
    dropdb --if-exists "$DB"
    DEMO_ARGS=()
    [[ ${SPM_WITHOUT_DEMO:-0} == 1 ]] && DEMO_ARGS=(--without-demo=all)
    odoo_bin -d "$DB" -i "$SPM_MODULE" "${DEMO_ARGS[@]}" --stop-after-init --logfile="$INSTALL_LOG" \
        || die "Installing $SPM_MODULE failed; see $INSTALL_LOG"
fi
export SPM_INSTALL_LOG=$INSTALL_LOG

say "Integration suite (pytest-odoo on database $DB)"
set +e
"$VENV_PY" tools/run_pytest.py -p no:cacheprovider -q --odoo-config="$CONF" --odoo-database="$DB" \
    --odoo-log-level=warn -W ignore::DeprecationWarning -W ignore::PendingDeprecationWarning "$SPM_MODULE/tests" "$@" 2>&1 | tee "$WORK/integration.log"
rc=${PIPESTATUS[0]}
set -e
count_pytest "$WORK/integration.log" "$rc"

if [[ ${SPM_SKIP_TOURS:-0} != 1 ]] && grep -rqs "spm_tour" "$SPM_MODULE/tests"; then
    say "Browser tours (Odoo's runner, headless Chromium)"
    apt_install chromium
    TOUR_LOG=$WORK/tours.log
    set +e
    odoo_bin -d "$DB" --test-enable --test-tags=spm_tour --stop-after-init \
        --http-port="${SPM_TEST_HTTP_PORT:-8169}" --logfile="$TOUR_LOG"
    rc=$?
    set -e
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
fi

if [[ ${SPM_SKIP_LIFECYCLE:-0} != 1 ]]; then
    say "Lifecycle: install log, upgrade (-u), uninstall, reinstall"
    export SPM_TEST_DB=$DB SPM_ODOO_CONF=$CONF SPM_VENV_PY=$VENV_PY
    set +e
    "$VENV_PY" -m pytest -p no:odoo -p no:cacheprovider -q tests/lifecycle 2>&1 | tee "$WORK/lifecycle.log"
    rc=${PIPESTATUS[0]}
    set -e
    count_pytest "$WORK/lifecycle.log" "$rc"
fi

echo "total: $PASSED passed, $FAILED failed"
[[ $FAILED == 0 ]]
