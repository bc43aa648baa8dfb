from . import test_install
from . import test_kpi
from . import test_target
from . import test_appraisal
from . import test_appraisal_export
