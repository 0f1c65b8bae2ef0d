"""fit is notebook 02's hand-written training loop plus validation, progress and a history."""

import ast
import json
import re
from pathlib import Path

import pytest
import torch

from course_utils import losses, models, training
from tests.course import NOTEBOOK_DIR


def notebook_train_function():
    """The `train` function of notebook 02's cell tagged `training-loop`, defined in a fresh namespace."""
    nb = json.loads((NOTEBOOK_DIR / "02_autoencoders.ipynb").read_text())
    (cell,) = [c for c in nb["cells"] if "training-loop" in c["metadata"].get("tags", [])]
    tree = ast.parse("".join(cell["source"]))
    (definition,) = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "train"]
    namespace = {"torch": torch}
    exec(compile(ast.Module([definition], type_ignores=[]), "notebook 02", "exec"), namespace)
    return namespace["train"]


def reconstruction_loss(model, x):
    return losses.squared_error(model(x), x).mean()


def noisy_loss(model, x):  # draws random numbers inside the loss, as notebook 03's denoiser does
    return losses.squared_error(model(x + 0.3 * torch.randn_like(x)), x).mean()


@pytest.mark.parametrize("loss_fn", [reconstruction_loss, noisy_loss], ids=["plain", "random draws"])
@pytest.mark.parametrize("seed", [0, 5])
def test_fit_gives_the_losses_of_the_notebook_loop(loss_fn, seed):
    notebook_train = notebook_train_function()
    x = torch.rand(150, 20, generator=torch.Generator().manual_seed(1))  # 150 = 2 full batches + 22
    torch.manual_seed(3)
    by_notebook = models.Autoencoder(20, 4, hidden_dims=(16,))
    by_fit = models.Autoencoder(20, 4, hidden_dims=(16,))
    by_fit.load_state_dict(by_notebook.state_dict())

    expected = notebook_train(by_notebook, loss_fn, x, num_epochs=5, batch_size=64, lr=1e-2, seed=seed)
    history = training.fit(by_fit, loss_fn, x, num_epochs=5, batch_size=64, lr=1e-2, seed=seed, progress=False)

    assert len(expected) == 5 and expected[-1] < expected[0]
    torch.testing.assert_close(torch.tensor(history.train_loss), torch.tensor(expected), rtol=1e-5, atol=1e-6)
    for p, q in zip(by_fit.parameters(), by_notebook.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-6)


def test_the_library_uses_no_private_torch_api():
    package = Path(training.__file__).parent
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\btorch\._", line)
    ]
    assert offenders == []
