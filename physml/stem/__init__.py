"4D-STEM autoencoder: simulated scans with a known answer, a regularised autoencoder, embedding maps of the scan."
from ..core import require_extra

require_extra('stem', ('abtem', 'ase', 'rsciio', 'emdfile', 'sklearn'))   # pyxem: optional, for `pyxem_scan` only

_PUBLIC = ('m3_l1', 'm3_similarity', 'm3_divergence', 'divergence', 'similarity')   # the regularisers, published form


def __getattr__(name):
    "`physml.stem.m3_l1` etc. from `physml.stem.model`, imported on first use (keeps `physml --help` free of torch)."
    if name in _PUBLIC:
        from . import model
        return getattr(model, name)
    raise AttributeError(f"module 'physml.stem' has no attribute {name!r}")
