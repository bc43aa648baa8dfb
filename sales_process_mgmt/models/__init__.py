
from . import res_company
from . import res_config_settings
from . import crm_lead_card
from . import sales_visit
from . import sales_c_card
from . import sales_satisfaction
from . import sale_order
from . import res_partner
from . import sales_kpi
from . import sales_target
from . import sales_appraisal_template
from . import sales_appraisal
