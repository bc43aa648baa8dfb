#!/usr/bin/env bash
# Lints the repository: ruff (code and import order) and pylint-odoo's
# mandatory checks. Installs the linters into a small venv on first use.
#   tools/lint.sh          check
#   tools/lint.sh --fix    let ruff fix what it can first
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SPM_ROOT"
LINT_VENV=$SPM_CACHE_DIR/venv-lint-$(sha1sum requirements-lint.txt | cut -c1-12)
if [[ ! -f $LINT_VENV/.complete ]]; then
    say "Creating lint environment $LINT_VENV"
    "$SPM_PY" -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q -r requirements-lint.txt 2> >(grep -v "is ignored: it is neither" >&2)
    touch "$LINT_VENV/.complete"
fi
rc=0
if [[ ${1:-} == --fix ]]; then
    "$LINT_VENV/bin/ruff" check --fix . || true
    "$LINT_VENV/bin/ruff" format sales_process_mgmt tests tools bench 2>/dev/null || true
fi
say "ruff"
"$LINT_VENV/bin/ruff" check . || rc=1
say "pylint-odoo (mandatory checks)"
"$LINT_VENV/bin/pylint" --rcfile=.pylintrc-mandatory sales_process_mgmt || rc=1
((rc == 0)) && say "lint: clean"
exit $rc
