from . import sales_stage_force_wizard
