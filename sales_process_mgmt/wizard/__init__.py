from . import sales_stage_force_wizard

from . import sales_target_split
from . import sales_appraisal_generate
from . import sales_appraisal_reset
from . import sales_stage_transition
from . import sales_checklist_decision
from . import sales_appraisal_resolve
from . import sales_defeat_reject
