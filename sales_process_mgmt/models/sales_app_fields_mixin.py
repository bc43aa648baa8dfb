# Copyright 2026 sales_process_mgmt developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import AccessError
from odoo.tools import format_list


class SalesAppFieldsMixin(models.AbstractModel):
    """Fields the application computes or owns are written by the application only.

    A model lists them in ``_spm_app_fields`` and calls ``_spm_check_app_fields``
    at the top of its ``create`` and ``write`` (before any override adds keys of
    its own, as crm.lead's write adds ``date_last_stage_update``). Readonly in a
    view is not enough: an RPC client writes any stored field. Superuser code
    (the application itself) always passes; ``_spm_app_fields_admin`` lets sales
    administrators correct them too (imports of older records): True for all of
    them, or the set of the names they may correct (the others stay the
    application's alone, for every role).
    """

    _name = "sales.app.fields.mixin"
    _description = "Fields Written by the Application"

    # Field names only the application writes; set by each model.
    _spm_app_fields = frozenset()
    # True when sales administrators may correct those fields, or a frozenset of the
    # names among them that they may correct.
    _spm_app_fields_admin = False

    def _spm_check_app_fields(self, vals_list):
        """Refuse the application's fields in ``vals_list`` (a dict or a list of dicts)."""
        if self.env.su or not self._spm_app_fields:
            return
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        fnames = {fname for vals in vals_list for fname in vals if fname in self._spm_app_fields}
        if not fnames:
            return
        admin = self._spm_app_fields_admin
        admin_fields = self._spm_app_fields if admin is True else frozenset(admin or ())
        if fnames <= admin_fields and self.env.user.has_group("sales_team.group_sale_manager"):
            return
        labels = format_list(
            self.env, [self._fields[fname]._description_string(self.env) for fname in sorted(fnames)]
        )
        raise AccessError(self._spm_app_fields_message(labels))

    def _spm_without_app_defaults(self):
        """``self`` without ``default_`` context keys of the application's fields (a
        context sent over RPC must not set what a value may not): a model calls
        ``super(Model, self._spm_without_app_defaults()).create(vals_list)``."""
        if self.env.su:
            return self
        ctx = {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[8:] in self._spm_app_fields)
        }
        return self.with_env(self.env(context=ctx))

    def _spm_app_fields_message(self, labels):
        """The refusal, naming the fields; models add what the user should do instead."""
        if self._spm_app_fields_admin is True:
            return self.env._(
                "These fields are set by the application: %(fields)s. Only a sales "
                "administrator can correct them.",
                fields=labels,
            )
        return self.env._("These fields are set by the application: %(fields)s.", fields=labels)
