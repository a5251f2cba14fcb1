"""How the network page looks: shapes, colours, fonts, link styles, physics.

Kept apart from :mod:`.data` (what the page shows) so that a change of
look never touches the data, and the legend in ``templates/network.html.j2``
reads the same constants.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .. import model

#: vis-network shape of each kind.
SHAPES = {model.PERSON: "dot", model.ORGANIZATION: "square", model.PLACE: "triangle",
          model.EVENT: "diamond", model.OTHER: "star"}
#: Colours of the sides, by their place in the graph's ``mmru:sideOrder``
#: (the sides themselves are data): (node, tag background, tag text). An
#: actor's colour is its side's; any other node's, its kind's.
SIDE_PALETTE = (("#d9480f", "#ffe8d9", "#9c2b00"), ("#1c5fd1", "#dce8fb", "#123f8c"),
                ("#0b7285", "#d5f5f6", "#0b4f5c"), ("#5f3dc4", "#e5dbff", "#3b1f8c"))
OTHER_SIDE = ("#7b8794", "#eef2f7", "#334e68")
KIND_COLOURS = {model.PLACE: "#2f9e44", model.EVENT: "#9c36b5", model.OTHER: "#a87c2a"}
EDGE_COLOURS = {model.DIRECT: "#3b4652", model.CO_ATTENDANCE: "#97a3af", "full": "#a9b4bf",
                "inferred": "#c49a6c"}

#: Physics iterations the browser runs before it freezes a small graph.
STABILIZATION_ITERATIONS = 200


def wrap_label(text: str, width: int) -> str:
    """Break a label into lines of about ``width`` characters, three at most.

    >>> print(wrap_label("Russia-Myanmar Association for Friendship and Cooperation", 20))
    Russia-Myanmar
    Association for
    Friendship and…
    """
    if len(text) <= width:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > 3:
        lines = [*lines[:2], lines[2] + "…"]
    return "\n".join(lines)


def side_styles(sides: Iterable[Mapping[str, str]]) -> list[dict[str, str]]:
    """Each side (``{"key", "label"}``, in order) with its colours, then ``other``.

    >>> [(s["key"], s["colour"]) for s in side_styles([{"key": "chile", "label": "Chile"}])]
    [('chile', '#d9480f'), ('other', '#7b8794')]
    """
    styles = []
    for number, side in enumerate(sides):
        colour, background, text = SIDE_PALETTE[number % len(SIDE_PALETTE)]
        styles.append({"key": side["key"], "label": side["label"], "colour": colour,
                       "background": background, "text": text})
    colour, background, text = OTHER_SIDE
    return [*styles, {"key": model.OTHER, "label": model.OTHER, "colour": colour,
                      "background": background, "text": text}]


def node_colour(entity: Mapping[str, Any], side_colours: Mapping[str, str] | None = None) -> str:
    """An actor's colour is its side's (``side_colours``); any other node's, its kind's.

    >>> node_colour({"kind": "person", "side": "peru"}, {"peru": "#1c5fd1"})
    '#1c5fd1'
    >>> node_colour({"kind": "person", "side": "other"}), node_colour({"kind": "place"})
    ('#7b8794', '#2f9e44')
    """
    kind = entity["kind"]
    if kind in model.ACTOR_KINDS:
        return (side_colours or {}).get(entity.get("side") or model.OTHER, OTHER_SIDE[0])
    return KIND_COLOURS.get(kind, KIND_COLOURS[model.OTHER])


def node_label(entity: Mapping[str, Any]) -> str:
    """The text drawn under a node: its name, wrapped (event titles run longer)."""
    if entity["kind"] == model.EVENT:
        return wrap_label(entity["name"], 22)
    return wrap_label(entity["name"], 20)


#: Label fonts by kind: size in screen pixels (the page draws labels at this
#: size whatever the zoom, and larger when zoomed in; never under 11 px),
#: weight and colour. The page places them only where they fit.
MIN_LABEL_PX = 11
FONTS = {
    model.PERSON: {"size": 12.5, "weight": 600, "color": "#1f2933"},
    model.ORGANIZATION: {"size": 12.5, "weight": 600, "color": "#1f2933"},
    model.PLACE: {"size": 11.5, "weight": 500, "color": "#2b4a33"},
    model.EVENT: {"size": 11, "weight": 400, "color": "#5c3a6b"},
    model.OTHER: {"size": 11, "weight": 400, "color": "#4a3b1f"},
}

#: Link styles by kind of link, applied by the page.
EDGE_STYLES = {
    model.DIRECT: {"dashes": False, "color": {"color": EDGE_COLOURS[model.DIRECT],
                                              "highlight": "#111827", "hover": "#111827"}},
    model.CO_ATTENDANCE: {"dashes": [5, 5], "width": 1.4,
                          "color": {"color": EDGE_COLOURS[model.CO_ATTENDANCE],
                                    "highlight": "#111827", "hover": "#111827"}},
    "statement": {"dashes": False, "width": 1.2,
                  "color": {"color": EDGE_COLOURS["full"], "highlight": "#111827",
                            "hover": "#4b5563"}},
    "inferred": {"dashes": [4, 4], "width": 1.2,
                 "color": {"color": EDGE_COLOURS["inferred"], "highlight": "#111827",
                           "hover": "#4b5563"}},
}


def network_options(net: Any, large: bool, directed: bool) -> dict[str, Any]:
    """vis-network options: pyvis's physics settings plus what pyvis does not model."""
    if large:
        net.toggle_physics(False)
    else:
        # Longer springs in the actor view: fewer, more important labels.
        net.force_atlas_2based(gravity=-110 if directed else -230, central_gravity=0.015,
                               spring_length=100 if directed else 175, spring_strength=0.05,
                               damping=0.55, overlap=0.6 if directed else 1.0)
        net.options.physics.stabilization.iterations = STABILIZATION_ITERATIONS
        net.options.physics.stabilization.updateInterval = 25
    net.set_edge_smooth("continuous")
    net.inherit_edge_colors(False)
    net.toggle_hide_edges_on_drag(large)
    options: dict[str, Any] = json.loads(net.options.to_json())
    options.pop("configure", None)
    options["physics"]["minVelocity"] = 0.75
    if large:
        options["edges"]["smooth"] = {"enabled": False}
    options["edges"].update({"selectionWidth": 2, "hoverWidth": 0.5,
                             "arrows": {"to": {"enabled": directed, "scaleFactor": 0.45}}})
    options["nodes"] = {"borderWidth": 1, "borderWidthSelected": 3,
                        "font": {"face": "system-ui, -apple-system, 'Segoe UI', sans-serif"}}
    options["interaction"].update({"hover": True, "tooltipDelay": 120, "multiselect": False,
                                   "navigationButtons": False, "keyboard": False,
                                   "hideEdgesOnZoom": large})
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    return options
