# Copyright 2026 sales_process_mgmt contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Upgrade what changed, then serve, in one Odoo process (``./run.sh`` on a database
that exists).

    serve.py CONF DB [odoo-bin server options...]

1. ``click-odoo-update`` (click-odoo-contrib) compares the checksum of each installed
   addon with the one it stored in the database and upgrades, in one transaction,
   exactly the addons that changed (Odoo's own addons left out); nothing when nothing
   changed. It is called through its click command, as its console script calls it.
2. Odoo's own server command then starts on DB, in the same process. click-odoo
   drops the registry it loaded when it is done, so the server builds DB's registry
   again, but from code this process has already imported and set up: well under a
   second, where a second process (``click-odoo-update``, then ``odoo-bin``) spends
   its start-up and a whole registry load again (about 4 s).
"""

import sys

from click_odoo_contrib.update import main as click_odoo_update

import odoo.cli.server
import odoo.tools


def main(argv):
    conf, db, *server_args = argv
    # The server's options that the updater also takes (where to log, and how much):
    # Odoo sets logging up once per process, on the first parse of its options.
    log_args = []
    for i, arg in enumerate(server_args):
        if arg.startswith(("--log-level", "--logfile")):
            log_args.append(arg)
            if "=" not in arg and i + 1 < len(server_args):
                log_args.append(server_args[i + 1])
    click_odoo_update.main(
        ["-c", conf, "-d", db, "--ignore-core-addons", *log_args],
        prog_name="click-odoo-update",
        standalone_mode=False,
    )
    # Loading the registry consumed the one-shot --load-language option (Odoo pops it
    # from its config, modules/loading.py); parsing the options again expects the key.
    odoo.tools.config.options.setdefault("load_language", None)
    odoo.cli.server.main(["-c", conf, "-d", db, f"--db-filter=^{db}$", *server_args])


if __name__ == "__main__":
    main(sys.argv[1:])
