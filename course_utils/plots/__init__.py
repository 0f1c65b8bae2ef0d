"""Figures of the course: pure matplotlib, each takes ``ax=None`` (or ``fig=None``) and returns the figure.

Plots never train and models never plot: pass tensors or arrays in, get a figure out.

- ``core``     style, colours every student can tell apart, alt text, how a figure is shown
- ``common``   figures several notebooks draw (image grids, latent scatters, curves)
- ``nbNN``     the figures of notebook NN, so that its cells stay short

Every name a module lists in its ``__all__`` is available here: ``plots.show_images``,
``plots.COLORS``. Each figure function takes ``alt=``, the sentence or two a screen reader speaks
(what the figure shows and what to see in it); see :mod:`course_utils.plots.core`.
"""

from . import common, core, nb01, nb02, nb03, nb04, nb05, nb06

MODULES = (core, common, nb01, nb02, nb03, nb04, nb05, nb06)


def _export(modules) -> list[str]:
    names: list[str] = []
    for module in modules:
        for name in module.__all__:
            if name in names:
                raise ImportError(f"course_utils.plots.{module.__name__.rsplit('.', 1)[1]} redefines {name!r}")
            globals()[name] = getattr(module, name)
            names.append(name)
    return names


__all__ = _export(MODULES)
