"""List plumbing at the page level: the total comes from a cache with its age stated, pages are capped,
page numbers and a jump-to-page box keep the filters, sortable headings flip the order, an unknown sort
falls back to the default, and the bench's baseline page is not part of the production URLs."""

import re
import time

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse

from core.paging import ScopedPaginator
from tests.bases.factories import make_base, open_program
from tests.trainees.factories import make_enrollment
from trainees.models import Enrollment


@pytest.fixture
def sixty(world):
    program = open_program(world)
    base = make_base(world)
    return [make_enrollment(program=program, base=base, serial=s) for s in range(1, 61)]


def test_the_total_is_cached_per_query_and_its_age_is_shown(world, login, sixty, monkeypatch):
    client = login(world.users["city"])
    url = reverse("trainees:enrollment_list")
    assert client.get(url).context["page"].paginator.count == 60
    Enrollment.objects.filter(pk=sixty[0].pk).delete()
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 30)  # half a minute later, still within the age
    response = client.get(url)
    page = response.context["page"]
    assert page.paginator.count == 60  # from the cache, at most COUNT_MAX_AGE old
    assert len(page) == 50
    assert re.search(
        r"共 60 人<span class=\"hint\">（3[01] 秒前统计，每 60 秒更新）", response.content.decode()
    )
    monkeypatch.undo()
    # Another filter is another query: counted afresh.
    assert client.get(url, {"status": "active"}).context["page"].paginator.count == 59
    cache.clear()
    assert client.get(url).context["page"].paginator.count == 59


def test_a_stale_total_never_hides_rows(world, login):
    program = open_program(world)
    base = make_base(world)
    client = login(world.users["city"])
    url = reverse("trainees:enrollment_list")
    assert client.get(url).context["page"].paginator.count == 0  # counted and cached: nobody yet
    make_enrollment(program=program, base=base, serial=1)
    page = client.get(url).context["page"]
    assert len(page) == 1 and page.paginator.count == 1


def test_pages_are_capped_and_say_so(sixty):
    paginator = ScopedPaginator(Enrollment.objects.order_by("-created_at", "-id"), 10, max_pages=3)
    assert paginator.count == 60 and paginator.num_pages == 3 and paginator.truncated
    page = paginator.get_page(99)  # past the cap: the last allowed page
    assert page.number == 3 and len(page) == 10


def test_page_numbers_and_jump_keep_the_filters(world, login, sixty):
    client = login(world.users["city"])
    body = client.get(reverse("trainees:enrollment_list"), {"status": "active", "page": "2"}).content.decode()
    nav = body[body.index('class="pagination"') :]
    assert '<span class="current" aria-current="page">2</span>' in nav
    assert "?status=active&amp;page=1" in nav
    assert '<input type="hidden" name="status" value="active">' in nav
    assert 'name="page" min="1" max="2"' in nav


def test_sortable_headings_flip_the_order_and_unknown_sorts_fall_back(world, login, sixty):
    client = login(world.users["city"])
    url = reverse("trainees:enrollment_list")
    newest = [e.pk for e in client.get(url).context["page"]]
    oldest = [e.pk for e in client.get(url, {"sort": "created"}).context["page"]]
    assert newest[0] == sixty[-1].pk and oldest[0] == sixty[0].pk
    body = client.get(url, {"sort": "created"}).content.decode()
    assert re.search(r'href="\?sort=-created"[^>]*>登记时间 ▲', body)
    assert [e.pk for e in client.get(url, {"sort": "name; DROP"}).context["page"]] == newest


def test_the_audit_log_sorts_by_time_both_ways(world, login):
    from core.audit import audit_record

    for i in range(3):
        audit_record(actor=world.users["city"], action="plan.submit", obj=world.city, note=f"n{i}")
    client = login(world.users["city"])
    newest = [e.note for e in client.get(reverse("core:audit_list")).context["page"]]
    oldest = [e.note for e in client.get(reverse("core:audit_list"), {"sort": "created"}).context["page"]]
    assert newest == list(reversed(oldest)) and newest[0] == "n2"


def test_the_bench_baseline_page_is_not_a_production_url():
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
