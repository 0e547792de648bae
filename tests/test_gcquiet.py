"""The cycle collector is kept out of the way of a check, and given back as it was found."""

from __future__ import annotations

import gc
import threading

from checker import api, gcquiet

SMALL = "version: 1\nquantities:\n  a: {}\n  b: {}\nrelations:\n  - {id: r, rule: a = b + 1}\nclaims:\n" \
        "  - {id: x, quantity: a, value: '5'}\n  - {id: y, quantity: b, value: '4'}\n"


def test_a_check_leaves_the_collector_on_and_nothing_frozen() -> None:
    assert gc.isenabled()
    assert api.check_text(SMALL).status == "consistent"
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_paused_turns_the_collector_off_inside_and_back_on_after() -> None:
    with gcquiet.paused():
        assert not gc.isenabled()
        with gcquiet.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer check is still reading
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with gcquiet.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_checks_in_threads_give_the_collector_back_once_all_are_done() -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with gcquiet.paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with gcquiet.paused():
            second_in.set()
            first_out.wait(5)
            seen.append(gc.isenabled())  # the first check left, this one still reads

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_frozen_keeps_what_exists_out_of_collections_until_the_last_check_ends() -> None:
    kept = [[] for _ in range(10)]  # lists: objects the collector tracks
    with gcquiet.frozen():
        assert gc.get_freeze_count() >= len(kept)
        with gcquiet.frozen():
            pass
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_a_process_that_ends_with_its_check_keeps_the_file_frozen(monkeypatch) -> None:
    # The watchdog's child: thawing what the check read would only buy a full collection of it.
    monkeypatch.setattr(gcquiet, "_ending", False)
    gcquiet.ends_with_the_check()
    try:
        with gcquiet.frozen():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_command_checks_each_file_in_a_child_that_ends_with_it(tmp_path) -> None:
    from checker.check import CheckOptions, check_paths

    (tmp_path / "a.yaml").write_text(SMALL)
    assert check_paths([str(tmp_path)], CheckOptions()).files[0].status == "consistent"
    assert not gcquiet._ending  # set in the child only: this process thaws as before
