"""The results pages: the grid of a class (completion shown, a pass for an incomplete trainee refused
with the reason, nothing saved), the batch page's buttons from the step table, the list, scoping."""

from django.urls import reverse

from assessment.models import Result, ResultBatch
from assessment.services import batch_get_or_create

from .factories import assessed_class


def _grid(enrollments, outcome="合格"):
    data = {}
    for e in enrollments:
        data.update({f"score-{e.pk}": "90", f"outcome-{e.pk}": outcome})
    return data


def test_the_base_types_results_in_the_grid_and_a_short_trainee_is_refused(world, login):
    _, _, training_class, (a, b, short) = assessed_class(world)
    client = login(world.users["base"])
    url = reverse("assessment:class_results", args=[training_class.pk])
    page = client.get(url).content.decode()
    assert "未学满" in page and "实操差 15 课时" in page
    response = client.post(url, _grid([a, b, short]))
    assert response.status_code == 200
    assert "未学满课时，不能评为合格：实操差 15 课时" in response.content.decode()
    assert not Result.objects.exists() and not ResultBatch.objects.exists()
    response = client.post(url, {**_grid([a, b]), f"outcome-{short.pk}": "不合格"}, follow=True)
    assert "已保存 3 名学员的考核结果" in response.content.decode()
    assert Result.objects.filter(outcome="pass").count() == 2


def test_the_batch_page_shows_the_steps_the_user_may_take(world, login):
    program, base, training_class, (a, *_rest) = assessed_class(world)
    batch = batch_get_or_create(program=program, base=base)
    client = login(world.users["base"])
    client.post(reverse("assessment:class_results", args=[training_class.pk]), _grid([a]))
    page = client.get(reverse("assessment:batch_detail", args=[batch.pk])).content.decode()
    assert reverse("assessment:batch_submit", args=[batch.pk]) in page
    assert reverse("assessment:batch_approve", args=[batch.pk]) not in page
    client.post(reverse("assessment:batch_submit", args=[batch.pk]))
    city = login(world.users["city"])
    page = city.get(reverse("assessment:batch_detail", args=[batch.pk])).content.decode()
    assert reverse("assessment:batch_approve", args=[batch.pk]) in page
    city.post(reverse("assessment:batch_approve", args=[batch.pk]), {"opinion": "同意"})
    batch.refresh_from_db()
    assert batch.status == ResultBatch.Status.APPROVED
    # Frozen: the grid is read-only and a POST changes nothing.
    base_client = login(world.users["base"])
    page = base_client.get(reverse("assessment:class_results", args=[training_class.pk])).content.decode()
    assert "已冻结" in page
    base_client.post(reverse("assessment:class_results", args=[training_class.pk]), _grid([a], "不合格"))
    assert Result.objects.get(enrollment=a).outcome == "pass"


def test_the_list_shows_batches_in_scope_only(world, login):
    program, base, _, _ = assessed_class(world, trainees=1)
    batch_get_or_create(program=program, base=base)
    assert (
        base.organisation.name
        in login(world.users["county"]).get(reverse("assessment:batch_list")).content.decode()
    )
    other = login(world.users["base_same_county"]).get(reverse("assessment:batch_list")).content.decode()
    assert "暂无考核结果批次" in other


def _upload(tmp_path, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_imports import xlsx

    return SimpleUploadedFile("考核结果.xlsx", xlsx(tmp_path, rows).read_bytes())


def test_the_browser_import_previews_then_commits_everything_or_nothing(world, login, tmp_path):
    from .factories import line

    program, base, _, (a, b, short) = assessed_class(world)
    batch = batch_get_or_create(program=program, base=base)
    client = login(world.users["base"])
    url = reverse("assessment:batch_import", args=[batch.pk])
    refused = client.post(url, {"file": _upload(tmp_path, [line(1, a), line(2, short)])}).content.decode()
    assert "1 行不通过" in refused and "实操差 15 课时" in refused and "results-commit" not in refused
    preview = client.post(url, {"file": _upload(tmp_path, [line(1, a), line(2, b)])})
    assert not Result.objects.exists()
    token = preview.context["token"]
    done = client.post(
        reverse("assessment:batch_import_commit", args=[batch.pk]), {"token": token}, follow=True
    )
    assert "已导入 2 名学员的考核结果" in done.content.decode()
    assert Result.objects.count() == 2
    # Another user cannot replay the token.
    colleague = login(world.users["city"])
    assert (
        colleague.post(
            reverse("assessment:batch_import_commit", args=[batch.pk]), {"token": token}
        ).status_code
        == 404
    )


def test_a_malformed_upload_is_a_chinese_message_and_saves_nothing(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    program, base, _, _ = assessed_class(world, trainees=1)
    batch = batch_get_or_create(program=program, base=base)
    client = login(world.users["base"])
    response = client.post(
        reverse("assessment:batch_import", args=[batch.pk]),
        {"file": SimpleUploadedFile("坏.xlsx", b"PK\x03\x04garbage")},
    )
    assert response.status_code == 200 and "考核结果表无法读取" in response.content.decode()
    assert not Result.objects.exists()
