"The diagnostics' proving ground: the original's Fashion-MNIST CNN, its data readers and four planted bugs."
from ..core import require_extra
require_extra('fmnist', ('sklearn',))
