"""Demo data of programmes: the five presets of the notices and the occupation catalogue."""

from .services import presets_load


def seed() -> None:
    presets_load()
