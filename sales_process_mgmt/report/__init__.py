from . import sales_checklist_report
from . import sales_daily_report
from . import sales_xlsx_export
from . import sales_appraisal_xlsx
from . import sales_forecast_report
