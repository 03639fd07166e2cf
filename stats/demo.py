"""Demo statistics rules (seed_demo): every preset programme gets its statistics policy, so its layout is
set and its statistics deadline is on the deadline tracker. Idempotent."""

from programs.models import Program

from .presets import STATISTICS_PRESETS
from .selectors import statistics_policy


def seed() -> None:
    for program in Program.objects.filter(code__in=list(STATISTICS_PRESETS)):
        statistics_policy(program)
