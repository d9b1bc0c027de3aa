"""``stepthrough_html``: a web page that replays ``backward()`` one chain-rule
step at a time. The page itself is ``stepthrough.html`` beside this module,
filled with ``string.Template``."""

from __future__ import annotations

import html
import json
import os
import re
from importlib.resources import files
from pathlib import Path
from string import Template

from .drawing import MAX_STEP_NODES, check_common, full_graph, namer
from .engine import Value, topological_order
from .files import atomic_write
from .language import language, say
from .nn import Module
from .steps import backward_steps, format_number


def stepthrough_html(root: Value, path: str | os.PathLike | None = None,
                     model: Module | None = None, *, rankdir: str = "LR", digits: int = 4,
                     gradient=1, max_nodes: int = MAX_STEP_NODES, title: str | None = None) -> str:
    """A web page that replays ``root.backward()`` one chain-rule step at a time.

    The page shows the graph once (as ``draw_dot`` draws it, unlabelled Values
    named by their node id) and, at each step, fills one gradient: the node
    receiving it and the edge it flows along are highlighted and the step is
    written out, e.g. ``dL/da = dL/de · de/da = -2.0000 · -3.0000 = 6.0000``.
    Previous/next buttons and the arrow keys (Home/End for the ends) move
    through the steps. The page is one self-contained HTML file (SVG, style and
    script inline, nothing loaded from the network); it is returned as text
    and written to ``path`` when one is given.

    The steps come from ``backward_steps(root, gradient)``: they show what one
    ``backward()`` computes starting from zero gradients, with the engine's
    arithmetic, and change no Value (``backward()`` is not called; the grads
    you see on your Values are left as they are). Needs Graphviz's ``dot``;
    graphs of more than ``max_nodes`` Values are refused.

    Elements a test or a script can read: ``#grad-vN`` (the text
    ``grad 6.0000`` of node vN, with ``data-value`` holding the exact number),
    ``#counter`` (``data-step``, ``data-steps``), ``#chain``, ``#rule``,
    ``#prev``, ``#next``.
    """
    check_common(root, rankdir, "svg", "stepthrough_html")
    order = topological_order(root)
    if len(order) > max_nodes:
        raise ValueError(
            f"stepthrough_html: this graph has {len(order)} Values, more than "
            f"max_nodes={max_nodes}; a step-through that long cannot be followed. Step through a "
            f"smaller expression (one neuron, one sample), look at the whole network with "
            f"draw_collapsed(root, model), or pass max_nodes={len(order)}.")
    steps = backward_steps(root, gradient)
    index = {v: i for i, v in enumerate(order)}
    name = namer(order, model, show_ids=True)
    fmt = lambda x: format_number(x, digits)  # noqa: E731
    ident = lambda v: f"v{index[v]}"  # noqa: E731

    initial = {ident(v): [fmt(0), "0"] for v in order}
    widest = {v: fmt(0) for v in order}  # each box is drawn wide enough for all its gradients
    records = []
    for s in steps:
        text = fmt(s.after)
        if len(text) > len(widest[s.target]):
            widest[s.target] = text
        record = {"target": ident(s.target), "grad": text, "value": str(s.after),
                  "chain": s.chain(name, digits), "rule": s.rule(name, digits),
                  "node": None, "edges": []}
        if s.node is not None:
            i = index[s.node]
            record["node"] = f"v{i}"
            record["edges"] = [f"e{i}op", f"e{i}{s.operand}"]
        records.append(record)

    graph = full_graph(order, name, "svg", rankdir, digits, grad_texts=widest, ids=True)
    svg = graph.pipe(format="svg", encoding="utf-8")
    svg = _mark_svg(svg[svg.index("<svg"):], initial)
    fields, words = _page_words(len(records))
    data = {"root": ident(root), "steps": records, "initial": initial, "words": words}
    payload = json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")
    heading = title if title is not None else say(
        fr=f"La rétropropagation dans {name(root)}, pas à pas",
        en=f"Backpropagation through {name(root)}, one step at a time")
    fields = {"TITLE": html.escape(heading), "STEPS": str(len(records)), "SVG": svg,
              "DATA": payload, "LANG": language(), **fields}
    # One pass, so that text inside a field is never taken for another field's marker.
    page = Template(files(__package__).joinpath("stepthrough.html").read_text("utf-8"))
    page = page.substitute(fields)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, page)
    return page


def _page_words(total: int) -> tuple[dict[str, str], dict[str, str]]:
    """The page's words in the language in use: the buttons and hints of its HTML
    (escaped), and the texts its script writes."""
    script = {
        "counter": say(fr="pas {step} sur {total}", en="step {step} of {total}"),
        "start": say(fr="Avant backward()\u00a0: tous les gradients valent 0.",
                     en="Before backward(): every gradient is 0."),
        "press": say(fr="Appuyez sur suivant (ou la flèche droite) pour remplir les gradients, "
                        "de la sortie vers les entrées, un pas de la règle de la chaîne à la fois.",
                     en="Press next (or the right arrow) to fill the gradients from the output "
                        "back to the inputs, one chain-rule step at a time."),
        "done": say(fr="  (backward() a fini)", en="  (backward() is done)"),
        "actual": say(fr="taille réelle", en="actual size"),
        "fit": say(fr="ajuster à la fenêtre", en="fit to window"),
    }
    html_words = {
        "FIRST_TIP": say(fr="premier pas (Début)", en="first step (Home)"),
        "FIRST": say(fr="« début", en="« first"),
        "PREV_TIP": say(fr="pas précédent (flèche gauche)", en="previous step (left arrow)"),
        "PREV": say(fr="◀ précédent", en="◀ previous"),
        "COUNTER": script["counter"].format(step=0, total=total),
        "NEXT_TIP": say(fr="pas suivant (flèche droite)", en="next step (right arrow)"),
        "NEXT": say(fr="suivant ▶", en="next ▶"),
        "LAST_TIP": say(fr="dernier pas (Fin)", en="last step (End)"),
        "LAST": say(fr="fin »", en="last »"),
        "ZOOM_TIP": say(fr="ajuster le graphe à la fenêtre, ou le montrer en taille réelle",
                        en="fit the graph to the window, or show it at full size"),
        "ZOOM": script["actual"],
        "KEYS": say(fr="touches\u00a0: ← → Début Fin", en="keys: ← → Home End"),
    }
    return {key: html.escape(text) for key, text in html_words.items()}, script


_NODE_BLOCK = re.compile(r'<g id="(v\d+)" class="node">.*?</g>', re.S)
_TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")


def _mark_svg(svg: str, initial: dict[str, list[str]]) -> str:
    """Give each record's data and grad texts stable ids (data-vN, grad-vN) and put
    the starting gradients in; the grad field is a record's last text, data the one before."""

    def mark(node: re.Match) -> str:
        nid = node.group(1)
        texts = list(_TEXT.finditer(node.group(0)))
        block = node.group(0)
        for role, t in (("grad", texts[-1]), ("data", texts[-2])):
            attrs, content = t.group(1), t.group(2)
            if role == "grad":
                text, value = initial[nid]
                new = (f'<text id="grad-{nid}" class="grad" data-node="{nid}" '
                       f'data-value="{html.escape(value)}" {attrs}>grad {html.escape(text)}</text>')
            else:
                new = f'<text id="data-{nid}" class="data" data-node="{nid}" {attrs}>{content}</text>'
            block = block[:t.start()] + new + block[t.end():]
        return block

    return _NODE_BLOCK.sub(mark, svg)


__all__ = ["stepthrough_html"]
