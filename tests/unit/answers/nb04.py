"""Answers to notebook 04's checks."""

import torch
import torch.nn.functional as F

from course_utils import checks, losses, models, objectives

from . import Answers


def _kl(mu, logvar):
    return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(-1)


def _kl_distributions(mu, logvar):
    q = torch.distributions.Normal(mu, (0.5 * logvar).exp())
    return torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum(-1)


def _kl_from_std(mu, logvar):
    std = torch.exp(logvar / 2)
    return (0.5 * (mu**2 + std**2) - 0.5 - torch.log(std)).sum(dim=1)


def _reparam(mu, logvar, noise=torch.randn_like, detach=False):
    std = torch.exp(0.5 * logvar)
    return mu + (std.detach() if detach else std) * noise(std)


def _fixed_seed(mu, logvar):
    return _reparam(mu, logvar, noise=lambda t: torch.randn(t.shape, generator=torch.Generator().manual_seed(0)))


def _vae_loss(x_logits, x, mu, logvar):
    return (F.binary_cross_entropy_with_logits(x_logits, x, reduction="none").sum(1) + _kl(mu, logvar)).mean()


def _vae_loss_distributions(x_logits, x, mu, logvar):
    log_lik = torch.distributions.Bernoulli(logits=x_logits, validate_args=False).log_prob(x).sum(1)
    return (_kl_distributions(mu, logvar) - log_lik).mean()


def _kl_normal(mu_q, var_q, mu_p, var_p):
    return 0.5 * (torch.log(var_p / var_q) + (var_q + (mu_q - mu_p) ** 2) / var_p - 1)


def _kl_normal_by_change_of_variables(mu_q, var_q, mu_p, var_p):
    # z -> (z - mu_p) / sigma_p maps p to N(0, 1) and leaves the KL unchanged: exercise 1's formula then applies
    mu, var = (mu_q - mu_p) / var_p.sqrt(), var_q / var_p
    return 0.5 * (mu**2 + var - 1 - var.log())


# Names bound to the course's answer key before the check runs, as a student might write them.
kl_alias = losses.kl_to_standard_normal
reparameterize_alias = models.reparameterize
negative_elbo_alias = losses.negative_elbo


class _VAELoss:
    def __call__(self, x_logits, x, mu, logvar):
        return negative_elbo_alias(x_logits, x, mu, logvar).mean()


ANSWERS = {
    "check_kl_closed_form": Answers(
        run=checks.check_kl_closed_form,
        valid=[_kl, _kl_distributions, _kl_from_std],
        wrong=[
            (lambda mu, logvar: _kl(mu, 2 * logvar), "variance"),
            (lambda mu, logvar: 2 * _kl(mu, logvar), "1/2"),
            (lambda mu, logvar: 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar), "Sum over the latent"),
            (lambda mu, logvar: 0.5 * (mu.pow(2) + logvar.exp() - logvar).sum(-1), "constant term"),
            (lambda mu, logvar: 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).mean(-1), "mean over latent dims"),
            (losses.kl_to_standard_normal, "course's own `losses.kl_to_standard_normal`"),
            (lambda mu, logvar: losses.kl_to_standard_normal(mu, logvar), "course's own"),
            (kl_alias, "course's own"),
            (lambda mu, logvar: losses.kl_terms(mu, logvar).sum(-1), "course's own `losses.kl_terms`"),
        ],
    ),
    "check_reparameterize": Answers(
        run=checks.check_reparameterize,
        valid=[
            _reparam,
            lambda mu, logvar: torch.distributions.Normal(mu, torch.exp(logvar / 2)).rsample(),
            lambda mu, logvar: mu + torch.exp(logvar / 2) * torch.randn(mu.shape),
        ],
        wrong=[
            (lambda mu, logvar: torch.distributions.Normal(mu, (0.5 * logvar).exp()).sample(), "no gradient path"),
            (lambda mu, logvar: mu + torch.exp(logvar) * torch.randn_like(mu), "variance σ²"),
            (lambda mu, logvar: mu + torch.exp(0.5 * logvar), "z must be random"),
            (lambda mu, logvar: mu[:5] + 0 * logvar[:5], "same shape"),
            (lambda mu, logvar: _reparam(mu, logvar, noise=lambda t: torch.randn(t.shape[1])), "own noise"),
            (lambda mu, logvar: _reparam(mu, logvar, noise=lambda t: torch.randn(t.shape[0], 1)), "move together"),
            (lambda mu, logvar: _reparam(mu, logvar, detach=True), "∂z/∂logvar"),
            (_fixed_seed, "two calls"),
            (lambda mu, logvar: _reparam(mu, logvar, noise=lambda t: torch.rand_like(t) * 3.46 - 1.73), "N(0, I)"),
            (models.reparameterize, "course's own `models.reparameterize`"),
            (lambda mu, logvar: models.reparameterize(mu, logvar), "course's own"),
            (reparameterize_alias, "course's own"),
            (
                lambda mu, logvar: models.VAE(4, 2).reparameterize(mu, logvar),
                "course's own `models.VAE.reparameterize`",
            ),
            (lambda mu, logvar: losses.gaussian_samples(mu, logvar, 1)[0][0], "course's own `losses.gaussian_samples`"),
        ],
    ),
    "check_vae_loss": Answers(
        run=checks.check_vae_loss,
        valid=[
            _vae_loss,
            _vae_loss_distributions,
            lambda xl, x, mu, lv: (losses.bernoulli_nll(xl, x) + losses.kl_to_standard_normal(mu, lv)).mean(),
        ],
        wrong=[
            (lambda xl, x, mu, lv: (losses.bernoulli_nll(xl, x) - _kl(mu, lv)).mean(), "*added*"),
            (lambda xl, x, mu, lv: losses.bernoulli_nll(xl, x).mean(), "missing"),
            (
                lambda xl, x, mu, lv: F.binary_cross_entropy_with_logits(xl, x) + _kl(mu, lv).mean(),
                "averages over pixels",
            ),
            (lambda xl, x, mu, lv: _vae_loss(xl, x, mu, lv) * len(x), "sum over the batch"),
            (lambda xl, x, mu, lv: _vae_loss(torch.sigmoid(xl), x, mu, lv), "twice"),
            (
                lambda xl, x, mu, lv: F.binary_cross_entropy_with_logits(xl, x, reduction="none").sum(1) + _kl(mu, lv),
                "one loss per image",
            ),
            (lambda xl, x, mu, lv: losses.negative_elbo(xl, x, mu, lv).mean(), "course's own `losses.negative_elbo`"),
            (_VAELoss(), "course's own"),
            (
                lambda xl, x, mu, lv: objectives.vae(lambda _: (xl, mu, lv), x),
                "course's own",
            ),
        ],
    ),
    "check_kl_normal": Answers(
        run=checks.check_kl_normal,
        valid=[
            _kl_normal,
            lambda mq, vq, mp, vp: torch.distributions.kl_divergence(
                torch.distributions.Normal(mq, vq.sqrt()), torch.distributions.Normal(mp, vp.sqrt())
            ),
            lambda mq, vq, mp, vp: torch.log(vp.sqrt() / vq.sqrt()) + (vq + (mq - mp) ** 2) / (2 * vp) - 0.5,
            _kl_normal_by_change_of_variables,
        ],
        wrong=[
            (lambda mq, vq, mp, vp: _kl_normal(mp, vp, mq, vq), "not symmetric"),
            (lambda mq, vq, mp, vp: 2 * _kl_normal(mq, vq, mp, vp), "factor 2"),
            (lambda mq, vq, mp, vp: _kl_normal(mq, vq**2, mp, vp**2), "variances already"),
            (lambda mq, vq, mp, vp: 0.5 * ((vq + (mq - mp) ** 2) / vp - 1), "log-ratio"),
            (lambda mq, vq, mp, vp: 0.5 * (torch.log(vp / vq) + (vq + (mq - mp) ** 2) / vq - 1), "p's variance"),
            (lambda mq, vq, mp, vp: 0.5 * (mq**2 + vq - 1 - torch.log(vq)), "exercise 1's KL to N(0, 1)"),
            # a number read off a printout: exercise 1's KL of q = N(1, 0.25), the same for every input
            (lambda mq, vq, mp, vp: torch.tensor(0.8181), "E_q[log q(z) − log p(z)]"),
        ],
    ),
    "check_posterior_width_prediction": Answers(
        run=lambda fn: checks.check_posterior_width_prediction(fn, encoder_std=0.14),
        valid=[lambda: "b", lambda: "(B)"],
        wrong=[
            (lambda: "a", "*aggregate*"),
            (lambda: "c", "without bound"),
            (lambda: "d", "one letter"),
            (lambda: 0.1, "one letter"),
        ],
    ),
}
