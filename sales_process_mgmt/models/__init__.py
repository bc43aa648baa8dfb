
from . import res_partner
from . import sales_kpi
from . import sales_target
from . import sales_appraisal_template
from . import sales_appraisal
