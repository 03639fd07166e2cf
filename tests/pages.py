"""Reading portal pages in tests."""

import re

TILE = re.compile(r'<span class="count">(\d+)</span><span class="label">([^<]+)</span>')


def tiles(response) -> dict[str, int]:
    """The home page's tiles as {label: count}."""
    return {label: int(count) for count, label in TILE.findall(response.content.decode())}
