"""Helpers for the course "Generative models: from maximum likelihood to variational autoencoders".

One responsibility per module:

- ``runtime``    seeding, device, fast mode, cache folder
- ``data``       data sets, corruption, in-memory batching
- ``estimators`` closed-form estimators of notebook 01 (Gaussian MLE, least squares, ridge, lasso)
- ``losses``     reconstruction losses, KL divergences, sparsity penalty, ELBO
- ``models``     MLP encoder/decoder, Autoencoder, VAE
- ``latent``     interpolation (linear, spherical) and grids in latent space
- ``metrics``    active units, a digit classifier to judge generated images
- ``training``   the one ``fit`` loop
- ``plots``      pure matplotlib figures
- ``widgets``    ipywidgets explorers built on ``plots``
- ``checks``     exercise self-checks
"""

__version__ = "0.1.0"
