"Sinking crystals: physml's own 2D Stokes solver makes the data, a UNet learns the velocity field."
