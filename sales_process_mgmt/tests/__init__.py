from . import test_install
from . import test_pipeline
from . import test_pipeline_tour
from . import test_a_card
from . import test_visit
from . import test_c_card
from . import test_daily_report
