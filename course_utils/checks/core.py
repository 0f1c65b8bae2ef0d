"""The core of the exercise self-checks, in the spirit of Kaggle's learntools (one module of checks
per notebook beside it: ``nb01`` … ``nb06``).

A check runs the student's function on a few inputs, compares with an independent reference and
answers with a :class:`CheckResult`: ``correct``, ``wrong`` (what differs, on which input, and a
hint aimed at the usual mistake) or ``not attempted`` (the function still raises
``NotImplementedError``, as in the student version). Checks never raise, so a student notebook
runs top to bottom with every exercise open.
"""

from __future__ import annotations

import html
import math
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import torch

from ..i18n import N_, _

CORRECT, WRONG, NOT_ATTEMPTED = N_("correct"), N_("wrong"), N_("not attempted yet")
# Symbols that plain fonts have (DejaVu does): an emoji font is not on every projector machine.
_ICONS = {CORRECT: "✓", WRONG: "✗", NOT_ATTEMPTED: "…"}
_COLOURS = {CORRECT: "#1a7f37", WRONG: "#cf222e", NOT_ATTEMPTED: "#9a6700"}
# A hint stresses a word as Markdown does, *sum*: italics in the notebook's HTML, asterisks in plain text.
# A star with a space after it is a product (lam * I), never the start of one.
_EMPHASIS = re.compile(r"\*([^*\s][^*]*?)\*")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check; truthy only when correct. Displays itself in a notebook."""

    exercise: str
    status: str
    message: str

    @property
    def passed(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"{_ICONS[self.status]} {self.exercise}: {_(self.status)}. {self.message}"

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        message = _EMPHASIS.sub(r"<em>\1</em>", html.escape(self.message))
        return (
            f'<div class="course-check" role="status" style="border-left:4px solid {colour};padding:4px 10px">'
            f"<b style='color:{colour}'>{_ICONS[self.status]} {html.escape(self.exercise)}: "
            f"{html.escape(_(self.status))}.</b> {message}</div>"
        )


@dataclass(frozen=True)
class Case:
    """One input of a check: a description the student can read and the arguments."""

    description: str
    args: tuple


Diagnosis = Callable[[torch.Tensor, torch.Tensor, Case], "str | None"]


def _to_tensor(value) -> torch.Tensor:
    if isinstance(value, tuple):
        return torch.stack([torch.as_tensor(v, dtype=torch.float64) for v in value])
    return torch.as_tensor(value, dtype=torch.float64)


def _fmt(t: torch.Tensor) -> str:
    if t.numel() == 1:
        return f"{t.item():.6g}"
    flat = ", ".join(f"{v:.4g}" for v in t.flatten()[:4].tolist())
    return _("tensor of shape {shape} starting [{values}]").format(
        shape=tuple(t.shape), values=flat + (", …" if t.numel() > 4 else "")
    )


def _code_of(function: Callable):
    """The code object a call of ``function`` executes (functions, methods, classes: their ``__init__``)."""
    function = getattr(function, "__func__", function)
    if isinstance(function, type):
        function = function.__init__
    return getattr(function, "__code__", None)


@contextmanager
def watching(functions: Sequence[Callable]):
    """Record which of ``functions`` run inside the block, however they are reached (directly, through a
    lambda, a method or a name bound to them earlier): yields the list of their names, filled as they run.

    The self-checks call a student's answer inside it, so that an answer that calls the course's own
    implementation of the exercise is told to write it instead."""
    codes = {_code_of(f): f"{getattr(f, '__module__', '')}.{getattr(f, '__qualname__', f)}" for f in functions}
    codes.pop(None, None)
    called: list[str] = []
    if not codes:
        yield called
        return

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in codes and codes[frame.f_code] not in called:
            called.append(codes[frame.f_code])

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield called
    finally:
        sys.setprofile(previous)


def own_answer_message(called: Sequence[str]) -> str:
    """What a check says to an answer that calls the course's implementation of the exercise."""
    name = called[0].removeprefix("course_utils.")
    return _(
        "Your answer calls the course's own `{name}`, which is what this exercise asks you to write: "
        "write it with PyTorch operations (torch.distributions, SciPy or scikit-learn are fine too)."
    ).format(name=name)


def key_verdict(
    exercise: str, description: str, thunk: Callable, forbidden: Sequence[Callable], message: str | None = None
) -> CheckResult | None:
    """A wrong verdict if ``thunk`` (the answer run on one input, described by ``description``) calls one of
    ``forbidden``, the course's own implementation of the exercise; None otherwise (a stub or a crash is
    left for the check itself to report). The global RNG is restored afterwards, so the check that follows
    sees the draws it would have seen. ``message`` (with a ``{name}`` field) replaces the default text."""
    if not forbidden:
        return None
    with torch.random.fork_rng(), watching(forbidden) as called:
        try:
            thunk()
        except Exception:  # noqa: BLE001 - the check that follows reports it
            pass
    if not called:
        return None
    name = called[0].removeprefix("course_utils.")
    text = own_answer_message(called) if message is None else message.format(name=name)
    return CheckResult(exercise, WRONG, _("On {case}: {message}").format(case=description, message=text))


def _error_hint(error: Exception) -> str:
    """A hint for an exception that a common slip raises deep inside PyTorch."""
    text = str(error)
    if "between 0 and 1" in text:
        return " " + _(
            "F.binary_cross_entropy takes probabilities in [0, 1], and logits can be any real number: "
            "use F.binary_cross_entropy_with_logits, or write the loss with F.logsigmoid."
        )
    return ""


def run_check(
    exercise: str,
    fn: Callable,
    cases: Sequence[Case],
    reference: Callable,
    *,
    diagnoses: Sequence[Diagnosis] = (),
    hint: str = "",
    rtol: float = 1e-4,
    atol: float = 1e-6,
    success: str = "",
    forbidden: Sequence[Callable] = (),
    own_answer: str | None = None,
) -> CheckResult:
    """Compare ``fn(*case.args)`` with ``reference(*case.args)`` on every case.

    ``diagnoses`` are called on a mismatch, ``(got, expected, case) -> message or None``; the first
    message found explains the likely mistake, otherwise ``hint`` is shown; ``success`` replaces the
    default message on a correct answer (a prediction's check says what the run showed). An answer
    that calls one of ``forbidden`` (the course's own implementation of the exercise) on any case is
    rejected first, naming the case (``own_answer``, with a ``{name}`` field, replaces the message).
    """
    for case in cases:
        verdict = key_verdict(exercise, case.description, lambda case=case: fn(*case.args), forbidden, own_answer)
        if verdict is not None:
            return verdict
    for case in cases:
        expected = _to_tensor(reference(*case.args))
        try:
            got = fn(*case.args)
        except NotImplementedError:
            return CheckResult(exercise, NOT_ATTEMPTED, _NOT_ATTEMPTED_MESSAGE())
        except Exception as error:  # the student's code failed: say where, not a traceback
            return CheckResult(
                exercise,
                WRONG,
                _("On {case}, your function raised {error_type}: {error}").format(
                    case=case.description, error_type=type(error).__name__, error=error
                )
                + _error_hint(error),
            )
        if got is None:
            return CheckResult(
                exercise,
                WRONG,
                _("On {case}, your function returned None: did you forget `return`?").format(case=case.description),
            )
        try:
            got = _to_tensor(got).detach()
        except Exception:
            return CheckResult(
                exercise,
                WRONG,
                _("On {case}, expected a number or tensor, got {type}.").format(
                    case=case.description, type=type(got).__name__
                ),
            )
        if got.shape != expected.shape:
            why = next((m for d in diagnoses if (m := d(got, expected, case))), hint)
            return CheckResult(
                exercise,
                WRONG,
                (
                    _("On {case}, expected shape {expected}, got {got}.").format(
                        case=case.description, expected=tuple(expected.shape), got=tuple(got.shape)
                    )
                    + f" {why}"
                ).strip(),
            )
        if not torch.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False):
            why = next((m for d in diagnoses if (m := d(got, expected, case))), hint)
            return CheckResult(
                exercise,
                WRONG,
                (
                    _("On {case}, expected {expected}, got {got}.").format(
                        case=case.description, expected=_fmt(expected), got=_fmt(got)
                    )
                    + f" {why}"
                ).strip(),
            )
    if success:
        return CheckResult(exercise, CORRECT, success)
    if len(cases) == 1:
        return CheckResult(exercise, CORRECT, _("Matches the reference on its test input."))
    return CheckResult(exercise, CORRECT, _("Matches the reference on all {n} test inputs.").format(n=len(cases)))


def _NOT_ATTEMPTED_MESSAGE() -> str:
    return _("Replace the `raise NotImplementedError` with your code, then run this cell again.")


def close(a: torch.Tensor, b: torch.Tensor) -> bool:
    a, b = _to_tensor(a), _to_tensor(b)
    return a.shape == b.shape and bool(torch.allclose(a, b, rtol=1e-4, atol=1e-6))


def same_elsewhere(fn: Callable, got: torch.Tensor, other_args: tuple) -> bool:
    """Whether ``fn(*other_args)`` returns ``got`` again: a number read off one run of the notebook answers
    every input alike, so a diagnosis can name it (a crash or a None on the other input says nothing)."""
    try:
        again = fn(*other_args)
    except Exception:  # noqa: BLE001 - the check reports the answer's own failures
        return False
    return again is not None and close(got, torch.as_tensor(again, dtype=torch.float64))


# P(|eps| > 2) for eps ~ N(0, 1): 2 (1 - Phi(2)) = erfc(sqrt 2) = 0.0455. A uniform noise of the same
# variance (on +-sqrt 3) never goes beyond 2: the tail tells the shapes apart where the spread cannot.
BEYOND_TWO_SD = math.erfc(math.sqrt(2))


def fraction_beyond_two_sd(eps: torch.Tensor) -> float:
    """The fraction of standardised noise ``eps`` (meant to be N(0, 1)) with ``|eps| > 2``; compare with
    :data:`BEYOND_TWO_SD` (notebooks 03 and 04: is the noise Gaussian, not only of the right variance?)."""
    return (eps.abs() > 2).float().mean().item()


def attempt(exercise: str, description: str, thunk: Callable, *, forbidden: Sequence[Callable] = ()):
    """Run ``thunk``; return ``(value, None)`` or ``(None, CheckResult)`` for a stub, a crash, a missing
    ``return`` or a call of one of ``forbidden`` (the course's own implementation of the exercise)."""
    try:
        with watching(forbidden) as called:
            value = thunk()
    except NotImplementedError:
        return None, CheckResult(exercise, NOT_ATTEMPTED, _NOT_ATTEMPTED_MESSAGE())
    except Exception as error:
        return None, CheckResult(
            exercise,
            WRONG,
            _("{description} raised {error_type}: {error}").format(
                description=description, error_type=type(error).__name__, error=error
            )
            + _error_hint(error),
        )
    if called:
        return None, CheckResult(exercise, WRONG, own_answer_message(called))
    if value is None:
        return None, CheckResult(
            exercise, WRONG, _("{description} returned None: did you forget `return`?").format(description=description)
        )
    return value, None


def check_choice(
    exercise: str,
    fn: Callable,
    *,
    answer: str,
    explanations: dict[str, str],
    measured: str,
) -> CheckResult:
    """A "predict, then run" question: ``fn()`` returns one letter of ``explanations``.

    ``answer`` is the letter this run's numbers support (the notebook passes what it measured), and
    ``measured`` says those numbers in words. A wrong letter gets the run's numbers and why that
    prediction fails (its entry in ``explanations``), so the student can compare the two.
    """
    letter, fail = attempt(exercise, _("Your prediction"), fn)
    if fail is not None:
        return fail
    options = ", ".join(f"'{k}'" for k in explanations)
    if not isinstance(letter, str) or letter.strip().strip("()").lower() not in explanations:
        return CheckResult(
            exercise,
            WRONG,
            _("On your prediction {letter!r}: return one letter, one of {options}.").format(
                letter=letter, options=options
            ),
        )
    letter = letter.strip().strip("()").lower()
    if letter == answer:
        return CheckResult(
            exercise,
            CORRECT,
            _("The run agrees: {measured}. {why}").format(measured=measured, why=explanations[letter]),
        )
    return CheckResult(
        exercise,
        WRONG,
        _("On this run, prediction ({letter}) does not match what was measured: {measured}. {why}").format(
            letter=letter, measured=measured, why=explanations[letter]
        ),
    )
