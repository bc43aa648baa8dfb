from . import test_install
from . import test_pipeline
from . import test_pipeline_tour
