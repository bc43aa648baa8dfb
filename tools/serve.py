# Copyright 2026 sales_process_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upgrade what changed, then serve, in one Odoo process and on one registry
(``./run.sh`` on a database that exists).

    serve.py -c CONF -d DB [--log-level=...] [odoo-bin server options...]

A click-odoo command (click-odoo's ``env_options``) whose environment is
click-odoo-update's own (``OdooEnvironmentWithUpdate``, with the same options as
``click-odoo-update``): before the command runs, it compares the checksum of each
installed addon with the one it stored in the database and upgrades, in one
transaction, exactly the addons that changed (here Odoo's own addons are left out:
``--ignore-core-addons``); nothing when nothing changed. Then it opens the database's
registry for the command. The command starts Odoo's own server command on that
registry: the server is given ``--db-filter`` and no ``-d`` (``-d`` would make it
build a new registry at start, ``preload_registries`` calls ``Registry.new``), so
the requests and the cron threads use the registry the updater opened, which stays
open while the server runs. A re-run with nothing changed thus loads the registry
once, as ``odoo-bin`` alone does.
"""

import click
import click_odoo
from click_odoo_contrib.update import OdooEnvironmentWithUpdate
from click_odoo_contrib.update import main as click_odoo_update

import odoo.cli.server
import odoo.tools

# click-odoo-update's own options, which its environment reads from the command's
# parameters (click-odoo's own, -c, -d, --log-level..., come with env_options)
UPDATE_OPTIONS = (
    "i18n_overwrite",
    "update_all",
    "ignore_addons",
    "ignore_core_addons",
    "watcher_max_seconds",
    "list_only",
    "only_compute_hashes",
)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": False})
@click_odoo.env_options(
    with_rollback=False,
    with_addons_path=True,
    environment_manager=OdooEnvironmentWithUpdate,
)
@click.argument("server_args", nargs=-1, type=click.UNPROCESSED)
def main(env, server_args, **_update_options):
    """Odoo's server on the registry click-odoo-update has opened (see the module's text)."""
    # Odoo parses its options again for the server, and keeps from the first parse what
    # the server is not given: no database (a preload would build a new registry). And
    # loading the registry consumed the one-shot --load-language option (Odoo pops it
    # from its config, modules/loading.py), which the parse expects. click-odoo resets
    # both the same way before its own parse.
    odoo.tools.config["db_name"] = None
    odoo.tools.config["load_language"] = None
    odoo.cli.server.main(["-c", odoo.tools.config.rcfile, f"--db-filter=^{env.cr.dbname}$", *server_args])


main.params[:0] = [param for param in click_odoo_update.params if param.name in UPDATE_OPTIONS]


if __name__ == "__main__":
    main(prog_name="serve.py")
