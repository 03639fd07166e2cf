"""Browser journeys only: Playwright's sync API runs an event loop in the test thread, and the ORM calls
these tests make from that thread (setting up data, reading it back) are safe. Everywhere else Django's
async-safety check stays on: the root conftest runs this package last, and the permission starts with
its first test (session-scoped, so that it also covers the test database's set-up when the journeys run
alone)."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield
