#!/usr/bin/env bash
# Regenerates sales_process_mgmt/i18n/sales_process_mgmt.pot from an installed
# database and merges it into zh_CN.po and zh_TW.po (tools/po_merge.py):
# existing translations are kept, new terms added, vanished ones dropped, and
# zh_TW terms still empty are pre-filled from zh_CN with OpenCC (s2twp) for review.
#   SPM_I18N_DB=name   database used for the export (default spm_i18n; rebuilt each time,
#                      because -u would keep the old texts of noupdate records)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SPM_ROOT"
DB=${SPM_I18N_DB:-spm_i18n}
find_odoo
[[ $ODOO_FOUND == 1 ]] || { explain_get_odoo; die "Odoo 18 is needed to export the terms."; }
ensure_venv full
ensure_postgres
"$VENV_PY" -c 'import opencc' 2>/dev/null || "$VENV_PY" -m pip install -q "opencc>=1.1,<2"
dropdb --if-exists "$DB"
odoo_bin -d "$DB" -i "$SPM_MODULE" --without-demo=all --stop-after-init --log-level=warn
POT=$SPM_MODULE/i18n/$SPM_MODULE.pot
odoo_bin -d "$DB" --modules="$SPM_MODULE" --i18n-export="$POT" --log-level=warn
"$VENV_PY" tools/po_merge.py "$POT" zh_CN zh_TW
