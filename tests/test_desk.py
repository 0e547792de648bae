"""The desk's server side: opening, live checks, saving, and refusing what is not its page's.

The page itself is tested in a real browser in test_desk_browser.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the desk extra is not installed (pip install 'figcheck[desk]')")
pytest.importorskip("ruamel.yaml", reason="the desk extra is not installed (pip install 'figcheck[desk]')")
pytest.importorskip("httpx", reason="starlette's test client needs httpx")

import warnings  # noqa: E402

with warnings.catch_warnings():  # starlette asks for httpx2 in time; httpx is what pip has today
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from checker.check import CheckOptions  # noqa: E402
from checker.cli import main  # noqa: E402
from checker.desk.app import build_app  # noqa: E402
from checker.desk.checking import LiveChecker  # noqa: E402
from checker.desk.serve import open_session  # noqa: E402
from checker.desk.session import DeskError  # noqa: E402
from checker.extract import extract_claims  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "t0ken-for-tests_0123456789abcdefghijklmnopq"
PORT = 8765
OWN = f"http://127.0.0.1:{PORT}"


@pytest.fixture()
def swap(tmp_path):
    """A copy of the prisoner-swap example and its draft."""
    (tmp_path / "drafts").mkdir()
    shutil.copy(ROOT / "claims" / "prisoner-swap.yaml", tmp_path / "prisoner-swap.yaml")
    shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", tmp_path / "drafts" / "prisoner-swap.txt")
    return tmp_path / "prisoner-swap.yaml"


@pytest.fixture()
def client(swap):
    session = open_session(str(swap))
    with TestClient(build_app(session, TOKEN, PORT), base_url=OWN) as c:
        c.headers["X-Desk-Token"] = TOKEN
        c.session = session
        yield c


def edit(client, change):
    return client.post("/api/edit", json={"edit": change})


# -- the live check --------------------------------------------------------------------------

def test_the_state_holds_the_report_the_claims_and_the_draft(client):
    state = client.get("/api/state").json()
    report = state["report"]
    assert report["status"] == "inconsistent"
    assert [c["group"] for c in report["cards"]] == [["caption"], ["caption-day"]]
    assert report["cards"][0]["numbers"] == [1, 2, 3, 4, 5, 6]  # one card for the caption's six conflicts
    assert report["repairs"][0]["changes"][0] == {
        "id": "caption", "kind": "claim", "written": "150", "needs": {"ru_freed": "175", "ua_freed": "175"},
        "value": "175"}
    figure = next(f for f in report["draft"]["figures"] if f["text"] == "150")
    assert figure["ids"] == ["caption"] and figure["state"] == "conflict"
    assert state["draft_text"].startswith("Moscow and Kyiv trade 372 soldiers")
    assert [c["id"] for c in state["document"]["claims"]][:2] == ["caption", "caption-day"]
    assert state["saved"] is True


def test_an_edit_is_checked_by_the_same_pipeline_as_figcheck_check(client, swap):
    state = edit(client, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "175"}).json()
    assert [c["group"] for c in state["report"]["cards"]] == [["caption-day"]]
    assert state["saved"] is False
    state = edit(client, {"op": "set", "section": "claims", "id": "caption-day", "field": "value",
                          "value": "March 19, 2025"}).json()
    assert state["report"]["status"] == "consistent"
    copy = swap.with_name("copy.yaml")
    copy.write_text(state["text"], encoding="utf-8")
    assert main(["check", str(copy)]) == 0


def test_an_edit_that_leaves_the_text_as_it_was_is_not_checked_again(client, monkeypatch):
    before = client.get("/api/state").json()

    def no_check(text):
        raise AssertionError("checked again")

    monkeypatch.setattr(client.session.checker, "check", no_check)
    same = edit(client, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": " 150 "}).json()
    assert same["revision"] == before["revision"] and same["text"] == before["text"]
    assert same["report"] == before["report"]
    with pytest.raises(AssertionError, match="checked again"):
        edit(client, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "175"})


def test_the_draft_is_sent_once_and_again_only_when_it_changed(client, swap):
    state = client.get("/api/state").json()
    assert state["draft_text"].startswith("Moscow and Kyiv trade 372")
    assert state["report"]["draft"]["text"] is None  # the page has it from draft_text
    assert state["report"]["draft"]["figures"]
    draft = swap.parent / "drafts" / "prisoner-swap.txt"
    draft.write_text(draft.read_text(encoding="utf-8").replace("Moscow and Kyiv", "Kyiv and Moscow", 1),
                     encoding="utf-8")
    changed = edit(client, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "175"}).json()
    assert changed["report"]["draft"]["text"].startswith("Kyiv and Moscow trade 372")


def test_an_edit_that_cannot_be_made_is_refused_with_its_reason(client):
    answer = edit(client, {"op": "accept", "section": "claims", "id": "caption", "note": ""})
    assert answer.status_code == 422
    assert "needs a note" in answer.json()["error"]


def test_an_undecided_file_says_so():
    from checker.findings import FileReport, Member, OpenQuestion
    from checker.desk.view import report_view

    member = Member("turnout", "claim", "about 60%", None)
    view = report_view(FileReport("poll.yaml", "undecided", open_questions=(
        OpenQuestion((member,), "give the number of valid votes", "time"),)))
    assert view["status"] == "undecided" and view["cards"] == []
    assert view["open_questions"] == [{"ids": ["turnout"], "settle": "give the number of valid votes", "reason": "time"}]


def test_a_repair_card_names_the_few_values_that_fit():
    # Twelve people asked: a share can only move in twelfths, and the card says so rather
    # than offering a span most of whose figures cannot be a share of twelve.
    from checker.desk.view import report_view
    from checker.api import check_path

    report = check_path(ROOT / "claims" / "more" / "bridge-poll.yaml").files[0]
    changes = [c for r in report_view(report)["repairs"] for c in r["changes"] if c["id"] == "backed"]
    assert changes and changes[0]["needs"] == {"backers_share": "0% to 75% in steps of about 8.3%"}


def test_a_rule_that_does_not_read_is_placed(client):
    answer = client.post("/api/rule", json={"rule": "exchanged = ua_freed + * 2"}).json()
    assert answer["ok"] is False
    assert answer["offset"] == len("exchanged = ua_freed + ")
    assert client.post("/api/rule", json={"rule": "a = b + c"}).json() == {"ok": True, "names": ["a", "b", "c"]}


def slow_file(n: int = 30) -> str:
    """A chain of approximate sums: minutes of conflict search (the time budget ends it)."""
    quantities = "".join(f"  q{i}: {{unit: people}}\n" for i in range(n))
    relations = "".join(f"  - {{id: r{i}, rule: q{i} + q{i + 1} = q{i + 2}}}\n" for i in range(n - 2))
    claims = "".join(f"  - {{id: c{i}, quantity: q{i}, value: about {100 + i * 7}}}\n" for i in range(n))
    return f"version: 1\nquantities:\n{quantities}relations:\n{relations}claims:\n{claims}"


def test_a_long_check_shows_its_progress_and_can_be_cancelled(tmp_path):
    checker = LiveChecker(str(tmp_path / "slow.yaml"), CheckOptions())
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(checker.check(slow_file())))
    worker.start()
    deadline = time.monotonic() + 10
    while checker.running_for() is None or checker.running_for() < 0.3:
        assert time.monotonic() < deadline and worker.is_alive()
        time.sleep(0.02)
    assert checker.cancel() is True
    worker.join(10)
    assert not worker.is_alive()
    assert outcome[0].report is None
    assert checker.running_for() is None and checker.cancel() is False
    # the checker is whole afterwards: the next check runs to its end
    assert checker.check("version: 1\nquantities:\n  a: {unit: people}\nclaims:\n"
                         "  - {id: x, quantity: a, value: 3}\n").report.status == "consistent"


# -- saving ----------------------------------------------------------------------------------

def test_saving_writes_atomically_and_keeps_the_previous_version(client, swap):
    original = swap.read_text(encoding="utf-8")
    edit(client, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "175"})
    assert client.post("/api/save", json={}).json()["saved"] is True
    saved = swap.read_text(encoding="utf-8")
    assert saved == original.replace("ru_freed], value: 150}", "ru_freed], value: 175}")
    assert swap.with_name("prisoner-swap.yaml~").read_text(encoding="utf-8") == original
    assert sorted(p.name for p in swap.parent.iterdir()) == ["drafts", "prisoner-swap.yaml", "prisoner-swap.yaml~"]


def test_a_file_changed_outside_the_desk_is_not_overwritten(client, swap):
    edit(client, {"op": "set", "section": "claims", "id": "caption", "field": "value", "value": "175"})
    outside = swap.read_text(encoding="utf-8") + "# an editor's note\n"
    swap.write_text(outside, encoding="utf-8")
    assert client.get("/api/progress").json()["changed_on_disk"] is True
    answer = client.post("/api/save", json={})
    assert answer.status_code == 409 and "changed outside the desk" in answer.json()["error"]
    assert swap.read_text(encoding="utf-8") == outside
    state = client.post("/api/reload", json={}).json()
    assert state["text"] == outside and state["saved"] is True


def test_unsaved_text_is_restored_only_onto_the_file_it_was_made_from(client):
    state = client.get("/api/state").json()
    text = state["text"].replace("value: 372}", "value: 373}", 1)
    assert client.post("/api/restore", json={"text": text, "disk": state["disk"]}).json()["text"] == text
    answer = client.post("/api/restore", json={"text": text, "disk": "0" * 64})
    assert answer.status_code == 409


def test_a_draft_starts_from_what_extract_writes_and_the_first_save_makes_the_file(tmp_path):
    draft = tmp_path / "swap.txt"
    shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", draft)
    session = open_session(str(draft))
    assert session.claim_path == (tmp_path / "swap.yaml").resolve()
    assert session.text == extract_claims(draft.read_text(encoding="utf-8"), "swap.txt")
    state = session.state()
    assert state["exists"] is False and state["report"]["draft"] is not None
    session.save()
    assert (tmp_path / "swap.yaml").read_text(encoding="utf-8") == session.text
    assert not (tmp_path / "swap.yaml~").exists()
    with pytest.raises(DeskError, match="exists already"):
        open_session(str(draft))


def test_clicking_an_uncovered_figure_adds_its_suggested_claim(tmp_path):
    draft = tmp_path / "swap.txt"
    shutil.copy(ROOT / "claims" / "drafts" / "prisoner-swap.txt", draft)
    claim_file = tmp_path / "swap.yaml"
    claim_file.write_text("version: 1\narticle:\n  draft: swap.txt\nquantities:\n  exchanged: {unit: people}\n"
                          "claims:\n  - {id: headline, quote: trade 372 soldiers, quantity: exchanged, value: 372}\n",
                          encoding="utf-8")
    session = open_session(str(claim_file))
    figures = session.state()["report"]["draft"]["figures"]
    uncovered = next(f for f in figures if f["text"] == "150")
    assert uncovered["state"] == "uncovered"
    suggestion = next(s for s in session.suggestions() if s["start"] == uncovered["start"])
    assert suggestion["value"] == "150" and "150" in suggestion["quote"]
    session.edit({"op": "add_claim", **{k: suggestion[k] for k in ("quantity", "unit", "where", "quote", "value")}})
    report = session.state()["report"]
    assert next(f for f in report["draft"]["figures"] if f["start"] == uncovered["start"])["state"] == "covered"


# -- what the server refuses -----------------------------------------------------------------

@pytest.mark.parametrize(("headers", "status"), [
    ({"X-Desk-Token": ""}, 403),
    ({"X-Desk-Token": TOKEN[:-1] + "x"}, 403),
    ({"Host": f"attacker.example:{PORT}"}, 403),
    ({"Host": "127.0.0.1:1"}, 403),
    ({"Origin": "http://attacker.example"}, 403),
    ({"Origin": "null"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Origin": OWN, "Sec-Fetch-Site": "same-origin"}, 200),
    ({"Host": f"localhost:{PORT}", "Origin": f"http://localhost:{PORT}"}, 200),
])
def test_only_the_page_this_desk_opened_is_answered(client, headers, status):
    assert client.get("/api/state", headers=headers).status_code == status


def test_the_token_may_come_in_the_address_and_nothing_else_is_served(client):
    client.headers.pop("X-Desk-Token")
    assert client.get(f"/?token={TOKEN}").status_code == 200
    assert client.get("/").status_code == 403
    assert client.get(f"/static/desk.js?token={TOKEN}").status_code == 200
    for path in ("/static/session.py", "/static/..%2Fsession.py", "/static/desk.html", "/api/../../etc/passwd"):
        assert client.get(f"{path}?token={TOKEN}").status_code == 404


def test_a_post_must_be_json_and_every_answer_forbids_framing_and_foreign_scripts(client):
    assert client.post("/api/save", content=b"x=1",
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 415
    assert client.post("/api/edit", content=b"[1]", headers={"Content-Type": "application/json"}).status_code == 400
    assert client.post("/api/edit", content=b"{", headers={"Content-Type": "application/json"}).status_code == 400
    huge = b'{"text": "' + b"x" * (5 << 20) + b'"}'
    assert client.post("/api/restore", content=huge, headers={"Content-Type": "application/json"}).status_code == 413
    answer = client.get("/api/state")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_the_page_never_writes_data_as_html():
    static = ROOT / "checker" / "desk" / "static"
    script = "".join(p.read_text(encoding="utf-8") for p in static.glob("*.js"))
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script
    for asset in static.iterdir():
        assert "http://" not in asset.read_text(encoding="utf-8").replace("http://www.w3.org", "")
        assert "https://" not in asset.read_text(encoding="utf-8")


def test_the_desk_reads_only_the_files_it_was_opened_with(client, swap):
    (swap.parent / "secret.txt").write_text("do not serve", encoding="utf-8")
    for path in ("/api/state?path=secret.txt", "/static/secret.txt", "/secret.txt", "/drafts/prisoner-swap.txt"):
        answer = client.get(path)
        assert "do not serve" not in answer.text
    assert client.post("/api/restore", json={"text": "x", "disk": None, "path": "secret.txt"}).status_code == 409
    # a text that names another draft is not checked, so that file is never read
    state = client.get("/api/state").json()
    other = state["text"].replace("draft: drafts/prisoner-swap.txt", "draft: secret.txt")
    answer = client.post("/api/restore", json={"text": other, "disk": state["disk"]}).json()
    assert answer["report"] is None and "the draft the desk was opened with" in answer["error"]
    assert "do not serve" not in str(answer)


# -- the command line ------------------------------------------------------------------------

def test_figcheck_desk_refuses_what_is_not_a_claim_file_or_a_draft(tmp_path, capsys):
    assert main(["desk", str(tmp_path / "missing.yaml"), "--no-browser"]) == 2
    assert "is not a file" in capsys.readouterr().err
    draft = tmp_path / "d.txt"
    draft.write_text("A total of 372 soldiers.\n", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("version: 1\n", encoding="utf-8")
    assert main(["desk", str(draft), "--no-browser"]) == 2
    assert "exists already" in capsys.readouterr().err


def test_a_port_in_use_is_a_usage_error(swap, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["desk", str(swap), "--no-browser", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_figcheck_desk_serves_on_loopback_and_prints_its_address(swap):
    process = subprocess.Popen([sys.executable, "-m", "checker", "desk", str(swap), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=swap.parent)
    try:
        line = process.stdout.readline()
        assert line.startswith("figcheck desk: http://127.0.0.1:")
        url = line.split(": ", 1)[1].strip()
        import urllib.request

        with urllib.request.urlopen(url, timeout=20) as page:
            assert page.status == 200 and b"figcheck desk" in page.read()
    finally:
        process.terminate()
        process.wait(20)


def test_figcheck_check_imports_nothing_of_the_web_stack():
    """`python -X importtime -m checker check claims/` loads no desk module and no web library."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "checker", "check", "claims/"],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 1, done.stderr[-2000:]  # the bundled examples hold discrepancies
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "checker.check" in imported
    web = {name for name in imported if name.split(".")[0] in ("starlette", "uvicorn", "ruamel", "anyio", "httpx",
                                                               "h11", "webbrowser")
           or name.startswith("checker.desk") or name == "checker.api"}
    assert web == set()


def test_a_repeated_host_header_is_refused(swap):
    import http.client

    from checker.desk.serve import Desk

    desk = Desk(open_session(str(swap))).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=10)
        connection.putrequest("GET", "/api/progress", skip_host=True)
        connection.putheader("Host", f"127.0.0.1:{desk.port}")
        connection.putheader("Host", "attacker.example")
        connection.putheader("X-Desk-Token", desk.token)
        connection.endheaders()
        assert connection.getresponse().status == 400
        connection.close()
    finally:
        desk.stop()
