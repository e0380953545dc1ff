"""The message every question widget posts when the learner commits an answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class AnswerReady(Message):
    """The learner has answered; ``answer`` has the shape the grader expects."""

    answer: Any
