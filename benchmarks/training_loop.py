"""Benchmark: course_utils.training.fit against the training loop most tutorials use.

The peer is pytorch/examples' VAE loop: DataLoader(TensorDataset(x), batch_size=128, shuffle=True), a
sigmoid output with F.binary_cross_entropy(..., reduction="sum") plus the closed-form KL, Adam(lr=1e-3)
and one .item() per step. Both train the same 784-400-20-400-784 VAE from the same initial weights on
60,000 synthetic 28x28 images in [0, 1] (made here: no download), batch 128, in one process,
interleaved A B A B. Both are also expressed as multiples of the machine's matrix-multiply floor: the
time torch.mm takes for the forward and backward products of every layer, for one epoch.

    python benchmarks/training_loop.py [--rounds 3] [--epochs 2]

It prints one table and writes nothing.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from course_utils import models, objectives
from course_utils.training import fit

NUM_IMAGES, INPUT_DIM, HIDDEN, LATENT, BATCH = 60_000, 784, 400, 20, 128


def synthetic_images(seed: int = 0) -> torch.Tensor:
    """60,000 structured 28x28 'images' in [0, 1]: sigmoids of random low-rank patterns."""
    g = torch.Generator().manual_seed(seed)
    factors = torch.randn(NUM_IMAGES, 12, generator=g)  # (N, 12)
    patterns = torch.randn(12, INPUT_DIM, generator=g)  # (12, 784)
    return torch.sigmoid(1.5 * factors @ patterns - 1.0)  # (N, 784)


class PeerVAE(nn.Module):
    """pytorch/examples' VAE, layer for layer."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc21, self.fc22 = nn.Linear(784, 400), nn.Linear(400, 20), nn.Linear(400, 20)
        self.fc3, self.fc4 = nn.Linear(20, 400), nn.Linear(400, 784)

    def forward(self, x):
        h1 = F.relu(self.fc1(x))
        mu, logvar = self.fc21(h1), self.fc22(h1)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar)
        return torch.sigmoid(self.fc4(F.relu(self.fc3(z)))), mu, logvar


def copy_weights(course: models.VAE, peer: PeerVAE) -> None:
    """Give the peer exactly the course model's initial weights."""
    pairs = [
        (peer.fc1, course.body[0][0]),
        (peer.fc21, course.to_mu),
        (peer.fc22, course.to_logvar),
        (peer.fc3, course.decoder[0]),
        (peer.fc4, course.decoder[2]),
    ]
    with torch.no_grad():
        for p, c in pairs:
            p.weight.copy_(c.weight)
            p.bias.copy_(c.bias)


def peer_epochs(model: PeerVAE, x: torch.Tensor, epochs: int, seed: int) -> tuple[list[float], float]:
    """The tutorial loop; returns per-epoch seconds and the last epoch's loss per image."""
    torch.manual_seed(seed)
    loader = DataLoader(TensorDataset(x), batch_size=BATCH, shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    times, loss_per_image = [], 0.0
    for _ in range(epochs):
        start, train_loss = time.perf_counter(), 0.0
        model.train()
        for (data,) in loader:
            optimizer.zero_grad()
            recon, mu, logvar = model(data)
            bce = F.binary_cross_entropy(recon, data, reduction="sum")
            kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            loss = bce + kld
            loss.backward()
            train_loss += loss.item()
            optimizer.step()
        times.append(time.perf_counter() - start)
        loss_per_image = train_loss / len(x)
    return times, loss_per_image


def matmul_floor(repeats: int = 3) -> float:
    """Seconds per epoch spent in torch.mm alone: forward, grad-input and grad-weight products of each layer."""
    shapes = [
        (INPUT_DIM, HIDDEN),
        (HIDDEN, LATENT),
        (HIDDEN, LATENT),
        (LATENT, HIDDEN),
        (HIDDEN, INPUT_DIM),
    ]
    steps = -(-NUM_IMAGES // BATCH)
    operands = []
    for n_in, n_out in shapes:
        a, w, g = torch.randn(BATCH, n_in), torch.randn(n_in, n_out), torch.randn(BATCH, n_out)
        operands.append((a, w, g))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            for a, w, g in operands:
                torch.mm(a, w)
                torch.mm(g, w.T)
                torch.mm(a.T, g)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="A B rounds (each trains a fresh model of each kind)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs per run")
    args = parser.parse_args()

    x = synthetic_images()
    peer_times, fit_times, peer_losses, fit_losses = [], [], [], []
    for round_index in range(args.rounds):
        torch.manual_seed(round_index)
        course = models.VAE(INPUT_DIM, LATENT, hidden_dims=(HIDDEN,))
        peer = PeerVAE()
        copy_weights(course, peer)
        times, loss = peer_epochs(peer, x, args.epochs, seed=round_index)  # A
        peer_times += times
        peer_losses.append(loss)
        history = fit(
            course,
            objectives.vae,
            x,
            num_epochs=args.epochs,
            batch_size=BATCH,
            lr=1e-3,
            seed=round_index,
            progress=False,
        )  # B
        fit_times += history.epoch_seconds
        fit_losses.append(history.train_loss[-1])
    floor = matmul_floor()
    peer_median, fit_median = statistics.median(peer_times), statistics.median(fit_times)
    loss_gap = abs(statistics.mean(fit_losses) - statistics.mean(peer_losses)) / statistics.mean(peer_losses)
    print(
        f"machine: {platform.machine()}, {torch.get_num_threads()} torch threads, torch {torch.__version__}, "
        f"{NUM_IMAGES} images, batch {BATCH}, {args.rounds} rounds x {args.epochs} epochs each"
    )
    print(f"{'loop':<34}{'median s/epoch':>15}{'x matmul floor':>16}{'final loss/image':>18}")
    print(
        f"{'peer (DataLoader, sigmoid+BCE)':<34}{peer_median:>15.3f}{peer_median / floor:>16.2f}"
        f"{statistics.mean(peer_losses):>18.2f}"
    )
    print(
        f"{'course_utils.training.fit':<34}{fit_median:>15.3f}{fit_median / floor:>16.2f}"
        f"{statistics.mean(fit_losses):>18.2f}"
    )
    print(f"{'matmul floor (torch.mm only)':<34}{floor:>15.3f}{1.0:>16.2f}")
    print(
        f"ratio fit / peer = {fit_median / peer_median:.2f} (target <= 0.70); final losses differ by {loss_gap:.2%} "
        f"(target <= 1%)"
    )


if __name__ == "__main__":
    main()
