
from . import res_company
from . import res_config_settings
from . import crm_lead_card
from . import sales_visit
from . import sales_c_card
from . import sales_satisfaction
from . import sale_order
