"""A workbook held between preview and commit is found only by its own user, for its own object, while
the token is fresh and the file still there."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.uploads import HELD_MAX_AGE, UploadExpired, held_upload, hold_upload


def _upload():
    return SimpleUploadedFile("名单.xlsx", b"PK\x03\x04 workbook bytes")


def test_the_held_file_comes_back_to_its_user_for_its_object(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clerk, owner = world.users["base"], world.base
    token = hold_upload(_upload(), kind="results", owner=owner, user=clerk)
    held = held_upload(token, kind="results", owner=owner, user=clerk)
    assert held["name"] == "名单.xlsx"
    with default_storage.open(held["file"], "rb") as handle:
        assert handle.read() == b"PK\x03\x04 workbook bytes"


def test_another_user_another_object_or_another_kind_finds_nothing(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    clerk = world.users["base"]
    token = hold_upload(_upload(), kind="results", owner=world.base, user=clerk)
    with pytest.raises(Http404):
        held_upload(token, kind="results", owner=world.base, user=world.users["base_same_county"])
    with pytest.raises(Http404):
        held_upload(token, kind="results", owner=world.base_same_county, user=clerk)
    with pytest.raises(UploadExpired):  # signed for another kind: another salt
        held_upload(token, kind="attendance", owner=world.base, user=clerk)


def test_a_forged_expired_or_used_token_is_a_chinese_refusal(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    clerk, owner = world.users["base"], world.base
    with pytest.raises(UploadExpired, match="已过期或无效"):
        held_upload("forged", kind="results", owner=owner, user=clerk)
    token = hold_upload(_upload(), kind="results", owner=owner, user=clerk)
    default_storage.delete(held_upload(token, kind="results", owner=owner, user=clerk)["file"])
    with pytest.raises(UploadExpired):  # committed once: the file is gone
        held_upload(token, kind="results", owner=owner, user=clerk)
    token = hold_upload(_upload(), kind="results", owner=owner, user=clerk)
    import time

    later = time.time() + HELD_MAX_AGE + 1
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(UploadExpired):
        held_upload(token, kind="results", owner=owner, user=clerk)
