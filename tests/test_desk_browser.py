"""The desk in a real browser: Debian's headless Chromium, driven by Selenium, on a live server.

Skipped, with the reason, where Chromium, its driver, Selenium or the desk extra is missing,
so a fresh clone still passes; .ci/run installs Chromium and the test extra installs the rest.
"""

from __future__ import annotations

import http.client
import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("starlette", reason="the desk extra is not installed (pip install 'figcheck[desk]')")
pytest.importorskip("ruamel.yaml", reason="the desk extra is not installed (pip install 'figcheck[desk]')")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from checker.desk.serve import Desk, open_session  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(os.environ.get("FIGCHECK_SCREENSHOTS", "")) if os.environ.get("FIGCHECK_SCREENSHOTS") else None


def _chrome(height: int = 1000):
    """Headless Chromium at a fixed size, so that screenshots compare."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size=1400,{height}", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """The desk open on a copy of the prisoner-swap example, in headless Chromium."""
    folder = tmp_path_factory.mktemp("desk")
    (folder / "drafts").mkdir()
    shutil.copy(ROOT / "claims" / "prisoner-swap.yaml", folder / "prisoner-swap.yaml")
    shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", folder / "drafts" / "prisoner-swap.txt")
    server = Desk(open_session(str(folder / "prisoner-swap.yaml"))).start()
    driver = _chrome()
    try:
        driver.get(server.url)
        yield driver, server, folder
    finally:
        driver.quit()
        server.stop()


def _wait(driver, condition, timeout=20):
    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def _click(driver, element) -> None:
    """Click as a reader would: the element brought to the middle of the window first."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _status(driver) -> str:
    return driver.find_element(By.ID, "status").get_attribute("class").split()[-1]


def _shoot(driver, folder: Path, name: str) -> None:
    path = (SHOTS or folder) / f"desk-{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def test_the_caption_card_shows(desk):
    driver, _, folder = desk
    _wait(driver, lambda d: _status(d) == "inconsistent")
    card = driver.find_element(By.CSS_SELECTOR, 'section.card[data-group="caption"]')
    assert card.is_displayed()
    assert "Discrepancy: caption" in card.text
    assert "cannot be both 150 (the caption) and 175" in card.text
    assert driver.find_element(By.ID, "verdict").text == "Not consistent: 2 causes of discrepancies"
    _shoot(driver, folder, "opened")


def test_clicking_the_150_marks_both_places_it_stands(desk):
    driver, _, folder = desk
    figure = next(f for f in driver.find_elements(By.CSS_SELECTOR, "#draft .fig")
                  if f.text == "150")
    assert "fig-conflict" in figure.get_attribute("class")
    _click(driver, figure)
    _wait(driver, lambda d: "marked" in d.find_element(By.CSS_SELECTOR, '#draft .fig[data-ids="caption"]')
          .get_attribute("class"))
    rows = driver.find_elements(By.CSS_SELECTOR, 'li.claim[data-claim="caption"]')
    # The caption gives both ua_freed and ru_freed: it stands under each quantity.
    groups = [r.find_element(By.XPATH, "ancestor::section[@data-quantity]").get_attribute("data-quantity")
              for r in rows]
    assert groups == ["ua_freed", "ru_freed"]
    assert all("marked" in r.get_attribute("class") and r.is_displayed() for r in rows)
    _shoot(driver, folder, "marked")


def test_a_card_marks_its_figures(desk):
    driver, _, _ = desk
    _click(driver, driver.find_element(By.CSS_SELECTOR, 'section.card[data-group="caption-day"] .why'))
    _wait(driver, lambda d: "marked" in d.find_element(By.CSS_SELECTOR, '#draft .fig[data-ids="caption-day"]')
          .get_attribute("class"))
    assert "marked" in driver.find_element(By.CSS_SELECTOR, '#draft .fig[data-ids="lede-day"]').get_attribute("class")
    assert "marked" not in driver.find_element(By.CSS_SELECTOR, '#draft .fig[data-ids="caption"]').get_attribute("class")


def test_accepting_a_discrepancy_needs_a_note(desk):
    driver, _, folder = desk
    _wait(driver, lambda d: _status(d) == "inconsistent")
    card = driver.find_element(By.CSS_SELECTOR, 'section.card[data-group="caption-day"]')
    _click(driver, card.find_element(By.XPATH, ".//button[starts-with(., 'Accept')]"))
    note = card.find_element(By.CSS_SELECTOR, "input.note-input")
    _click(driver, card.find_element(By.CSS_SELECTOR, "form.accept button[type=submit]"))
    time.sleep(0.3)
    assert driver.find_element(By.CSS_SELECTOR, 'section.card[data-group="caption-day"]').get_attribute("class") == "card"
    note.send_keys("the caption is a file photo; the desk knows", Keys.ENTER)
    accepted = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, 'section.card.accepted[data-group="caption-day"]'))
    assert "Note: the caption is a file photo; the desk knows" in accepted.text
    assert 'accept: the caption is a file photo; the desk knows' in driver.execute_script(
        "return document.querySelector('li.claim[data-claim=\"caption-day\"]').textContent").replace("accepted: ", "accept: ")
    _shoot(driver, folder, "accepted")
    _click(driver, accepted.find_element(By.XPATH, ".//button[starts-with(., 'Withdraw')]"))
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "section.card.accepted"))


def _set_value(driver, claim_id: str, text: str) -> None:
    box = driver.find_element(By.CSS_SELECTOR, f'li.claim[data-claim="{claim_id}"] input.value')
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(text, Keys.TAB)


def test_the_rule_editor_completes_names_and_shows_a_parse_error_where_it_is(desk):
    driver, _, folder = desk
    rule = driver.find_element(By.ID, "new-relation-rule")
    rule.send_keys("exchanged >= ua_w")
    option = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#new-relation .complete li"))
    assert option.text == "ua_wounded"
    rule.send_keys(Keys.TAB)
    assert rule.get_attribute("value") == "exchanged >= ua_wounded"
    rule.send_keys(" +* 2")
    mark = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#new-relation .rule-error:not([hidden]) mark"))
    assert mark.text == "*"
    error = driver.find_element(By.CSS_SELECTOR, "#new-relation .rule-error")
    assert error.find_element(By.CSS_SELECTOR, "code").text == "exchanged >= ua_wounded +* 2"
    _shoot(driver, folder, "rule-error")
    rule.send_keys(Keys.CONTROL, "a", Keys.DELETE)


def test_175_in_the_caption_and_the_right_day_make_it_consistent_and_save_keeps_the_rest(desk):
    driver, server, folder = desk
    original = (folder / "prisoner-swap.yaml").read_text(encoding="utf-8")
    _set_value(driver, "caption", "175")
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, 'section.card[data-group="caption"]'))
    assert _status(driver) == "inconsistent"  # the caption's date is still the earlier swap's
    first_ms = float(driver.find_element(By.TAG_NAME, "body").get_attribute("data-last-edit-ms"))
    _set_value(driver, "caption-day", "March 19, 2025")
    _wait(driver, lambda d: _status(d) == "consistent")
    assert driver.find_element(By.ID, "status").text == "consistent"
    assert not driver.find_elements(By.CSS_SELECTOR, "section.card")
    second_ms = float(driver.find_element(By.TAG_NAME, "body").get_attribute("data-last-edit-ms"))
    print(f"\nedit to result in the browser: {first_ms:.0f} ms and {second_ms:.0f} ms")
    _shoot(driver, folder, "consistent")
    assert not driver.find_element(By.ID, "dirty").get_attribute("hidden")

    _click(driver, driver.find_element(By.ID, "save"))
    _wait(driver, lambda d: d.find_element(By.ID, "save").get_attribute("disabled"))
    saved = (folder / "prisoner-swap.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(original.splitlines(), saved.splitlines()) if a != b]
    assert len(original.splitlines()) == len(saved.splitlines())
    assert changed == [
        ("     quantity: [ua_freed, ru_freed], value: 150}", "     quantity: [ua_freed, ru_freed], value: 175}"),
        ('     quantity: swap_announced, value: "February 5, 2025"}',
         '     quantity: swap_announced, value: "March 19, 2025"}'),
    ]
    assert (folder / "prisoner-swap.yaml~").read_text(encoding="utf-8") == original


def test_unsaved_edits_survive_a_reload(desk):
    driver, server, folder = desk
    _set_value(driver, "headline", "373")
    _wait(driver, lambda d: _status(d) == "inconsistent")
    server.session.reload()  # as if the server had restarted from the saved file
    driver.refresh()
    _wait(driver, lambda d: "restored" in d.find_element(By.ID, "banner-text").text)
    box = driver.find_element(By.CSS_SELECTOR, 'li.claim[data-claim="headline"] input.value')
    assert box.get_attribute("value") == "373"
    assert _status(driver) == "inconsistent"


def test_a_change_on_disk_is_noticed_and_not_overwritten(desk):
    driver, _, folder = desk
    claim_file = folder / "prisoner-swap.yaml"
    outside = claim_file.read_text(encoding="utf-8") + "# edited in another editor\n"
    time.sleep(0.01)
    claim_file.write_text(outside, encoding="utf-8")
    _wait(driver, lambda d: "changed outside the desk" in d.find_element(By.ID, "banner-text").text)
    _click(driver, driver.find_element(By.ID, "save"))
    time.sleep(0.5)
    assert claim_file.read_text(encoding="utf-8") == outside


def _get(url: str, path: str, headers: dict[str, str]) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def test_requests_without_the_token_or_from_a_foreign_host_are_refused(desk):
    _, server, _ = desk
    token = server.token
    own = f"127.0.0.1:{server.port}"
    assert _get(server.url, "/api/state", {"Host": own, "X-Desk-Token": token}) == 200
    assert _get(server.url, "/api/state", {"Host": own}) == 403
    assert _get(server.url, "/", {"Host": own}) == 403
    assert _get(server.url, "/api/state", {"Host": own, "X-Desk-Token": token[:-1] + "x"}) == 403
    assert _get(server.url, "/api/state", {"Host": f"attacker.example:{server.port}", "X-Desk-Token": token}) == 403
    assert _get(server.url, "/api/state", {"Host": own, "X-Desk-Token": token,
                                           "Origin": "http://attacker.example"}) == 403


HOSTILE_DRAFT = """\
<img src=x onerror="document.body.dataset.pwned='draft'"> Council builds 240 homes

The council said 240 homes were finished this year, up from 180 <b>last</b> year.
"""


@pytest.fixture(scope="module")
def from_draft(tmp_path_factory):
    """The desk started on a bare draft whose text carries HTML, in headless Chromium."""
    folder = tmp_path_factory.mktemp("draft")
    (folder / "homes.txt").write_text(HOSTILE_DRAFT, encoding="utf-8")
    server = Desk(open_session(str(folder / "homes.txt"))).start()
    driver = _chrome(900)
    try:
        driver.get(server.url)
        _wait(driver, lambda d: _status(d) not in ("checking",))
        yield driver, server, folder
    finally:
        driver.quit()
        server.stop()


def test_a_draft_opens_as_extract_would_start_it_and_its_html_stays_text(from_draft):
    driver, server, folder = from_draft
    assert driver.find_element(By.ID, "path").text.endswith("homes.yaml")
    draft = driver.find_element(By.ID, "draft")
    assert '<img src=x onerror="document.body.dataset.pwned=' in draft.text
    assert not driver.find_elements(By.CSS_SELECTOR, "#draft img, #draft b, #claims img, #claims b")
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-pwned") is None
    figures = driver.find_elements(By.CSS_SELECTOR, "#draft .fig")
    assert [f.text for f in figures][:3] == ["240", "240", "180"]
    assert all("fig-covered" in f.get_attribute("class") for f in figures)
    assert not (folder / "homes.yaml").exists()


def test_clicking_an_uncovered_figure_adds_a_claim_for_it(from_draft):
    driver, server, folder = from_draft
    row = driver.find_elements(By.CSS_SELECTOR, "li.claim")[-1]
    claim_id = row.get_attribute("data-claim")
    _click(driver, row.find_element(By.CSS_SELECTOR, "button.delete"))
    driver.switch_to.alert.accept()
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f'li.claim[data-claim="{claim_id}"]'))
    uncovered = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#draft .fig-uncovered"))
    assert uncovered.text == "180"
    _shoot(driver, folder, "uncovered")
    _click(driver, uncovered)
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#draft .fig-uncovered"))
    added = driver.find_elements(By.CSS_SELECTOR, "li.claim")[-1]
    assert added.find_element(By.CSS_SELECTOR, "input.value").get_attribute("value") == "180"
    assert "180" in added.find_element(By.CSS_SELECTOR, "q.quote").text
    _click(driver, driver.find_element(By.ID, "save"))
    _wait(driver, lambda d: (folder / "homes.yaml").exists())
    assert "value: 180" in (folder / "homes.yaml").read_text(encoding="utf-8")


def test_a_long_check_shows_its_progress_and_cancel_stops_it(tmp_path):
    from test_desk import slow_file

    from checker.check import CheckOptions

    (tmp_path / "slow.yaml").write_text(slow_file(), encoding="utf-8")
    # Work enough for the clock to end it: at the default work budget the check ends by itself
    # in about 10 s, and on a loaded machine that can come before the click, not after it.
    server = Desk(open_session(str(tmp_path / "slow.yaml"), options=CheckOptions(max_steps=10**10))).start()
    driver = _chrome(900)
    try:
        driver.get(server.url)
        progress = _wait(driver, lambda d: d.find_element(By.ID, "progress") if d.find_element(By.ID, "progress")
                         .is_displayed() else None)
        assert "of at most 20 s" in progress.text
        _shoot(driver, tmp_path, "progress")
        driver.find_element(By.ID, "cancel").click()
        # stopped long before the 20 s the check would otherwise take
        _wait(driver, lambda d: d.find_element(By.ID, "status").text == "not checked: stopped", timeout=10)
        assert not driver.find_element(By.ID, "progress").is_displayed()
        assert len(driver.find_elements(By.CSS_SELECTOR, "li.claim")) == 30  # the claims are there to edit
    finally:
        driver.quit()
        server.stop()


# -- each part of the page on a desk of its own ---------------------------------------------------

@pytest.fixture()
def opened(tmp_path):
    """`open(claim_file_text=None, options=None)`: a desk and a browser on a fresh copy of the swap."""
    made = []

    def open_desk(text: str | None = None, options=None):
        (tmp_path / "drafts").mkdir(exist_ok=True)
        shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", tmp_path / "drafts" / "prisoner-swap.txt")
        path = tmp_path / "prisoner-swap.yaml"
        path.write_text(text if text is not None else (ROOT / "claims" / "prisoner-swap.yaml").read_text("utf-8"),
                        encoding="utf-8")
        server = Desk(open_session(str(path), options=options)).start()
        driver = _chrome()
        made.append((driver, server))
        driver.get(server.url)
        _wait(driver, lambda d: _status(d) not in ("checking",))
        return driver, server, path

    yield open_desk
    for driver, server in made:
        driver.quit()
        server.stop()


def _edited(driver, revision_before: int) -> None:
    """Wait until the page has drawn the answer to one more edit."""
    _wait(driver, lambda d: d.execute_script("return state && state.revision") > revision_before
          and d.execute_script("return pending") == 0)


def _revision(driver) -> int:
    return driver.execute_script("return state.revision")


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    assert len(before.splitlines()) == len(after.splitlines())
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]


def test_every_field_of_a_claim_is_edited_on_the_page_and_saved_as_that_one_change(opened):
    driver, _, path = opened()
    original = path.read_text(encoding="utf-8")
    row = driver.find_element(By.CSS_SELECTOR, 'section[data-quantity="exchanged"] li.claim[data-claim="headline"]')
    _click(driver, row.find_element(By.CSS_SELECTOR, "button.more"))

    def field(css):
        return driver.find_element(By.CSS_SELECTOR,
                                   f'section[data-quantity="exchanged"] li.claim[data-claim="headline"] {css}')

    focused = []
    for css, text in ((".f-quote", "Moscow and Kyiv trade 372 soldiers"), (".f-source", "Reuters"),
                      (".f-weight", "3"), (".f-accept", "the headline is the ministry's count")):
        box = field(css)
        revision = _revision(driver)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(text, Keys.TAB)
        _edited(driver, revision)
        focused.append(driver.switch_to.active_element.get_attribute("data-key"))
    # the field Tab moved to is still the one in focus after the page redrew the claim
    assert focused == ["c:exchanged|headline:where", "c:exchanged|headline:weight", "c:exchanged|headline:accept",
                       "c:exchanged|lede:value"]
    revision = _revision(driver)
    from selenium.webdriver.support.ui import Select

    Select(field("select.f-where")).select_by_value("standfirst")
    _edited(driver, revision)
    _shoot(driver, path.parent, "fields")
    assert field(".f-quote").get_attribute("value") == "Moscow and Kyiv trade 372 soldiers"
    _click(driver, driver.find_element(By.ID, "save"))
    _wait(driver, lambda d: d.find_element(By.ID, "save").get_attribute("disabled"))
    assert _changed_lines(original, path.read_text(encoding="utf-8")) == [(
        "  - {id: headline, where: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}",
        "  - {id: headline, where: standfirst, quote: Moscow and Kyiv trade 372 soldiers, quantity: exchanged, "
        "value: 372, source: Reuters, weight: 3, accept: the headline is the ministry's count}")]


def test_what_is_typed_while_an_answer_arrives_stays_in_its_field(opened):
    driver, _, _ = opened()
    lede = 'section[data-quantity="exchanged"] li.claim[data-claim="lede"]'
    _click(driver, driver.find_element(By.CSS_SELECTOR, lede + " button.more"))
    row = driver.find_element(By.CSS_SELECTOR, lede)  # drawn again, open
    value = row.find_element(By.CSS_SELECTOR, "input.value")
    revision = _revision(driver)
    value.send_keys(Keys.CONTROL, "a")
    value.send_keys("373")
    from selenium.webdriver.common.action_chains import ActionChains

    # Leaving the value sends it; what is typed next goes to the field in focus, whether the
    # answer to 373 (which redraws the claim) comes before it or after.
    _click(driver, row.find_element(By.CSS_SELECTOR, ".f-source"))
    ActionChains(driver).send_keys("Reu").perform()
    _edited(driver, revision)
    active = driver.switch_to.active_element
    assert active.get_attribute("data-key") == "c:exchanged|lede:source"
    assert active.get_attribute("value") == "Reu"
    ActionChains(driver).send_keys("ters", Keys.TAB).perform()
    _wait(driver, lambda d: any(c.get("source") == "Reuters" for c in d.execute_script("return state.document.claims")))


def test_a_quantity_is_renamed_and_merged_on_the_page(opened):
    driver, _, path = opened()
    name = driver.find_element(By.CSS_SELECTOR, 'section[data-quantity="ua_wounded"] input.qname')
    revision = _revision(driver)
    name.send_keys(Keys.CONTROL, "a")
    name.send_keys("ua_hurt", Keys.TAB)
    _edited(driver, revision)
    assert driver.find_elements(By.CSS_SELECTOR, 'section[data-quantity="ua_hurt"] li.claim[data-claim="zelensky-wounded"]')
    rule = driver.find_element(By.CSS_SELECTOR, '.relation[data-relation="parts"] input.rule')
    assert rule.get_attribute("value") == "exchanged = ua_freed + ru_freed + ua_hurt"
    from selenium.webdriver.support.ui import Select

    revision = _revision(driver)
    Select(driver.find_element(By.CSS_SELECTOR, 'section[data-quantity="ru_freed"] select')).select_by_value("ua_freed")
    _edited(driver, revision)
    assert not driver.find_elements(By.CSS_SELECTOR, 'section[data-quantity="ru_freed"]')
    assert [r.get_attribute("data-claim") for r in driver.find_elements(
        By.CSS_SELECTOR, 'section[data-quantity="ua_freed"] li.claim')] == ["caption", "moscow-ua", "kyiv-ru"]
    assert driver.find_element(By.CSS_SELECTOR, '.relation[data-relation="parts"] input.rule').get_attribute(
        "value") == "exchanged = ua_freed + ua_freed + ua_hurt"
    _click(driver, driver.find_element(By.ID, "save"))
    _wait(driver, lambda d: d.find_element(By.ID, "save").get_attribute("disabled"))
    saved = path.read_text(encoding="utf-8")
    assert "ru_freed" not in saved and "ua_hurt:" in saved and "# " in saved  # the comments stay


def test_a_repair_is_applied_from_the_report(opened):
    driver, _, _ = opened()
    repairs = driver.find_element(By.ID, "repairs")
    change = next(c for c in repairs.find_elements(By.CSS_SELECTOR, ".change") if c.text.startswith("caption: 150"))
    assert "→ 175" in change.text
    _click(driver, change.find_element(By.XPATH, ".//button[.='apply']"))
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, 'section.card[data-group="caption"]'))
    value = driver.find_element(By.CSS_SELECTOR, 'li.claim[data-claim="caption"] input.value')
    assert value.get_attribute("value") == "175"


# No three whole cubes add to 4, which a small work budget cannot show: left undecided.
CUBES = ("version: 1\nquantities:\n"
         + "".join(f"  {v}: {{min: -1000000, max: 1000000, integer: true}}\n" for v in "xyz")
         + "  s: {min: -100, max: 100, integer: true}\n"
         + "relations:\n  - {id: cubes, rule: s = x * x * x + y * y * y + z * z * z}\n"
         + 'claims:\n  - {id: four, quantity: s, value: "4"}\n')


def test_an_undecided_file_says_so_on_the_page(opened):
    from checker.check import CheckOptions

    driver, _, path = opened(CUBES, CheckOptions(max_steps=20000))
    _wait(driver, lambda d: _status(d) == "undecided")
    assert driver.find_element(By.ID, "status").text == "undecided"
    assert driver.find_element(By.ID, "verdict").text.startswith("Undecided")
    questions = driver.find_element(By.ID, "questions").text
    assert "Left open" in questions and "cubes, four" in questions and "give " in questions
    assert not driver.find_elements(By.CSS_SELECTOR, "section.card")
    _shoot(driver, path.parent, "undecided")


def test_the_page_loads_nothing_from_anywhere_but_the_desk(opened):
    driver, server, _ = opened()
    origin = f"http://127.0.0.1:{server.port}/"
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert {name.split("?")[0] for name in loaded if not name.startswith("data:")} >= {
        origin + "static/desk.js", origin + "static/desk.css"}
    assert all(name.startswith(origin) or name.startswith("data:") for name in loaded), loaded
    import importlib.resources
    import re

    for asset in importlib.resources.files("checker.desk").joinpath("static").iterdir():
        text = asset.read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[\w-]+(\.[\w-]+)+|@import|url\(\s*['\"]?(https?:)?//", text), asset.name


def test_figures_extract_made_nothing_of_get_a_quantity_each(tmp_path):
    (tmp_path / "d.txt").write_text("Council builds 240 homes\n\nRoom 101 had 3 chairs and 7 tables.\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("version: 1\narticle: {draft: d.txt}\nquantities:\n  homes: {unit: count}\n"
                                     "claims:\n  - {id: h, quote: Council builds 240 homes, quantity: homes, value: 240}\n",
                                     encoding="utf-8")
    server = Desk(open_session(str(tmp_path / "d.yaml"))).start()
    driver = _chrome(900)
    try:
        driver.get(server.url)
        _wait(driver, lambda d: _status(d) == "consistent")
        driver.execute_script("suggestions = []")  # as for figures `extract` does not suggest a claim for
        for figure in ("3", "7"):
            revision = _revision(driver)
            _click(driver, next(f for f in driver.find_elements(By.CSS_SELECTOR, "#draft .fig-uncovered")
                                if f.text == figure))
            _edited(driver, revision)
        claims = driver.execute_script("return state.document.claims")
        assert [(c["value"], c["quantity"]) for c in claims[1:]] == [("3", ["new_quantity"]), ("7", ["new_quantity_2"])]
        # each quote holds its own figure and not the other one
        assert [c["quote"] for c in claims[1:]] == ["Room 101 had 3 chairs and", "chairs and 7 tables"]
        assert _status(driver) == "consistent"  # two figures, not one quantity said to be both 3 and 7
    finally:
        driver.quit()
        server.stop()


def test_figcheck_desk_on_the_swap_opens_a_page_that_shows_the_caption_discrepancy(tmp_path):
    import subprocess
    import sys

    (tmp_path / "drafts").mkdir()
    shutil.copy(ROOT / "claims" / "prisoner-swap.yaml", tmp_path / "prisoner-swap.yaml")
    shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", tmp_path / "drafts" / "prisoner-swap.txt")
    process = subprocess.Popen([sys.executable, "-m", "checker", "desk", "prisoner-swap.yaml", "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    driver = _chrome()
    try:
        url = process.stdout.readline().split(": ", 1)[1].strip()
        driver.get(url)
        _wait(driver, lambda d: _status(d) == "inconsistent")
        assert "cannot be both 150 (the caption) and 175" in driver.find_element(
            By.CSS_SELECTOR, 'section.card[data-group="caption"]').text
    finally:
        driver.quit()
        process.terminate()
        process.wait(20)


def test_a_rule_claims_rule_is_edited_with_completion_and_saved_as_that_change(tmp_path):
    text = ("version: 1\nquantities:\n  total: {unit: people}   # everyone\n  part: {unit: people}\nclaims:\n"
            "  - {id: whole, quantity: total, value: 100}\n  - {id: some, quantity: part, value: 40}\n"
            "  - {id: most, rule: part >= 30}  # the lede's 'most'\n")
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    server = Desk(open_session(str(path))).start()
    driver = _chrome(900)
    try:
        driver.get(server.url)
        _wait(driver, lambda d: _status(d) == "consistent")
        _click(driver, driver.find_element(By.CSS_SELECTOR, 'li.claim[data-claim="most"] button.more'))
        rule = driver.find_element(By.CSS_SELECTOR, 'li.claim[data-claim="most"] input.f-rule')
        rule.send_keys(Keys.CONTROL, "a")
        rule.send_keys("part * 2 >= to")
        option = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, 'li.claim[data-claim="most"] .complete li'))
        assert option.text == "total"
        revision = _revision(driver)
        rule.send_keys(Keys.TAB, Keys.ENTER)  # Tab takes the name, Enter sends the rule
        _edited(driver, revision)
        assert _status(driver) == "inconsistent"  # 40 * 2 < 100
        _click(driver, driver.find_element(By.ID, "save"))
        _wait(driver, lambda d: d.find_element(By.ID, "save").get_attribute("disabled"))
        assert _changed_lines(text, path.read_text(encoding="utf-8")) == [
            ("  - {id: most, rule: part >= 30}  # the lede's 'most'",
             "  - {id: most, rule: part * 2 >= total}  # the lede's 'most'")]
    finally:
        driver.quit()
        server.stop()


def test_a_refused_edit_says_why_and_its_field_shows_the_file_again(opened):
    driver, _, _ = opened()
    head = 'section[data-quantity="exchanged"] li.claim[data-claim="headline"]'
    _click(driver, driver.find_element(By.CSS_SELECTOR, head + " button.more"))
    box = driver.find_element(By.CSS_SELECTOR, head + " .f-quantity")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys("2x", Keys.ENTER)
    _wait(driver, lambda d: "is not a quantity name" in d.find_element(By.ID, "banner-text").text)
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, head + " .f-quantity").get_attribute("value") == "exchanged")
    assert driver.find_element(By.ID, "save").get_attribute("disabled")  # nothing changed
