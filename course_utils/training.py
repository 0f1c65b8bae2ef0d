"""The one training loop of the course (introduced in notebook 02).

``fit(model, loss_fn, x_train, ...)`` with ``loss_fn(model, x_batch) -> mean loss of the batch``.
In-memory batching (one ``randperm`` an epoch), Adam, and no host synchronisation inside an
epoch: the epoch's loss is summed on the device and read once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from tqdm.auto import tqdm

from .data import minibatch_indices

LossFn = Callable[[torch.nn.Module, torch.Tensor], torch.Tensor]


@dataclass
class History:
    """Per-epoch mean losses; ``val_loss`` stays empty without validation data."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    seconds: float = 0.0


def evaluate(model: torch.nn.Module, loss_fn: LossFn, x: torch.Tensor, batch_size: int = 1024) -> float:
    """Mean of ``loss_fn`` over ``x`` in evaluation mode, without gradients."""
    was_training = model.training
    model.eval()
    total = torch.zeros(())
    with torch.inference_mode():
        for start in range(0, len(x), batch_size):
            batch = x[start : start + batch_size]
            total += loss_fn(model, batch) * len(batch)
    model.train(was_training)
    return total.item() / len(x)


def fit(
    model: torch.nn.Module,
    loss_fn: LossFn,
    x_train: torch.Tensor,
    *,
    num_epochs: int,
    batch_size: int,
    lr: float,
    x_val: torch.Tensor | None = None,
    seed: int = 0,
    weight_decay: float = 0.0,
    cosine_decay: bool = False,
    progress: bool = True,
) -> History:
    """Train ``model`` with Adam on ``loss_fn`` and return the per-epoch :class:`History`.

    ``seed`` fixes the batch order and every random draw inside ``loss_fn`` (noise, sampling), so
    the same model initialisation and seed give the same history. ``cosine_decay`` lowers the
    learning rate from ``lr`` to 0 along a half cosine over the run, for a precise optimum
    (notebook 02 compares a linear autoencoder with PCA).
    """
    if not isinstance(num_epochs, int) or num_epochs < 1:
        raise ValueError(f"num_epochs must be an int >= 1, got {num_epochs!r}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr!r}")
    if x_train.dim() < 2 or len(x_train) == 0:
        raise ValueError(f"x_train must have shape (num_examples, ...), got {tuple(x_train.shape)}")

    torch.manual_seed(seed)  # draws inside loss_fn (noise, reparameterisation)
    generator = torch.Generator().manual_seed(seed)  # batch order
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay, fused=True)  # fused: fastest on CPU
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, num_epochs) if cosine_decay else None
    history = History()
    start_time = time.perf_counter()
    bar = tqdm(range(num_epochs), desc="epochs", disable=not progress, leave=False)
    for _ in bar:
        model.train()
        total = torch.zeros(())
        for idx in minibatch_indices(len(x_train), batch_size, generator):
            x_batch = x_train[idx]  # (batch, ...)
            loss = loss_fn(model, x_batch)  # () mean over the batch
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(idx)
        if schedule is not None:
            schedule.step()
        history.train_loss.append(total.item() / len(x_train))
        if x_val is not None:
            history.val_loss.append(evaluate(model, loss_fn, x_val))
        bar.set_postfix(train=f"{history.train_loss[-1]:.4g}")
    history.seconds = time.perf_counter() - start_time
    return history
