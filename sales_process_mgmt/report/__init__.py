from . import sales_checklist_report
