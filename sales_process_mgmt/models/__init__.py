from . import sales_process
from . import crm_stage
from . import sales_checklist_item
from . import sales_checklist_line
from . import sales_stage_log
from . import crm_team
from . import crm_lead
