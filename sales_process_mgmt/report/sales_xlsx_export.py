from odoo import api, fields, models

# Given to /web/content: without it Odoo guesses the type from the file's first KB, which
# is not a whole zip, and logs two warnings with tracebacks on every download.
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SalesXlsxExport(models.TransientModel):
    """A generated Excel file, downloaded once.

    Both exports (daily report, appraisals) hand their workbook to this model:
    the file lives in a transient record that Odoo's vacuum removes, so exports
    leave no attachment behind on business records.
    """

    _name = "sales.xlsx.export"
    _description = "Excel Export File"

    file = fields.Binary(attachment=False, readonly=True)
    filename = fields.Char()

    @api.model
    def _download_action(self, content, filename):
        """An action that downloads ``content`` (xlsx bytes) as ``filename``."""
        export = self.create({"file": content, "filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={export.id}"
                f"&field=file&filename_field=filename&mimetype={XLSX_MIMETYPE}&download=true"
            ),
            "target": "self",
        }
