"""A Griffe extension for the API reference: shows docstring examples as code.

The docstrings hold doctests (``>>>`` lines and the output that follows them, up
to a blank line), which Markdown would read as nested quotes and, worse, read
``[1.0, 2.0]`` in an output as a link. Each example is fenced as ``pycon`` code.
"""

from __future__ import annotations

from griffe import Extension


def fence_doctests(text: str) -> str:
    lines, out, inside = text.splitlines(), [], None
    for line in lines:
        stripped = line.lstrip()
        if inside is None and stripped.startswith(">>>"):
            inside = line[: len(line) - len(stripped)]
            out.append(inside + "```pycon")
        elif inside is not None and not stripped:
            out.append(inside + "```")
            inside = None
        out.append(line)
    if inside is not None:
        out.append(inside + "```")
    return "\n".join(out)


class FenceDoctests(Extension):
    def on_instance(self, *, obj, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
