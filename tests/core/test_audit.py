import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.audit import audit_record
from core.models import AuditEntry, Job
from core.selectors import audit_entries_search
from tests.programs.factories import make_program


def test_it_records_who_what_and_the_state_change(world):
    entry = audit_record(
        actor=world.users["county"],
        action="plan.stamp",
        obj=world.base,
        organisation=world.base,
        from_state="submitted",
        to_state="county_approved",
        note="同意",
    )
    entry.refresh_from_db()
    assert entry.actor_name == "u-county"
    assert entry.object_repr == "兰山技师学院"
    assert (entry.from_state, entry.to_state, entry.note) == ("submitted", "county_approved", "同意")
    assert entry.organisation == world.base


def test_it_refuses_an_undeclared_action(world):
    with pytest.raises(ValueError):
        audit_record(actor=world.users["city"], action="made.up")


def test_a_city_sees_its_own_tree_entries_and_not_another_citys(world):
    audit_record(actor=world.users["base"], action="plan.submit", obj=world.base)
    audit_record(actor=world.users["base_other"], action="plan.submit", obj=world.base_other)
    seen = audit_entries_search(world.users["city"])
    assert [e.object_repr for e in seen] == ["兰山技师学院"]
    assert audit_entries_search(world.users["province"]).count() == 2


def test_search_filters_by_actor_object_action_and_date(world):
    audit_record(actor=world.users["base"], action="plan.submit", obj=world.base)
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base)
    old = audit_record(actor=world.users["county"], action="plan.return", obj=world.base_same_county)
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    city = world.users["city"]
    assert audit_entries_search(city, actor="u-county").count() == 2
    assert audit_entries_search(city, obj="机械").count() == 1
    assert audit_entries_search(city, action="plan.stamp").count() == 1
    today = timezone.localdate()
    assert audit_entries_search(city, date_from=today, date_to=today).count() == 2
    assert audit_entries_search(city, date_to=today - datetime.timedelta(days=5)).count() == 1


def test_the_audit_page_lists_and_filters_entries_in_chinese(world, login):
    audit_record(actor=world.users["county"], action="plan.stamp", obj=world.base, note="同意上报")
    audit_record(actor=world.users["base_other"], action="plan.submit", obj=world.base_other)
    response = login(world.users["city"]).get(reverse("core:audit_list"), {"action": "plan.stamp"})
    body = response.content.decode()
    assert "县区审核盖章" in body and "同意上报" in body
    assert "德城培训中心" not in body


def test_a_reversed_date_range_is_explained_not_applied(world, login):
    response = login(world.users["city"]).get(
        reverse("core:audit_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_a_new_programme_records_its_state_as_a_chinese_label(world):
    program = make_program(world)
    entry = AuditEntry.objects.get(action="program.create", object_id=str(program.pk))
    assert entry.to_state == "草稿"


def _old_raw_entries(world):
    """Entries as the first slice wrote them: raw status codes and a dict as the note."""
    program = make_program(world)
    audit_record(
        actor=world.users["city"],
        action="program.status",
        obj=program,
        organisation=world.city,
        from_state="draft",
        to_state="open",
        note="{}",
    )
    audit_record(
        actor=world.users["city"], action="audit.export", note="{'action': 'plan.stamp', 'actor': '张三'}"
    )


def test_old_entries_with_raw_codes_and_dict_notes_read_as_chinese_on_the_page(world, login):
    _old_raw_entries(world)
    body = login(world.users["city"]).get(reverse("core:audit_list")).content.decode()
    assert "草稿 → 计划申报中" in body
    assert "筛选条件：操作 县区审核盖章；操作人 张三" in body
    assert "draft" not in body and "{}" not in body and "{&#x27;" not in body


def test_old_entries_read_as_chinese_in_the_export_too(world, login, django_capture_on_commit_callbacks):
    _old_raw_entries(world)
    client = login(world.users["city"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:audit_export"), {"action": "program.status"})
    download = client.get(reverse("core:job_download", args=[Job.objects.get().pk]))
    rows = list(
        load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True)
    )
    assert [r[4:] for r in rows[1:]] == [("草稿", "计划申报中", None)]


def test_exporting_records_the_filters_in_words_not_as_a_dict(
    world, login, django_capture_on_commit_callbacks
):
    client = login(world.users["city"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:audit_export"), {"action": "plan.stamp", "date_from": "2026-01-01"})
        client.post(reverse("core:audit_export"), {})
    notes = list(
        AuditEntry.objects.filter(action="audit.export").order_by("id").values_list("note", flat=True)
    )
    assert notes == ["筛选条件：操作 县区审核盖章；起始日期 2026-01-01", "全部记录（未设筛选条件）"]
