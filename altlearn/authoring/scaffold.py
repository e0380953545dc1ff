"""``altlearn pack new``: a new pack that passes ``altlearn pack check`` as created.

The scaffold is a worked example rather than a form to fill in: one course, one
short lesson with one question of every type, a glossary and a README for the
authors who will edit it. Each file says in comments what to change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from altlearn import __version__
from altlearn.domain.ids import is_valid_id, slugify
from altlearn.errors import PackError

COURSE_DIR = "first-course"
LESSON_FILE = f"{COURSE_DIR}/01-the-staff-room.md"
GLOSSARY_FILE = f"{COURSE_DIR}/glossary.md"


@dataclass(frozen=True)
class ScaffoldOptions:
    """What the author chose on the command line.

    Attributes:
        pack_id: The pack's id; derived from the folder name when empty.
        title: The pack's title; derived from the folder name when empty.
        author: The first entry of ``authors``.
        license: An SPDX licence id for the content.
    """

    pack_id: str = ""
    title: str = ""
    author: str = "Your Name <you@example.org>"
    license: str = "CC-BY-4.0"


def _toml_string(value: str) -> str:
    # JSON string escapes (\", \\, \n, \uXXXX) are all valid in TOML basic strings,
    # and json.dumps never emits the one JSON-only escape (\/).
    return json.dumps(value, ensure_ascii=False)


def resolve_options(target: Path, options: ScaffoldOptions) -> ScaffoldOptions:
    """Fill in the id and title from the folder name and validate them.

    Raises:
        PackError: the id is not a valid pack id, or cannot be derived.
    """
    pack_id = options.pack_id or slugify(target.name, max_length=80)
    if not is_valid_id(pack_id):
        raise PackError(
            f"'{pack_id or target.name}' is not a valid pack id",
            hint="pass --id with 1-80 lowercase letters, digits, '.', '_' or '-', e.g. --id my-pack",
        )
    title = " ".join((options.title or target.name.replace("-", " ").replace("_", " ")).split())
    title = (title[:1].upper() + title[1:]) if title else pack_id
    author = " ".join(options.author.split()) or ScaffoldOptions.author
    return ScaffoldOptions(pack_id=pack_id, title=title, author=author, license=options.license.strip())


def scaffold_files(options: ScaffoldOptions) -> dict[str, str]:
    """The files of a new pack, path (relative, with ``/``) -> text. Pure: writes nothing."""
    return {
        "pack.toml": _manifest(options),
        LESSON_FILE: LESSON,
        GLOSSARY_FILE: GLOSSARY,
        "README.md": _readme(options),
        ".gitignore": GITIGNORE,
    }


def create_pack(target: Path, options: ScaffoldOptions) -> list[Path]:
    """Write a new pack into ``target`` (created; it must not exist or be empty).

    Returns:
        The files written, in order.

    Raises:
        PackError: ``target`` exists and holds files, is a file, or cannot be written.
    """
    resolved = resolve_options(target, options)
    if target.exists():
        if not target.is_dir():
            raise PackError(f"'{target}' exists and is not a folder", hint="choose a new folder name")
        if any(target.iterdir()):
            raise PackError(
                f"'{target}' is not empty; altlearn pack new only writes into a new or empty folder",
                hint="choose a new folder name, or run altlearn pack check on the pack that is there",
            )
    written: list[Path] = []
    try:
        for rel, text in scaffold_files(resolved).items():
            path = target.joinpath(*rel.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            # newline="\n": the same bytes on every platform, as a git repository wants.
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            written.append(path)
    except OSError as exc:
        raise PackError(f"cannot write the new pack in '{target}': {exc.strerror or exc}") from exc
    return written


def _manifest(options: ScaffoldOptions) -> str:
    major_minor = ".".join(__version__.split(".")[:2])
    return f"""\
# The pack's manifest. The whole format: altlearn's docs/pack-format.md.
# Check your changes with:  altlearn pack check .

format = 1
# The id keys learners' progress: never change it once the pack is published.
id = {_toml_string(options.pack_id)}
title = {_toml_string(options.title)}
# Raise the version with every release; learners update to the highest.
version = "0.1.0"
description = "What this pack teaches, in one sentence."
authors = [{_toml_string(options.author)}]
license = {_toml_string(options.license)}
language = "en"
min_altlearn = "{major_minor}.0"

[[courses]]
id = "first-course"
title = "First course"
description = "What this course covers, in one sentence."
mastery = 0.8                    # share of a lesson's quiz to answer right to pass it
glossary = "{GLOSSARY_FILE}"
lessons = [
  "{LESSON_FILE}",
]
"""


def _readme(options: ScaffoldOptions) -> str:
    return f"""\
# {options.title}

An [altlearn](https://github.com/altlearn/altlearn) content pack: lessons and
quizzes for Assistant Language Teachers in Japan. altlearn ignores this README;
it is for the people who write and review the pack.

## Writing

- `pack.toml` lists the courses and, for each, its lessons in study order.
- One lesson per Markdown file: front matter (`id`, `title`, `minutes`), the
  teaching text, then a `## Quiz` with questions. `{LESSON_FILE}`
  has one question of each of the seven types to copy from.
- Every question heading ends with `{{#an-id .type}}`. Ids are how learners'
  progress is kept: reword freely, but do not change an id (if you must, add it
  to `[ids.renamed]` in `pack.toml`).
- Japanese terms go in the course glossary (`{GLOSSARY_FILE}`), with romaji
  and a meaning.
- Cite your sources under a `## Sources` heading in each lesson.
- altlearn shows lesson text as written: HTML, comments included, is displayed
  as text rather than hidden, so keep notes to yourselves out of the lessons.

The format in full: `docs/pack-format.md` in the altlearn repository.

## Checking

```sh
altlearn pack check .      # errors and warnings, like a compiler; exits 1 on an error
altlearn pack show .       # the courses, lessons and questions altlearn reads
```

Run the check before every commit, and in CI (see `docs/authoring.md` in the
altlearn repository for a ready-to-copy workflow).

## Publishing

Push this folder to a git repository. Learners add it with `altlearn sync`;
trainers can also hand it out as a git bundle on a USB stick. To study the same
questions in Anki: `altlearn pack export-anki . -o {options.pack_id}.apkg`.
"""


GITIGNORE = """\
# Anki exports and altlearn reports made while testing the pack
*.apkg
report/
"""

GLOSSARY = """\
# Glossary: first course

Every Japanese term used in the course's lessons, so learners can look it up.
`altlearn pack check` warns about Japanese text that no row here contains.

| Japanese | Romaji | Meaning |
|---|---|---|
| 職員室 | shokuinshitsu | the staff room, where every teacher has a desk |
| おはようございます | ohayō gozaimasu | good morning (polite) |
| 教頭先生 | kyōtō-sensei | the vice-principal, who runs the staff room day to day |
| 起立 | kiritsu | stand up (said by the student on duty) |
| 礼 | rei | bow |
"""

LESSON = """\
---
id: first-staff-room
title: The staff room
minutes: 5
summary: Where the teachers work, and how the day starts there.
---

# The staff room

Every teacher in a Japanese school has a desk in the 職員室 (*shokuinshitsu*,
the staff room). When you arrive in the morning, greet the room with
おはようございます (*ohayō gozaimasu*) before you sit down.

The 教頭先生 (*kyōtō-sensei*, vice-principal) usually runs the staff room day
to day: ask them first about your schedule, leave, or where to sit.

| Time | What happens |
|---|---|
| 8:10 | Staff arrive and greet the room |
| 8:20 | Short staff meeting |
| 8:35 | Homeroom |

## Sources

- Write each source here: author, *title* (year), and a link if there is one.

## Quiz

### Who to ask {#first-who-to-ask .single}

You want to know whether you may leave early on Friday. Who do you ask first?

- [ ] The students on duty.
  > They help run the classroom, not the staff room.
- [x] The vice-principal.
  > Right: the kyōtō-sensei usually handles leave and schedules.
- [ ] Nobody; just leave when your lessons are over.
  > Always ask: your hours are part of your contract.

Explanation: The vice-principal is usually the person to ask about leave and
schedules; your supervisor can tell you who it is at your school.

### A good morning {#first-good-morning .multiple}

Which of these are good ways to start the day in the staff room? Choose all
that apply.

- [x] Greet the room as you come in.
  > A greeting to the whole room is expected.
- [x] Check the board or your desk for the day's changes.
  > Timetables often change at short notice.
- [ ] Wait until someone greets you first.
  > The newcomer usually greets first.

### Your own desk {#first-desk-tf .truefalse}

Teachers in Japanese schools usually have a desk of their own in the staff room.

Answer: true

Explanation: Most teachers do most of their work at their staff-room desk.

### The room's name {#first-room-word .typed}

What is the staff room called in Japanese?

Answer: shokuinshitsu
Accept: 職員室 | shokuin shitsu

Explanation: Answers are compared without case, spaces or long-vowel marks, so
list real alternatives (kanji, another word), not spelling variants.

### Starting a lesson {#first-greeting-cloze .cloze}

The student on duty says 「{{kiritsu|起立}}」 (stand up), then 「{{rei|礼}}」 (bow).

### Who runs the staff room? {#first-kyoto-card .flashcard}

Who is the 教頭先生?

Answer: The vice-principal (*kyōtō-sensei*), who usually runs the staff room
day to day.

### The morning {#first-morning-order .ordering}

Put a typical morning in order.

1. Greet the staff room.
2. Short staff meeting.
3. Homeroom.
"""
