#!/usr/bin/env bash
# Regenerates sales_process_mgmt/i18n/sales_process_mgmt.pot and merges it into
# zh_CN.po and zh_TW.po with click-odoo-makepot (click-odoo-contrib; msgmerge keeps
# the existing translations, adds the new terms empty and drops the vanished ones),
# then pre-fills the zh_TW terms still empty from zh_CN with OpenCC (s2twp) for
# review (tools/po_fill.py --opencc).
#   SPM_I18N_DB=name   database used for the export (default spm_i18n; rebuilt each time
#                      without demo data, because -u would keep the old texts of noupdate records)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SPM_ROOT"
DB=${SPM_I18N_DB:-spm_i18n}
find_odoo
[[ $ODOO_FOUND == 1 ]] || { explain_get_odoo; die "Odoo 18 is needed to export the terms."; }
ensure_venv full
ensure_tool_venv odootools requirements-tools.txt over-full
ensure_postgres
apt_install gettext  # msgmerge and msgattrib, run by click-odoo-makepot
CONF=$SPM_CACHE_DIR/i18n-$DB/odoo.conf
write_odoo_conf "$CONF"
dropdb --if-exists "$DB"
odoo_bin -d "$DB" -i "$SPM_MODULE" --without-demo=all --stop-after-init --log-level=warn
odoo_tool "$CONF" makepot -d "$DB" --addons-dir="$SPM_ROOT" --modules="$SPM_MODULE" \
    --msgmerge --no-fuzzy-matching --purge-old-translations --log-level=warn
# msgmerge --update leaves a backup of each .po it changed (zh_CN.po~): not ours to keep.
rm -f "$SPM_ROOT/$SPM_MODULE"/i18n/*.po~
"$TOOL_VENV/bin/python" tools/po_fill.py --opencc
