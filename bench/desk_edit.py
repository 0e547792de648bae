"""Time from an edit in the desk to its new result, on the prisoner swap and a 50-claim article.

    python bench/desk_edit.py [--edits 20] [--no-browser]

Four measures per file. Two in this process, to separate the desk's share from the check's:
  check    `checker.api.check_text` alone on the edited text (what `figcheck check` does);
  desk     the same edit through the desk's session, no server: splice, check, report as JSON;
the wall time and, in brackets, the CPU time of this process (the machine may be shared).
Two on a live desk server on 127.0.0.1:
  api      one POST /api/edit (splice the edit, check the whole file, answer with the report),
           timed by the client until the JSON answer is read (and the CPU time of this process,
           which runs the server);
  browser  a value typed into the page's claim field until the page has drawn the new report,
           its layout done, timed by the page itself (performance.now(), `data-last-edit-ms`),
           in headless Chromium, with the page's own drawing apart (`data-last-draw-ms`);
           skipped where Chromium or Selenium is missing.
Each edit changes one claim's value back and forth, so every check does the full work.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(ROOT), str(BENCH)]

from checker.desk.serve import Desk, open_session  # noqa: E402


def _files(folder: Path) -> dict[str, tuple[Path, str, tuple[str, str]]]:
    """name -> (claim file, claim id to edit, the two values it alternates between)."""
    import yaml
    from article import article_file

    (folder / "drafts").mkdir()
    shutil.copy(ROOT / "claims" / "prisoner-swap.yaml", folder / "prisoner-swap.yaml")
    shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", folder / "drafts" / "prisoner-swap.txt")
    files = {"prisoner-swap (9 claims, 2 causes)": (folder / "prisoner-swap.yaml", "caption", ("175", "150"))}
    for conflicts, label in ((0, "consistent"), (1, "1 injected conflict")):
        made = article_file(f"article{conflicts}.txt", conflicts, 1)
        path = folder / f"article{conflicts}.yaml"
        path.write_text(made.text, encoding="utf-8")
        path.with_suffix(".txt").write_text(made.draft or "", encoding="utf-8")
        claims = yaml.safe_load(made.text)["claims"]
        # A figure in the thousands, written with and without its comma: the same number, so
        # every edit keeps the verdict and the check does the same work each time.
        first = next(c for c in claims if "," in str(c.get("value", ""))
                     and str(c["value"]).replace(",", "").isdigit())
        files[f"article ({len(claims)} claims, {label})"] = (
            path, first["id"], (str(first["value"]).replace(",", ""), str(first["value"])))
    return files


def _in_process(session, claim: str, values: tuple[str, str], edits: int) -> tuple[list, list]:
    """(wall, cpu) ms of check_text alone, and of the desk's whole answer to an edit, in process."""
    import json

    from checker import api

    check: tuple[list[float], list[float]] = ([], [])
    desk: tuple[list[float], list[float]] = ([], [])
    for n in range(edits):
        change = {"op": "set", "section": "claims", "id": claim, "field": "value", "value": values[n % 2]}
        wall, cpu = time.perf_counter(), time.process_time()
        session.edit(change)
        json.dumps(session.state())
        desk[0].append((time.perf_counter() - wall) * 1000)
        desk[1].append((time.process_time() - cpu) * 1000)
        wall, cpu = time.perf_counter(), time.process_time()
        report = api.check_text(session.text, path=session.shown, options=session.checker.options)
        check[0].append((time.perf_counter() - wall) * 1000)
        check[1].append((time.process_time() - cpu) * 1000)
        assert report.file.status in ("consistent", "inconsistent"), report.file.status
    return check, desk


def _api_times(desk: Desk, claim: str, values: tuple[str, str], edits: int) -> tuple[list[float], list[float]]:
    """Wall and CPU ms per request: the server runs in this process, so its CPU time counts."""
    times: list[float] = []
    spent: list[float] = []
    for n in range(edits):
        body = json.dumps({"edit": {"op": "set", "section": "claims", "id": claim, "field": "value",
                                    "value": values[n % 2]}})
        connection = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=60)
        begun, cpu = time.perf_counter(), time.process_time()
        connection.request("POST", "/api/edit", body, {"X-Desk-Token": desk.token,
                                                       "Content-Type": "application/json",
                                                       "Host": f"127.0.0.1:{desk.port}"})
        answer = json.loads(connection.getresponse().read())
        times.append((time.perf_counter() - begun) * 1000)
        spent.append((time.process_time() - cpu) * 1000)
        connection.close()
        assert answer["report"] is not None, answer
    return times, spent


def _browser_times(desk: Desk, claim: str, values: tuple[str, str], edits: int) -> tuple[list, list] | None:
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return None
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver_path), options=options)
    times: list[float] = []
    drawn: list[float] = []  # of which the page's own drawing and layout
    try:
        driver.get(desk.url)
        WebDriverWait(driver, 30).until(lambda d: "checking" not in d.find_element(By.ID, "status").get_attribute("class"))
        for n in range(edits):
            driver.execute_script("delete document.body.dataset.lastEditMs")
            box = driver.find_element(By.CSS_SELECTOR, f'li.claim[data-claim="{claim}"] input.value')
            box.send_keys(Keys.CONTROL, "a")
            box.send_keys(values[n % 2], Keys.TAB)
            WebDriverWait(driver, 60).until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-last-edit-ms"))
            body = driver.find_element(By.TAG_NAME, "body")
            times.append(float(body.get_attribute("data-last-edit-ms")))
            drawn.append(float(body.get_attribute("data-last-draw-ms") or "nan"))
    finally:
        driver.quit()
    return times, drawn


def _line(label: str, times: list[float], cpu: list[float] | None = None) -> str:
    spent = f" [{statistics.median(cpu):6.1f}]" if cpu else " " * 9
    return (f"  {label:8} median {statistics.median(times):6.1f} ms{spent}   max {max(times):6.1f} ms   "
            f"({len(times)} edits)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (path, claim, values) in _files(Path(tmp)).items():
            desk = Desk(open_session(str(path))).start()
            try:
                desk.session.state()  # what the page does first: a whole check of the file
                print(name)
                check, own = _in_process(desk.session, claim, values, args.edits)
                print(_line("check", *check))
                print(_line("desk", *own))
                print(_line("api", *_api_times(desk, claim, values, args.edits)))
                shown = None if args.no_browser else _browser_times(desk, claim, values, args.edits // 2)
                if shown:
                    print(_line("browser", shown[0]) + f"   drawing {statistics.median(shown[1]):.1f} ms")
                else:
                    print("  browser  skipped (no Chromium or Selenium)")
            finally:
                desk.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
