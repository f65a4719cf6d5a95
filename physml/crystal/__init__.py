"Sinking crystals: physml's own Stokes solvers (2D, and 3D with a multigrid-preconditioned Krylov solver) make the data, a UNet learns the velocity field."
