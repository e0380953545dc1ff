"""A process killed (SIGKILL) right after an answer was confirmed loses nothing.

A real subprocess studies on a real store and prints each answer's uid once
``answer`` has returned; the test kills it without warning, reopens the store
and looks for every confirmed answer. The second case kills it while it is
answering as fast as it can, so the kill lands in the middle of a transaction.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from altlearn.storage import log
from altlearn.study.replay import cache_differences
from tests.helpers import REPO_ROOT
from tests.study_helpers import copy_pack, installed, open_study

CHILD = """
import sys, time
from datetime import timedelta
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from tests.study_helpers import FIRST, PACK, installed, open_study, right_answer
from altlearn.study.clock import FixedClock
from tests.study_helpers import START

home, pack, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4]
clock = FixedClock(START)
study = open_study(home, [installed(pack)], clock)
print("READY", flush=True)
while True:
    quiz = study.start_quiz(PACK, FIRST)
    while not quiz.finished:
        clock.advance(timedelta(seconds=3))
        outcome = quiz.answer(right_answer(quiz.question))
        print("CONFIRMED", outcome.recorded.event.uid, flush=True)
        if mode == "pause":
            time.sleep(60)  # killed here, right after the confirmation
        quiz.advance()
    quiz.finish()
"""


def _run_and_kill(tmp_path: Path, mode: str, confirmations: int) -> tuple[Path, Path, list[str]]:
    home, pack = tmp_path / "home", copy_pack(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(home), str(pack), str(REPO_ROOT), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    confirmed: list[str] = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("CONFIRMED"):
                confirmed.append(line.split()[1])
                if len(confirmed) == confirmations:
                    os.kill(child.pid, signal.SIGKILL)
                    break
    finally:
        child.kill()
        _, stderr = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, stderr
    assert len(confirmed) == confirmations, stderr
    return home, pack, confirmed


@pytest.mark.slow
def test_a_kill_right_after_a_confirmed_answer_loses_nothing(tmp_path: Path) -> None:
    home, pack, confirmed = _run_and_kill(tmp_path, "pause", 1)
    with open_study(home, [installed(pack)]) as study:
        uids = {e.uid for e in log.all_reviews(study.db)}
        assert uids == set(confirmed)
        assert study.stats().total_answers == 1
        assert cache_differences(study.db) == []


@pytest.mark.slow
def test_a_kill_while_answering_loses_no_confirmed_answer(tmp_path: Path) -> None:
    home, pack, confirmed = _run_and_kill(tmp_path, "fast", 40)
    with open_study(home, [installed(pack)]) as study:
        uids = [e.uid for e in log.all_reviews(study.db)]
        assert set(confirmed) <= set(uids)
        assert len(uids) <= len(confirmed) + 1  # at most the answer being written when killed
        assert cache_differences(study.db) == []
        assert study.rebuild().changed == 0
