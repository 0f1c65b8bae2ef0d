"""The answer catalogue of the self-checks: per check, valid answers (which must pass) and the wrong answers
students really write (which must fail, with a message naming the mistake). One module per notebook, like
``course_utils.checks``."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Answers:
    """``run(answer)`` calls the check (with the run's numbers, for a prediction); ``wrong`` holds
    ``(answer, words the message must contain)``."""

    run: Callable
    valid: list = field(default_factory=list)
    wrong: list = field(default_factory=list)
