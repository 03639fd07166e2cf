from django.urls import reverse

from tests.conftest import PASSWORD


def test_the_login_page_is_in_chinese(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "用户登录" in body and 'lang="zh-CN"' in body


def test_a_user_logs_in_and_lands_on_their_home_page(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "u-county", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "兰山区" in body and "县区人社局" in body


def test_a_wrong_password_is_explained_in_chinese(client, world):
    response = client.post(reverse("accounts:login"), {"username": "u-county", "password": "nope"})
    assert "用户名或密码不正确" in response.content.decode()


def test_repeated_wrong_passwords_lock_the_account(client, world):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "u-county", "password": "nope"})
    response = client.post(reverse("accounts:login"), {"username": "u-county", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_user_changes_their_password(client, world):
    client.force_login(world.users["base"])
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Xy7!longer-pass", "new_password2": "Xy7!longer-pass"},
    )
    assert response.status_code == 302
    world.users["base"].refresh_from_db()
    assert world.users["base"].check_password("Xy7!longer-pass")
