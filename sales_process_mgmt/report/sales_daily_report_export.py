from odoo import fields, models


class SalesDailyReportExport(models.TransientModel):
    _name = "sales.daily.report.export"
    _description = "Daily Report Excel File"

    file = fields.Binary(attachment=False, readonly=True)
    filename = fields.Char()
