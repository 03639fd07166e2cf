"""The header on a 390 px phone (issue 10.12) and the contrast of white-on-colour badges (10.19).

Contrast is measured in Chromium from the computed styles of the real stylesheet (WCAG 2 relative
luminance), against the first ancestor that paints a background."""

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

PHONE = pytest.mark.browser_context_args(
    locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844}
)

# Returns, for every element matched by the selector, its text, box and contrast against its background.
MEASURE = """(selector) => {
  const rgba = (s) => { const m = s.match(/[\\d.]+/g).map(Number); return m.length === 3 ? [...m, 1] : m; };
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) { return c; }
    }
    return [255, 255, 255, 1];
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    const box = el.getBoundingClientRect();
    const a = lum(rgba(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return { text: el.textContent.trim(), left: box.left, right: box.right, top: box.top,
             bottom: box.bottom, width: box.width, ratio: ratio };
  });
}"""


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".who .name")).to_have_text(username)


@pytest.mark.browser
@PHONE
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["u-city", "u-base", "u-province"])
def test_every_header_link_stays_inside_a_phone_screen_and_readable(page: Page, live_server, world, username):
    # Real names are long: the bureau's full name as the demo and production carry it.
    user = world.users[username.removeprefix("u-")]
    user.organisation.bureau_name = "临沂市人力资源和社会保障局" + user.organisation.name
    user.organisation.save()
    log_in(page, f"{live_server.url}/", username)
    header = page.locator("header.topbar").bounding_box()
    links = page.evaluate(MEASURE, "header.topbar a, header.topbar button, header.topbar .who span")
    texts = [link["text"] for link in links]
    assert "修改密码" in texts and "退出" in texts
    for link in links:
        assert link["width"] > 0, link
        assert link["left"] >= 0 and link["right"] <= 390, link
        # Inside the blue bar, not spilled onto the pale page below or beside it.
        assert header["y"] <= link["top"] and link["bottom"] <= header["y"] + header["height"], link
        assert link["ratio"] >= 4.5, link
    # No horizontal scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for nav_link in page.evaluate(MEASURE, "nav.mainnav a"):
        assert nav_link["left"] >= 0 and nav_link["right"] <= 390, nav_link
        assert nav_link["ratio"] >= 4.5, nav_link


@pytest.mark.browser
@PHONE
@pytest.mark.django_db(transaction=True)
def test_white_text_on_every_coloured_badge_reaches_4_5_to_1(page: Page, live_server, world):
    log_in(page, f"{live_server.url}/", "u-city")
    page.evaluate(
        """() => { for (const kind of ["red", "green", "gold", "blue"]) {
             const span = document.createElement("span");
             span.className = "badge badge-" + kind; span.textContent = kind;
             document.querySelector("main").appendChild(span); } }"""
    )
    badges = page.evaluate(MEASURE, "main .badge, .who .role")
    assert len(badges) >= 5
    for badge in badges:
        assert badge["ratio"] >= 4.5, badge
