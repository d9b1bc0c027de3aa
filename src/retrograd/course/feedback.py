"""Feedback on an exercise: what is right, what is not yet, never the answer.

A check cell of an exercise notebook calls ``verdict`` with one line per
point it checks; each line is printed in the language of the notebook
(``retrograd.language``), with a mark saying whether that point is right.
The verdicts of a session are kept, by task, for the grading of handed-in
notebooks (``results``).

>>> from retrograd.language import set_language
>>> set_language("en")
>>> ok = verdict("task 1", [(True, "trois paramètres", "three parameters"),
...                         (False, "la sortie", "the output")])
task 1: not yet
  ✓ three parameters
  ✗ the output
>>> ok, results()["task 1"]
(False, False)
"""

from __future__ import annotations

from typing import Iterable

from ..language import say

_results: dict[str, bool] = {}


def verdict(task: str, points: Iterable[tuple[bool, str, str]]) -> bool:
    """Print whether each point of ``task`` is right; ``points`` holds
    ``(right, French text, English text)``. Returns True when all are right."""
    points = list(points)
    done = all(right for right, _, _ in points)
    state = say(fr="réussi", en="done") if done else say(fr="pas encore", en="not yet")
    colon = say(fr="\u00a0:", en=":")  # French typography: a non-breaking space before ':'
    lines = [f"{_spaced(task)}{colon} {state}"]
    lines += [f"  {'✓' if right else '✗'} {say(fr=_spaced(fr), en=en)}" for right, fr, en in points]
    print("\n".join(lines))
    _results[task] = done
    return done


def _spaced(text: str) -> str:
    """French text whose spaces before : ; ? ! do not break, so that the sign never
    starts a line (English text has no space there, and is left as it is)."""
    for sign in ":;?!":
        text = text.replace(" " + sign, "\u00a0" + sign)
    return text


def results() -> dict[str, bool]:
    """Each task checked in this session, and whether its last check passed."""
    return dict(_results)


__all__ = ["verdict", "results"]
