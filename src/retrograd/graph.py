"""Pictures of computation graphs, in one place: ``draw_dot`` (every Value, as the
lessons draw it), ``draw_collapsed`` (a box per neuron or layer),
``stepthrough_html`` (``backward()`` one chain-rule step at a time, in a web
page) and ``render`` (to SVG, PNG or PDF). They live in ``retrograd.drawing``,
``retrograd.collapsed`` and ``retrograd.stepthrough``.
"""

from .collapsed import draw_collapsed
from .drawing import (MAX_NODES, MAX_STEP_NODES, Drawing, GraphvizNotFound, draw_dot,
                      install_instructions, render)
from .stepthrough import stepthrough_html

__all__ = ["draw_dot", "draw_collapsed", "render", "stepthrough_html", "GraphvizNotFound",
           "Drawing", "install_instructions", "MAX_NODES", "MAX_STEP_NODES"]
