"""Pagination and sorting for lists that reach province scale.

- Counting a city's 100,000 enrolments costs 15-20 ms; a clerk paging through a list does not need it
  recounted every click. ``ScopedPaginator`` keeps the count of each query (its SQL, so per scope and per
  filter) in the cache for ``COUNT_MAX_AGE`` seconds and tells the page how old it is.
- Page depth is capped: an OFFSET walks every row before it, so past ``MAX_PAGES`` the user is asked to
  narrow the filters instead (every sort is backed by an index, so pages up to the cap stay cheap).
- Sorting is a whitelist of orderings, each one an index in the model's Meta; anything else in ``?sort=``
  falls back to the default.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_MAX_AGE = 60  # seconds a list's total may lag behind the data; the page states it
MAX_PAGES = 200


@dataclass(frozen=True)
class Sort:
    label: str
    ordering: tuple[str, ...]


def sorted_by(queryset: QuerySet, requested: str | None, sorts: dict[str, Sort], default: str):
    """The queryset in the requested whitelisted order (or the default) and the key actually used."""
    key = requested if requested in sorts else default
    return queryset.order_by(*sorts[key].ordering), key


class ScopedPaginator(Paginator):
    """A Paginator whose total comes from the cache (at most ``count_max_age`` seconds old) and whose
    page count is capped at ``max_pages``."""

    def __init__(self, object_list, per_page, *, count_max_age=COUNT_MAX_AGE, max_pages=MAX_PAGES, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_max_age = count_max_age
        self.max_pages = max_pages
        self.counted_at: float | None = None

    @cached_property
    def count(self) -> int:
        try:
            sql, params = self.object_list.order_by().query.sql_with_params()
        except EmptyResultSet:  # e.g. an empty scope: nothing to count
            return 0
        key = "list-count:" + hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            total, self.counted_at = cached
            return total
        total = self.object_list.count()
        self.counted_at = time.time()
        cache.set(key, (total, self.counted_at), self.count_max_age)
        return total

    @property
    def count_age(self) -> int:
        """Seconds since the total was counted (0 when counted for this request)."""
        self.count  # noqa: B018 - makes sure counted_at is set
        return int(time.time() - self.counted_at) if self.counted_at else 0

    def page(self, number):
        """The rows of the page, read whatever the cached total says: a total up to a minute old must never
        hide rows (Paginator would cut the slice at it); if the rows show it is too low, it is raised."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if bottom + len(rows) > self.count:
            self.__dict__["count"] = bottom + len(rows)
        return self._get_page(rows, number, self)

    @cached_property
    def num_pages(self) -> int:
        return min(super().num_pages, self.max_pages)

    @property
    def truncated(self) -> bool:
        """More rows than the capped pages show: the user should narrow the filters."""
        return self.count > self.max_pages * self.per_page
