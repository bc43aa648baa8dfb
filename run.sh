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

ensure_tool_venv odootools requirements-tools.txt over-full
CONF=$SPM_CACHE_DIR/run-$DB/odoo.conf
write_odoo_conf "$CONF"

if db_has_module "$DB" "$SPM_MODULE"; then
    say "Database $DB has $SPM_MODULE: upgrading it if the addon changed (drop it to start afresh: dropdb $DB)"
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
    # The checksums the next runs compare with (the database is up to date now).
    odoo_tool "$CONF" update -d "$DB" --ignore-core-addons --only-compute-hashes --log-level=warn
fi

# click-odoo-update (click-odoo-contrib) keeps a checksum of each installed addon in the
# database and upgrades, in one go, exactly the addons whose files changed since (Odoo's
# own addons left out); nothing when nothing changed. tools/serve.py runs it and then
# Odoo's server on the registry it opened, in one process: the registry is loaded once.
say "Starting Odoo on http://localhost:$PORT  (database $DB, login admin / password admin)"
TZ=UTC "$TOOL_VENV/bin/python" "$SPM_ROOT/tools/serve.py" -c "$CONF" -d "$DB" --ignore-core-addons \
    --http-port="$PORT" "$@"
