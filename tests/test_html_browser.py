"""The HTML report in a real browser: Debian's headless Chromium, driven by Selenium.

Skipped, with the reason, where Chromium, its driver or Selenium is missing, so a fresh clone
still passes; .ci/run installs them (apt: chromium chromium-driver; pip: selenium).
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from checker.report import RenderOptions, renderer
from checker.findings import CheckResult
from report_samples import partial_report, swap_result

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(
        "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The prisoner-swap report open in headless Chromium, and the folder it was written to."""
    folder = tmp_path_factory.mktemp("html")
    report = folder / "report.html"
    report.write_text(renderer("html")(swap_result(), RenderOptions()), encoding="utf-8")
    (folder / "parks.html").write_text(renderer("html")(CheckResult((partial_report(),)), RenderOptions()),
                                       encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,2000", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    try:
        driver.get(report.as_uri())
        yield driver, folder
    finally:
        driver.quit()


def test_cards_are_visible_with_their_headings(page):
    driver, folder = page
    cards = driver.find_elements(By.CSS_SELECTOR, "section.discrepancy")
    assert [c.get_attribute("id") for c in cards] == ["d-1-1", "d-1-2", "d-1-3", "d-2-1"]
    assert all(c.is_displayed() and c.size["height"] > 80 for c in cards)
    headings = [c.find_element(By.TAG_NAME, "h3").text for c in cards]
    assert headings[2] == "Discrepancy 3: caption, headline, moscow-wounded, parts"
    assert headings[3].startswith("Accepted discrepancy 1:")
    assert "150 + 150 + 22 = 322, but the headline says 372" in cards[2].text
    assert "Fix: change the caption's 150 to 175" in cards[2].text
    repairs = driver.find_element(By.ID, "f-1-repairs")
    assert repairs.is_displayed()
    assert "Change the caption's 150 to 175." in repairs.text
    assert driver.save_screenshot(str(folder / "report.png"))
    assert (folder / "report.png").stat().st_size > 10_000


def test_summary_comes_first(page):
    driver, _ = page
    h1 = driver.find_element(By.TAG_NAME, "h1")
    first_card = driver.find_element(By.ID, "d-1-1")
    assert h1.text == "Not consistent: 1 of 4 claim files has discrepancies"
    assert h1.location["y"] < first_card.location["y"]
    summary = driver.find_element(By.CSS_SELECTOR, "section.summary")
    assert "3 open discrepancies, 1 accepted, 2 warnings" in summary.text


def test_draft_figures_link_to_their_cards(page):
    driver, _ = page
    figures = driver.find_elements(By.CSS_SELECTOR, ".draft-text .fig")
    verdicts = {(f.text.split("\n")[0].strip(), f.get_attribute("class").split()[-1]) for f in figures}
    assert ("150", "fig-conflict") in verdicts and ("hundreds", "fig-uncovered") in verdicts
    caption_figure = next(f for f in figures if f.text.startswith("150"))
    assert caption_figure.get_attribute("href").endswith("#d-1-1")
    # Red alone would not do: the mark has a border style and a hidden label of its own.
    assert caption_figure.value_of_css_property("border-top-style") == "solid"
    assert "in a discrepancy" in caption_figure.get_attribute("title")
    caption_figure.click()
    active = driver.switch_to.active_element
    assert active.get_attribute("id") == "d-1-1"
    assert driver.execute_script("return location.hash") == "#d-1-1"


def test_keyboard_reaches_a_figure_and_shows_focus(page):
    driver, _ = page
    driver.get(driver.current_url.split("#")[0])
    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(60):
        body.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        if "fig" in (active.get_attribute("class") or ""):
            break
    else:
        pytest.fail("no draft figure was reachable with the Tab key")
    assert active.value_of_css_property("outline-style") == "solid"
    active.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id").startswith(("d-", "c-", "w-"))


def test_fine_figures_link_to_their_quotes(page):
    driver, _ = page
    fine = driver.find_elements(By.CSS_SELECTOR, ".draft-text a.fig-fine")
    assert fine, "the lede's 372 is consistent and should be marked fine"
    target = fine[0].get_attribute("href").split("#")[1]
    assert driver.find_element(By.ID, target).tag_name == "li"
    assert "lede" in driver.find_element(By.ID, target).text


def test_a_phone_sized_window_needs_no_sideways_scrolling(page):
    driver, folder = page
    driver.set_window_size(420, 900)
    try:
        driver.get(driver.current_url.split("#")[0] + "#d-1-3")
        widths = driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1]
        labels = driver.execute_script(
            "return getComputedStyle(document.querySelector('#d-1-3 td[data-label]'), '::before').content")
        assert labels == '"value: "'
        driver.save_screenshot(str(folder / "narrow.png"))
    finally:
        driver.set_window_size(1280, 2000)


def test_discrepancies_of_one_cause_show_inside_its_card(page):
    driver, folder = page
    driver.get((folder / "parks.html").as_uri())
    try:
        cards = driver.find_elements(By.CSS_SELECTOR, "section.discrepancy")
        assert [c.get_attribute("id") for c in cards] == ["d-1-1"]
        listed = cards[0].find_element(By.CSS_SELECTOR, "ul.restatements")
        assert listed.is_displayed()
        assert listed.text.splitlines()[-2:] == [
            "Discrepancy 3: approved, graphic-trees, lines, maintenance, playgrounds",
            "— as discrepancy 2, with approved in place of headline",  # on a line of its own
        ]
        approved = next(f for f in driver.find_elements(By.CSS_SELECTOR, ".draft-text .fig")
                        if "claim approved" in f.get_attribute("title"))
        approved.click()
        assert driver.switch_to.active_element.get_attribute("id") == "d-1-1"
        driver.save_screenshot(str(folder / "parks.png"))
    finally:
        driver.get((folder / "report.html").as_uri())


def test_notes_are_boxed_above_the_first_card(page):
    driver, folder = page
    driver.get((folder / "parks.html").as_uri())
    try:
        notes = driver.find_element(By.CSS_SELECTOR, "div.notes")
        assert notes.is_displayed() and notes.text.startswith("Note: More discrepancies exist")
        assert "partial result" in notes.text
        assert notes.location["y"] < driver.find_element(By.ID, "d-1-1").location["y"]
        assert notes.value_of_css_property("border-left-style") == "solid"
    finally:
        driver.get((folder / "report.html").as_uri())


def test_the_checkers_own_report_shows_one_card_per_cause_with_the_figure_marked(page):
    """The prisoner-swap example through the whole pipeline: seven discrepancies, two causes
    (the caption's count, the caption's date), two cards; the caption's 150 is marked."""
    from pathlib import Path

    from checker.check import CheckOptions, check_paths

    driver, folder = page
    root = Path(__file__).resolve().parent.parent
    here = os.getcwd()
    os.chdir(root)
    try:
        result = check_paths(["claims/prisoner-swap.yaml"], CheckOptions())
    finally:
        os.chdir(here)
    real = folder / "prisoner-swap.html"
    real.write_text(renderer("html")(result, RenderOptions()), encoding="utf-8")
    driver.get(real.as_uri())
    try:
        cards = driver.find_elements(By.CSS_SELECTOR, "section.discrepancy")
        assert len(result.files[0].discrepancies) == 7
        assert [c.get_attribute("id") for c in cards] == ["d-1-1", "d-1-7"]
        assert all(c.is_displayed() for c in cards)
        assert "5 more with the same cause" in cards[0].text
        assert "Fix: change the caption's 150 to 175" in cards[0].text
        marked = [f for f in driver.find_elements(By.CSS_SELECTOR, ".draft-text a.fig-conflict")
                  if f.text.startswith("150")]
        assert marked and marked[0].is_displayed()
        assert marked[0].get_attribute("href").endswith("#d-1-1")
        assert marked[0].value_of_css_property("border-top-style") == "solid"
        assert not re.search(r"(?<![\w/.])\d+/\d+(?![\w/])", driver.find_element(By.CSS_SELECTOR, "main").text)
        driver.save_screenshot(str(folder / "prisoner-swap.png"))
        assert (folder / "prisoner-swap.png").stat().st_size > 10_000
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", marked[0])
        driver.save_screenshot(str(folder / "prisoner-swap-draft.png"))
    finally:
        driver.get((folder / "report.html").as_uri())
