"4D-STEM autoencoder: simulated scans with a known answer, a regularised autoencoder, embedding maps of the scan."
from ..core import require_extra
require_extra('stem', ('abtem', 'ase', 'pyxem', 'rsciio', 'emdfile', 'sklearn'))
