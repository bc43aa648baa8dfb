#!/usr/bin/env bash
# Sets up whatever is missing (PostgreSQL and a role of its own, a virtual
# environment with Odoo 18's pinned dependencies), creates a database with demo
# data and sales_process_mgmt installed, then starts Odoo at http://localhost:8069.
# Re-running reuses everything that exists. Extra arguments go to odoo-bin.
#   SPM_DB=name       database (default sales_process_mgmt)
#   SPM_HTTP_PORT=n   port (default 8069)
#   ODOO_SRC=path     an Odoo 18 source tree (remembered for later runs)
source "$(dirname "${BASH_SOURCE[0]}")/tools/lib.sh"

DB=${SPM_DB:-sales_process_mgmt}
PORT=${SPM_HTTP_PORT:-8069}

find_odoo
if [[ $ODOO_FOUND == 0 ]]; then
    explain_get_odoo
    die "Odoo 18 not found: set ODOO_SRC to an Odoo 18 source tree and run ./run.sh again."
fi
record_odoo
say "Odoo 18 found at $ODOO_SRC (recorded in $SPM_CONF_DIR/odoo_src)"
ensure_venv full
ensure_postgres

# A fingerprint of the addon's files: when they changed since the last run, the
# database is upgraded (-u) before Odoo starts, so new fields and data are there.
CODE_HASH=$(cd "$SPM_ROOT" && find "$SPM_MODULE" -type f \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.js' \) -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
HASH_FILE=$SPM_CACHE_DIR/db-$DB.code
mkdir -p "$SPM_CACHE_DIR"
if db_has_module "$DB" "$SPM_MODULE"; then
    if [[ $(cat "$HASH_FILE" 2>/dev/null) != "$CODE_HASH" ]]; then
        say "The addon changed since database $DB was last updated: upgrading it (-u)"
        odoo_bin -d "$DB" -u "$SPM_MODULE" --stop-after-init --log-level=warn
    else
        say "Database $DB already has $SPM_MODULE; reusing it (drop it to start afresh: dropdb $DB)"
    fi
else
    say "Creating database $DB with demo data, $SPM_MODULE and the Chinese languages (a few minutes)"
    odoo_bin -d "$DB" -i "$SPM_MODULE" --stop-after-init --log-level=warn
    # Languages in a second step, from a shell on the full registry: --load-language
    # at creation would make zh_CN the database's default language and leave English
    # inactive, and on an existing database it runs before the modules' models are
    # loaded, so records of other models than base's would keep English only.
    odoo_bin shell -d "$DB" --no-http --log-level=warn <<'PY'
langs = env["res.lang"].with_context(active_test=False).search([("code", "in", ["zh_CN", "zh_TW"])])
env["base.language.install"].create({"lang_ids": [(6, 0, langs.ids)]}).lang_install()
env.cr.commit()
PY
fi
printf '%s\n' "$CODE_HASH" >"$HASH_FILE"

say "Starting Odoo on http://localhost:$PORT  (database $DB, login admin / password admin)"
odoo_bin -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@"
