"""After an answer: right or wrong, each option's feedback, the explanation, the rating."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Markdown, Static

from altlearn.domain.questions import (
    Cloze,
    Flashcard,
    MultipleSelect,
    Ordering,
    SingleChoice,
    TrueFalse,
    TypedAnswer,
)
from altlearn.domain.rating import Rating
from altlearn.study.session import Outcome
from altlearn.tui.formatting import relative
from altlearn.tui.text import clean, markdown, plain


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in clean(text).split("\n"))


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def details_markdown(outcome: Outcome) -> str:
    """The body of the feedback: what was chosen or typed, what was right, and why."""
    question = outcome.question
    answer = outcome.grade.answer or {}
    lines: list[str] = []
    match question:
        case SingleChoice():
            chosen = answer.get("choice")
            for index, choice in enumerate(question.choices):
                mark = "✓" if choice.correct else ("✗" if index == chosen else "·")
                mine = " *(your answer)*" if index == chosen else ""
                lines.append(f"- {mark} **{index + 1}** {_one_line(choice.text)}{mine}")
                if choice.feedback and (index == chosen or choice.correct):
                    lines.append("")
                    lines.append("  " + _quote(choice.feedback).replace("\n", "\n  "))
                    lines.append("")
        case MultipleSelect():
            chosen = set(answer.get("choices", []))
            for index, choice in enumerate(question.choices):
                ticked = index in chosen
                right = ticked == choice.correct
                verdict = "✓" if right else "✗"
                state = "ticked" if ticked else "not ticked"
                should = (
                    "" if right else (" — should be ticked" if choice.correct else " — should not be ticked")
                )
                lines.append(f"- {verdict} **{index + 1}** {_one_line(choice.text)} *({state}{should})*")
                if choice.feedback:
                    lines.append("")
                    lines.append("  " + _quote(choice.feedback).replace("\n", "\n  "))
                    lines.append("")
        case TrueFalse():
            given = answer.get("value")
            lines.append(
                f"You said **{'true' if given else 'false'}**; it is **{'true' if question.answer else 'false'}**."
            )
            feedback = question.feedback_true if given else question.feedback_false
            if feedback:
                lines += ["", _quote(feedback)]
        case TypedAnswer():
            lines.append(f"You typed: `{_one_line(answer.get('text', ''))}`")
            lines.append("")
            lines.append(f"Answer: **{_one_line(question.answer)}**")
            if question.accepted:
                lines.append("")
                lines.append("Also accepted: " + ", ".join(_one_line(a) for a in question.accepted))
        case Cloze():
            given = answer.get("blanks", [])
            for index, blank in enumerate(question.blanks):
                ok = outcome.grade.parts[index] if index < len(outcome.grade.parts) else False
                typed = _one_line(given[index]) if index < len(given) else ""
                also = f" (also: {', '.join(blank.answers[1:])})" if len(blank.answers) > 1 else ""
                lines.append(
                    f"- {'✓' if ok else '✗'} ({index + 1}) you: `{typed}` — answer: **{blank.answer}**{also}"
                )
            lines += ["", clean(question.render_prompt([f"**{b.answer}**" for b in question.blanks]))]
        case Ordering():
            order = answer.get("order", [])
            lines.append("Your order:")
            lines.append("")
            for position, item in enumerate(order):
                ok = position == item
                lines.append(f"{position + 1}. {'✓' if ok else '✗'} {_one_line(question.items[item])}")
            if not outcome.grade.correct:
                lines += ["", "The right order:", ""]
                lines += [f"{i + 1}. {_one_line(text)}" for i, text in enumerate(question.items)]
        case Flashcard():
            lines.append(clean(question.back))
    if isinstance(question, TypedAnswer | Cloze) and outcome.grade.feedback:
        lines += ["", *(f"*{clean(note)}*" for note in outcome.grade.feedback)]
    if question.explanation:
        lines += ["", "---", "", "**Why:** " + clean(question.explanation)]
    return "\n".join(lines)


def verdict(outcome: Outcome) -> Content:
    """ "✓ Right" or "✗ Not quite" — symbol and word, not colour alone."""
    if isinstance(outcome.question, Flashcard):
        return Content.styled(f"You rated it {outcome.rating.label}", "bold")
    if outcome.grade.correct:
        return Content.styled("✓ Right", "bold $success")
    return Content.styled("✗ Not quite", "bold $error")


def rating_line(outcome: Outcome, now: datetime) -> Content:
    """The rating in force, when the card comes back, and the other ratings available."""
    parts: list[Content | str | tuple[str, str]] = [
        ("Rating: ", "bold"),
        (outcome.rating.label, "bold $accent"),
        f" — back {relative(outcome.next_due, now)}.",
    ]
    others = [r for r in outcome.allowed_ratings if r is not outcome.rating]
    if others:
        choices = " · ".join(
            f"{r.value} {r.label} ({relative(outcome.due_by_rating[r], now)})"
            for r in others
            if r in outcome.due_by_rating
        )
        parts += ["\nChange with ", choices]
    return Content.assemble(*parts)


class FeedbackPanel(Vertical):
    """Shows an outcome; the screen updates it when the rating changes."""

    DEFAULT_CSS = """
    FeedbackPanel { height: auto; border-top: solid $accent; padding-top: 1; }
    FeedbackPanel #feedback-details { margin-top: 1; }
    """

    def __init__(self, outcome: Outcome, now: datetime) -> None:
        super().__init__()
        self.outcome = outcome
        self.now = now

    def compose(self) -> ComposeResult:
        yield Static(verdict(self.outcome), id="feedback-verdict")
        yield Static(rating_line(self.outcome, self.now), id="feedback-rating")
        yield Static(plain("Enter: next · u: undo · ↓: read on"), classes="hint")
        yield Markdown(markdown(details_markdown(self.outcome)), id="feedback-details", open_links=False)

    def show_rating(self, outcome: Outcome, now: datetime) -> None:
        """Refresh after a rating change."""
        self.outcome = outcome
        self.query_one("#feedback-verdict", Static).update(verdict(outcome))
        self.query_one("#feedback-rating", Static).update(rating_line(outcome, now))


__all__ = ["FeedbackPanel", "Rating", "details_markdown", "rating_line", "verdict"]
