"""The one training loop of the course (introduced in notebook 02).

``fit(model, loss_fn, x_train, ...)`` with ``loss_fn(model, x_batch) -> mean loss of the batch``.
In-memory batching (one ``randperm`` an epoch), Adam, and no host synchronisation inside an
epoch: the epoch's loss is summed on the device and read once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from tqdm.auto import tqdm

from .data import minibatch_indices

LossFn = Callable[[torch.nn.Module, torch.Tensor], torch.Tensor]
Data = torch.Tensor | tuple[torch.Tensor, ...]


def _length(data: Data) -> int:
    return len(data[0]) if isinstance(data, tuple) else len(data)


def _take(data: Data, index) -> Data:
    """Rows ``index`` of a tensor, or of every tensor of a tuple (e.g. images and their labels)."""
    return tuple(t[index] for t in data) if isinstance(data, tuple) else data[index]


@dataclass
class History:
    """Per-epoch mean losses; ``val_loss`` stays empty without validation data."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)  # training time of each epoch (no validation)
    seconds: float = 0.0


class FusedAdam:
    """Adam (Kingma & Ba, 2015) on PyTorch's fused kernel: the update ``torch.optim.Adam(fused=True)`` runs.

    $m \\leftarrow \\beta_1 m + (1-\\beta_1) g$, $v \\leftarrow \\beta_2 v + (1-\\beta_2) g^2$,
    $\\theta \\leftarrow \\theta - \\mathrm{lr}\\,\\hat m / (\\sqrt{\\hat v} + \\epsilon)$ with bias-corrected $\\hat m, \\hat v$.
    Calling the kernel directly skips ``torch.optim``'s one-off import of ``torch._dynamo`` (about 0.8 s
    in every fresh kernel); the tests check it against ``torch.optim.Adam`` step for step.
    """

    def __init__(self, params, lr: float, weight_decay: float = 0.0, betas=(0.9, 0.999), eps: float = 1e-8):
        self.params = [p for p in params if p.requires_grad]
        self.lr, self.weight_decay, self.betas, self.eps = lr, weight_decay, betas, eps
        self.exp_avgs = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sqs = [torch.zeros_like(p) for p in self.params]
        self.steps = [torch.zeros((), dtype=torch.float32) for _ in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        active = [i for i, p in enumerate(self.params) if p.grad is not None]
        if not active:
            return
        steps = [self.steps[i] for i in active]
        torch._foreach_add_(steps, 1)
        torch._fused_adam_(
            [self.params[i] for i in active],
            [self.params[i].grad for i in active],
            [self.exp_avgs[i] for i in active],
            [self.exp_avg_sqs[i] for i in active],
            [],
            steps,
            lr=self.lr,
            beta1=self.betas[0],
            beta2=self.betas[1],
            weight_decay=self.weight_decay,
            eps=self.eps,
            amsgrad=False,
            maximize=False,
        )


def cosine_lr(lr: float, epoch: int, num_epochs: int) -> float:
    """Learning rate of ``epoch`` (0-based) under a half-cosine decay from ``lr`` to 0 (as CosineAnnealingLR)."""
    return lr * 0.5 * (1.0 + math.cos(math.pi * epoch / num_epochs))


def evaluate(model: torch.nn.Module, loss_fn: LossFn, x: Data, batch_size: int = 1024) -> float:
    """Mean of ``loss_fn`` over ``x`` (a tensor or a tuple of tensors) in evaluation mode, without gradients."""
    was_training = model.training
    model.eval()
    total = torch.zeros(())
    n = _length(x)
    with torch.inference_mode():
        for start in range(0, n, batch_size):
            batch = _take(x, slice(start, start + batch_size))
            total += loss_fn(model, batch) * _length(batch)
    model.train(was_training)
    return total.item() / n


def fit(
    model: torch.nn.Module,
    loss_fn: LossFn,
    x_train: Data,
    *,
    num_epochs: int,
    batch_size: int,
    lr: float,
    x_val: Data | None = None,
    seed: int = 0,
    weight_decay: float = 0.0,
    cosine_decay: bool = False,
    progress: bool = True,
) -> History:
    """Train ``model`` with Adam on ``loss_fn`` and return the per-epoch :class:`History`.

    ``seed`` fixes the batch order and every random draw inside ``loss_fn`` (noise, sampling), so
    the same model initialisation and seed give the same history. ``x_train`` may be a tuple of
    tensors of equal length, e.g. ``(x, y)`` for a conditional model; ``loss_fn`` then gets a tuple. ``cosine_decay`` lowers the
    learning rate from ``lr`` to 0 along a half cosine over the run, for a precise optimum
    (notebook 02 compares a linear autoencoder with PCA).
    """
    if not isinstance(num_epochs, int) or num_epochs < 1:
        raise ValueError(f"num_epochs must be an int >= 1, got {num_epochs!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr!r}")
    tensors = x_train if isinstance(x_train, tuple) else (x_train,)
    if tensors[0].dim() < 2 or len(tensors[0]) == 0 or any(len(t) != len(tensors[0]) for t in tensors):
        shapes = [tuple(t.shape) for t in tensors]
        raise ValueError(f"x_train must be (num_examples, ...) tensors of one length, got shapes {shapes}")
    n = len(tensors[0])

    torch.manual_seed(seed)  # draws inside loss_fn (noise, reparameterisation)
    generator = torch.Generator().manual_seed(seed)  # batch order
    optimizer = FusedAdam(model.parameters(), lr=lr, weight_decay=weight_decay)
    history = History()
    start_time = time.perf_counter()
    bar = tqdm(range(num_epochs), desc="epochs", disable=not progress, leave=False, mininterval=0.5)
    for epoch in bar:
        if cosine_decay:
            optimizer.lr = cosine_lr(lr, epoch, num_epochs)
        model.train()
        epoch_start = time.perf_counter()
        total = torch.zeros(())
        for idx in minibatch_indices(n, batch_size, generator):
            x_batch = _take(x_train, idx)  # (batch, ...) or a tuple of them
            loss = loss_fn(model, x_batch)  # () mean over the batch
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(idx)
        history.train_loss.append(total.item() / n)
        history.epoch_seconds.append(time.perf_counter() - epoch_start)
        if x_val is not None:
            history.val_loss.append(evaluate(model, loss_fn, x_val))
        bar.set_postfix(train=f"{history.train_loss[-1]:.4g}", refresh=False)  # redrawn at most every 0.5 s
    history.seconds = time.perf_counter() - start_time
    return history
