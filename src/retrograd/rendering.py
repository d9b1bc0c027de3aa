"""Running Graphviz's ``dot`` program: bounded in time, with layout settings that stay fast.

``dot`` ranks and places nodes with the network-simplex method. On the graphs
that a shared leaf feeds many times (``x + x + ... + x``, ``x*(x*(...))``) its
number of iterations grows so fast that 100 terms took more than 15 minutes
with Graphviz 2.43. ``nslimit`` and ``nslimit1`` cap the iterations of both
passes at twice the number of nodes, which changes nothing on the small
pictures of the lessons and brings that sum to about a second. A graph that
is still too slow is stopped after ``DOT_SECONDS`` with ``GraphvizFailed``,
one sentence, never a hang.

This module sits beside ``retrograd.graph`` and imports nothing of retrograd.
"""

from __future__ import annotations

import subprocess

import graphviz

DOT_SECONDS = 10.0
"""``dot`` is stopped after this many seconds."""

LAYOUT_OPTIONS = ("-Gnslimit=2", "-Gnslimit1=2")


class GraphvizFailed(RuntimeError):
    """Graphviz's ``dot`` ran but gave no picture: it failed, or took too long and was stopped."""


def run_dot(source: str, fmt: str, what: str = "the graph") -> bytes:
    """The picture of the DOT text ``source`` in format ``fmt`` (svg, png, pdf).

    Raises ``graphviz.ExecutableNotFound`` when ``dot`` is not installed, and
    ``GraphvizFailed`` (naming ``what``) when it fails or runs longer than
    ``DOT_SECONDS``; the program is killed then.
    """
    command = ["dot", f"-T{fmt}", *LAYOUT_OPTIONS]
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True,
                              timeout=DOT_SECONDS)
    except FileNotFoundError:
        raise graphviz.ExecutableNotFound(command) from None
    except subprocess.TimeoutExpired:  # subprocess.run has killed dot
        raise GraphvizFailed(f"Graphviz's dot took more than {DOT_SECONDS:g} s to lay out "
                             f"{what} and was stopped; draw a smaller graph") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = lines[0] if lines else f"exit status {done.returncode}"
        raise GraphvizFailed(f"Graphviz's dot could not draw {what}: {reason}")
    return done.stdout


__all__ = ["run_dot", "GraphvizFailed", "DOT_SECONDS", "LAYOUT_OPTIONS"]
