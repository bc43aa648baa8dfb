
from . import sales_appraisal_xlsx
