"""Exercise self-checks, in the spirit of Kaggle's learntools: a small core and one module per
notebook (``nb01`` … ``nb06``), all re-exported here, so notebooks call ``checks.check_ridge(...)``.

- ``core``   ``CheckResult`` (correct / wrong / not attempted, shown as a coloured line), ``Case``,
             ``run_check`` (compare with a reference on several inputs, diagnose the usual mistake)
- ``nbNN``   the checks of notebook NN's exercises
"""

from .core import CORRECT, NOT_ATTEMPTED, WRONG, Case, CheckResult, check_choice, run_check
from .nb01 import (
    check_bce_gradient,
    check_bernoulli_nll,
    check_gaussian_log_likelihood,
    check_ridge,
    check_sigma2_mle_prediction,
)
from .nb02 import (
    check_autoencoder_class,
    check_interpolate,
    check_linear_ae_prediction,
    check_pca_error_formula,
    check_pca_reconstruction,
)
from .nb03 import (
    check_denoising_loss,
    check_masking_noise,
    check_optimal_denoiser,
    check_sparse_loss,
    check_sparsity_prediction,
)
from .nb04 import (
    check_kl_closed_form,
    check_kl_normal,
    check_posterior_width_prediction,
    check_reparameterize,
    check_vae_loss,
)
from .nb05 import (
    check_active_units,
    check_collapse_prediction,
    check_exact_posterior,
    check_iwae_bound,
    check_log_evidence,
)
from .nb06 import (
    check_midpoint_prediction,
    check_norm_probability,
    check_reconstruction_score,
    check_roc_auc,
    check_slerp,
)

__all__ = [
    "CORRECT",
    "NOT_ATTEMPTED",
    "WRONG",
    "Case",
    "CheckResult",
    "check_choice",
    "run_check",
    "check_gaussian_log_likelihood",
    "check_bernoulli_nll",
    "check_ridge",
    "check_autoencoder_class",
    "check_pca_reconstruction",
    "check_interpolate",
    "check_denoising_loss",
    "check_sparse_loss",
    "check_masking_noise",
    "check_kl_closed_form",
    "check_reparameterize",
    "check_vae_loss",
    "check_log_evidence",
    "check_iwae_bound",
    "check_active_units",
    "check_slerp",
    "check_roc_auc",
    "check_reconstruction_score",
    "check_sigma2_mle_prediction",
    "check_bce_gradient",
    "check_pca_error_formula",
    "check_linear_ae_prediction",
    "check_optimal_denoiser",
    "check_sparsity_prediction",
    "check_kl_normal",
    "check_posterior_width_prediction",
    "check_exact_posterior",
    "check_collapse_prediction",
    "check_norm_probability",
    "check_midpoint_prediction",
]
