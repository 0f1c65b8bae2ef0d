r"""The one training loop of the course (introduced in notebook 02).

Notebook 02 writes the mini-batch loop by hand: shuffle, batch, ``zero_grad``, ``backward``,
``step``. :func:`fit` is exactly that loop plus validation, a progress bar, an optional cosine
learning-rate decay and a :class:`History`; ``tests/unit/test_training.py`` holds it to the
notebook's loop (same seed, same losses).

``loss_fn(model, batch)`` returns the **mean loss of the batch**, a scalar tensor.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from tqdm.auto import tqdm

from .i18n import _
from .runtime import shifted_seed

LossFn = Callable[[torch.nn.Module, torch.Tensor], torch.Tensor]
Data = torch.Tensor | tuple[torch.Tensor, ...]


@dataclass
class History:
    """Per-epoch mean losses; ``val_loss`` stays empty without validation data."""

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    epoch_seconds: list[float] = field(default_factory=list)  # training time of each epoch
    seconds: float = 0.0


def num_examples(data: Data) -> int:
    """How many examples ``data`` holds: a tensor, or a tuple of tensors such as ``(x, y)``."""
    return len(data[0]) if isinstance(data, tuple) else len(data)


def take(data: Data, index) -> Data:
    """Rows ``index`` of a tensor, or of every tensor of a tuple (e.g. images and their labels)."""
    return tuple(t[index] for t in data) if isinstance(data, tuple) else data[index]


def epochs_for(num_steps: int, num_examples: int, batch_size: int) -> int:
    """How many epochs give about ``num_steps`` gradient steps (at least one): notebooks budget
    training in steps, so that 60,000 images do not cost 45 times the epochs of 1,347 (notebook 02)."""
    if not isinstance(num_steps, int) or num_steps < 1:
        raise ValueError(f"num_steps must be an int >= 1, got {num_steps!r}")
    if num_examples < 1 or batch_size < 1:
        raise ValueError(f"num_examples and batch_size must be >= 1, got {num_examples} and {batch_size}")
    steps_per_epoch = math.ceil(num_examples / batch_size)
    return max(1, round(num_steps / steps_per_epoch))


def check_fit_arguments(x_train: Data, *, num_epochs: int, batch_size: int, lr: float) -> None:
    """Raise a ``ValueError`` naming the argument when ``fit`` is called with something it cannot use."""
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


def evaluate(model: torch.nn.Module, loss_fn: LossFn, x: Data, batch_size: int = 1024) -> float:
    """Mean of ``loss_fn`` over ``x`` in evaluation mode, without gradients."""
    was_training = model.training
    model.eval()
    total = torch.zeros(())
    with torch.inference_mode():
        for start in range(0, num_examples(x), batch_size):
            batch = take(x, slice(start, start + batch_size))
            total += loss_fn(model, batch) * num_examples(batch)
    model.train(was_training)
    return total.item() / num_examples(x)


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
    desc: str | None = None,
) -> History:
    """Train ``model`` with Adam on ``loss_fn`` and return the per-epoch :class:`History`.

    ``seed`` fixes the batch order and every random draw inside ``loss_fn`` (noise, sampling): the
    same initial model and seed give the same history. ``x_train`` may be a tuple of tensors of
    one length, e.g. ``(x, y)`` for a conditional model; ``loss_fn`` then gets a tuple.
    ``cosine_decay`` lowers the learning rate from ``lr`` to 0 along a half cosine
    (``CosineAnnealingLR``), for a precise optimum (notebook 02 compares a linear autoencoder
    with PCA). ``desc`` labels the progress bar (say which model trains: "VAE, d = 8").
    """
    check_fit_arguments(x_train, num_epochs=num_epochs, batch_size=batch_size, lr=lr)
    n = num_examples(x_train)
    seed = shifted_seed(seed)  # COURSE_SEED_OFFSET moves it with every other seed of the notebook
    torch.manual_seed(seed)  # draws inside loss_fn (noise, reparameterisation)
    generator = torch.Generator().manual_seed(seed)  # batch order
    # Adam (Kingma & Ba, 2015); fused=True runs the whole update as one kernel per step.
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay, fused=True)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, num_epochs) if cosine_decay else None
    history = History()
    start_time = time.perf_counter()
    label = _("{model}: epochs").format(model=desc) if desc else _("epochs")
    epochs = tqdm(range(num_epochs), desc=label, disable=not progress, leave=False, mininterval=0.5)
    for _epoch in epochs:
        model.train()
        epoch_start = time.perf_counter()
        total = torch.zeros(())  # summed on the device, read once an epoch
        for idx in torch.randperm(n, generator=generator).split(batch_size):  # shuffle, batch
            batch = take(x_train, idx)  # (batch, ...) or a tuple of them
            loss = loss_fn(model, batch)  # () mean over the batch
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach() * len(idx)
        history.train_loss.append(total.item() / n)
        history.epoch_seconds.append(time.perf_counter() - epoch_start)
        if schedule is not None:
            schedule.step()
        if x_val is not None:
            history.val_loss.append(evaluate(model, loss_fn, x_val))
        epochs.set_postfix(train=f"{history.train_loss[-1]:.4g}", refresh=False)
    history.seconds = time.perf_counter() - start_time
    return history
