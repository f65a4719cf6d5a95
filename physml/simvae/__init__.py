"Simulation VAE: a hierarchical VAE of transient simulations with MLP/CNN/ViT latent conditioners."
from ..core import require_extra
require_extra('simvae', ('einops', 'sklearn'))
