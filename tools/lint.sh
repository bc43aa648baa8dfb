#!/usr/bin/env bash
# Lints the repository with the Odoo community's kept tools, pinned in
# requirements-lint.txt (the versions .pre-commit-config.yaml pins too) and installed
# into a venv of their own on first use:
#   ruff check, ruff format --check, pylint-odoo (OCA's mandatory set, then the
#   mandatory and optional sets), oca-checks-odoo-module and oca-checks-po.
# Ends with "lint: N findings" and fails unless N is 0.
#   tools/lint.sh          check
#   tools/lint.sh --fix    let ruff and oca-checks-odoo-module fix what they can first
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SPM_ROOT"
ensure_tool_venv lint requirements-lint.txt
BIN=$TOOL_VENV/bin
PO_FILES=("$SPM_MODULE"/i18n/*.po "$SPM_MODULE"/i18n/*.pot)
TOTAL=0
FAILED_TOOLS=()

if [[ ${1:-} == --fix ]]; then
    "$BIN/ruff" check --fix . || true
    "$BIN/ruff" format .
    "$BIN/oca-checks-odoo-module" --fix --no-verbose "$SPM_MODULE" >/dev/null || true
fi

run() {
    # run LABEL PATTERN CMD... : runs a linter, counts its findings (output lines matching PATTERN).
    local label=$1 pattern=$2 out rc n
    shift 2
    set +e
    out=$("$@" 2>&1)
    rc=$?
    set -e
    n=$(grep -cE "$pattern" <<<"$out" || true)
    if ((n > 0)) || ((rc != 0)); then
        printf '%s\n' "$out"
        ((n > 0)) || n=1  # a failure without a finding line (a crash) counts as one
        FAILED_TOOLS+=("$label")
    fi
    printf '  %-34s %4d findings\n' "$label" "$n" >&2
    TOTAL=$((TOTAL + n))
}

say "Linters ($TOOL_VENV)"
run "ruff check" '^[^ ]+:[0-9]+:[0-9]+: ' "$BIN/ruff" check --output-format=concise --no-cache .
run "ruff format --check" '^(unformatted: |Would reformat)' "$BIN/ruff" format --check --no-cache .
run "pylint-odoo (mandatory)" '^[^ ]+:[0-9]+: \[' "$BIN/pylint" --rcfile=.pylintrc-mandatory "$SPM_MODULE"
run "pylint-odoo (mandatory+optional)" '^[^ ]+:[0-9]+: \[' "$BIN/pylint" --rcfile=.pylintrc "$SPM_MODULE"
run "oca-checks-odoo-module" '^[^ ]+:[0-9]+: [a-z0-9-]+ ' "$BIN/oca-checks-odoo-module" "$SPM_MODULE"
run "oca-checks-po" '^[^ ]+:[0-9]+: [a-z0-9-]+ ' "$BIN/oca-checks-po" --disable=po-pretty-format "${PO_FILES[@]}"

# pre-commit must run the versions this script runs.
for pin in $(grep -E '^[a-z0-9-]+==' requirements-lint.txt); do
    if ! grep -qF -- "- $pin" .pre-commit-config.yaml; then
        say "requirements-lint.txt pins $pin but .pre-commit-config.yaml does not: align them"
        TOTAL=$((TOTAL + 1))
        FAILED_TOOLS+=("pins")
    fi
done

if ((TOTAL == 0)); then
    echo "lint: 0 findings"
else
    echo "lint: $TOTAL findings (${FAILED_TOOLS[*]}); tools/lint.sh --fix fixes the mechanical ones"
    exit 1
fi
