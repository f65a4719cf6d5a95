"Graph-Laplacian diffusion: an exact linear forward process on graphs, a GNN denoiser, samplers proven on Gaussians."
from ..core import require_extra

require_extra('graph', ('rdkit', 'ot', 'sklearn'))
