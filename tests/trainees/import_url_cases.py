"""Permission-matrix cases of this area (merged by tests/test_url_permissions.py)."""

from tests.permissions import Case

CASES: dict[str, Case] = {}


def add_objects(world, objects: dict) -> None:
    """Add the objects this area's URLs point at to ``objects`` (built for city A / base A1-a)."""
