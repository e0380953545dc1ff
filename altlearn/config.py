"""Learner settings: a small TOML file in the home folder.

Read with the standard library's tomllib, written with tomli-w. Unknown keys are
kept out; a value out of range is a :class:`~altlearn.errors.ConfigError` that
names the key, so a hand-edited file never crashes the app.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from altlearn.errors import ConfigError

THEMES = ("dark", "light")


@dataclass(frozen=True)
class Settings:
    """What a learner can change in Settings (or in ``config.toml``).

    Attributes:
        desired_retention: Chance of remembering a card when it comes due (0.70-0.99).
        new_per_day: New questions to take on per study day (lesson quizzes).
        rollover_hour: Local hour (0-23) when a new study day starts.
        timezone: IANA zone for the study day; empty means the computer's.
        maximum_interval: Longest gap between reviews, in days.
        theme: "dark" or "light".
        parameters: FSRS weights fitted by ``altlearn optimize``; empty for defaults.
    """

    desired_retention: float = 0.9
    new_per_day: int = 20
    rollover_hour: int = 4
    timezone: str = ""
    maximum_interval: int = 36500
    theme: str = "dark"
    parameters: tuple[float, ...] = field(default=())

    def validate(self) -> Settings:
        """Return self, or raise ConfigError naming the bad value."""
        checks: list[tuple[bool, str, str]] = [
            (0.7 <= self.desired_retention <= 0.99, "desired_retention", "a number from 0.70 to 0.99"),
            (0 <= self.new_per_day <= 1000, "new_per_day", "a whole number from 0 to 1000"),
            (0 <= self.rollover_hour <= 23, "rollover_hour", "an hour from 0 to 23"),
            (1 <= self.maximum_interval <= 36500, "maximum_interval", "a number of days from 1 to 36500"),
            (self.theme in THEMES, "theme", " or ".join(THEMES)),
            (len(self.parameters) in (0, 21), "parameters", "21 FSRS weights, or none"),
        ]
        for ok, key, expected in checks:
            if not ok:
                raise ConfigError(
                    f"setting '{key}' must be {expected}", hint="fix it in Settings or config.toml"
                )
        if self.timezone:
            from altlearn.study.clock import resolve_timezone

            resolve_timezone(self.timezone)
        return self


_TYPES = {f.name: f.type for f in fields(Settings)}


def load_settings(path: Path) -> Settings:
    """Read ``path``; defaults when it does not exist.

    Raises:
        ConfigError: the file is not valid TOML or holds an invalid value.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc.strerror}") from exc
    import tomllib  # only when there is a settings file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"settings file {path} is not valid TOML: {exc}", hint="fix or delete it") from exc
    return settings_from_dict(data)


def settings_from_dict(data: dict[str, Any]) -> Settings:
    """Build settings from parsed TOML, converting and checking each known key."""
    values: dict[str, Any] = {}
    defaults = Settings()
    for key, value in data.items():
        if key not in _TYPES:
            continue  # written by a newer altlearn, or a typo; ignored rather than fatal
        default = getattr(defaults, key)
        try:
            if isinstance(default, bool):
                values[key] = bool(value)
            elif isinstance(default, int):
                if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
                    raise TypeError
                values[key] = int(value)
            elif isinstance(default, float):
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise TypeError
                values[key] = float(value)
            elif isinstance(default, tuple):
                values[key] = tuple(float(v) for v in value)
            else:
                if not isinstance(value, str):
                    raise TypeError
                values[key] = value
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting '{key}' has the wrong type: {value!r}") from exc
    return replace(defaults, **values).validate()


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` atomically (a crash leaves the old file or the new one)."""
    import tomli_w

    settings.validate()
    data = asdict(settings)
    data["parameters"] = list(settings.parameters)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    with open(tmp, "wb") as handle:
        tomli_w.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
