"Debug before you scale: the nine training checks for any PyTorch model and loader, as functions and a callback."
# Written by hand; the modules are exported from nbs/05_diagnose.ipynb and nbs/05a-05e_diagnose.*.ipynb, one per
# moment of a training. Every public name is re-exported: `from physml.diagnose import diagnose, ...` keeps working.
from .base import *  # CheckResult, split_batch, infer_task, kaiming_init: what every check shares
from .checks import *  # before training: inspect_inputs, human_baseline_grid, loss_at_init, overfit_one_batch, ...
from .trackers import *  # during training: BatchLossTracker, PredictionDynamicsTracker
from .metrics import *  # after training: classification_metrics, compare_train_test, most_confident_errors
from .report import *  # diagnose, DiagnosisReport and the check lists
from .callback import *  # DiagnosticsCallback (Lightning)
