"""The teaching library of the course "Generative models: from maximum likelihood to variational
autoencoders": everything the notebooks import, and nothing else (the build tooling is
``course_tools``).

One responsibility per module:

- ``runtime``     seeding (moved together by ``COURSE_SEED_OFFSET``), fast mode (``pick``), cache folder
- ``i18n``        the language of every message (``use_language``, ``_``)
- ``data``        data sets (``load_images``, ``dataset_name``), Gaussian and masking noise
- ``estimators``  closed-form estimators of notebook 01 (Gaussian MLE, least squares, ridge, lasso,
                  conjugate Gaussian posterior)
- ``losses``      per-example terms, shape (batch,): Gaussian/Bernoulli negative log-likelihoods, the
                  Bernoulli floor of grey pixels (their entropy), the NLL under the mean image (no code),
                  squared error, closed-form (per dimension and summed) and Monte Carlo KL, L1 penalty,
                  sparse loss, negative ELBO, importance weights and the IWAE bound
- ``objectives``  training objectives for ``fit``, batch means: autoencoder, denoising, sparse,
                  VAE, VAE with free bits or KL annealing, conditional VAE
- ``models``      ``mlp``, ``reparameterize``, ``Autoencoder``, ``VAE``, ``ConditionalVAE``
- ``latent``      interpolation (linear, spherical) and grids in latent space
- ``metrics``     KL per latent dimension, active units, the judge of generated digits
- ``training``    the one ``fit`` loop (notebook 02's loop plus validation, progress, history)
- ``plots``       pure matplotlib figures (``ax=None``, return the figure, carry their alt text): a package
- ``tables``      tables of results (accessible HTML, Markdown)
- ``widgets``     ipywidgets explorers built on ``plots``
- ``checks``      exercise self-checks: a package
"""

__version__ = "0.1.0"
