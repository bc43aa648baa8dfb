"""Run pytest for the integration suite, minus one misleading log line.

pytest-odoo imports ``odoo.tests`` outside Odoo's own test mode, so Odoo logs
"Importing test framework ... avoid importing from business modules" with a
stack trace at ERROR level. Turning on test mode (--test-enable) silences it
but makes the run some 40 times slower here, so this filter drops exactly that
record and nothing else.
"""

import logging
import sys

import pytest


class _DropTestFrameworkImportNotice(logging.Filter):
    def filter(self, record):
        return not (record.name == "odoo.tests.common" and "Importing test framework" in str(record.msg))


# Odoo installs its log handlers later, while pytest-odoo starts it: filter each one.
_original_add = logging.Logger.addHandler


def _add_handler(self, handler):
    handler.addFilter(_DropTestFrameworkImportNotice())
    _original_add(self, handler)


logging.Logger.addHandler = _add_handler

if __name__ == "__main__":
    sys.exit(pytest.main(sys.argv[1:]))
