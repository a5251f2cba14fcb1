"""How the network page looks: shapes, colours, fonts, link styles, physics.

Kept apart from :mod:`.data` (what the page shows) so that a change of
look never touches the data, and the legend in ``templates/network.html.j2``
reads the same constants.
"""

from __future__ import annotations

import json
import re
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
                "inferred": "#c49a6c", "disputed": "#c2255c"}
#: A link sources dispute keeps its dashes (contact kind, inference) and takes
#: the disputed colour and a small "disputed" caption; a disputed event, a border.
DISPUTED_EDGE = {"color": {"color": EDGE_COLOURS["disputed"], "highlight": "#7a0f37",
                           "hover": "#7a0f37"},
                 "label": "disputed",
                 "font": {"size": 11, "color": EDGE_COLOURS["disputed"], "strokeWidth": 3,
                          "strokeColor": "#ffffff", "align": "top"}}
DISPUTED_NODE_BORDER = EDGE_COLOURS["disputed"]

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


def node_label(entity: Mapping[str, Any], subjects: Iterable[str] = ()) -> str:
    """The text drawn beside a node: its name, wrapped; an event's in short, with its date.

    ``subjects`` are the names and aliases of the actors linked to the node
    (an event's participants): an event's title that starts with one of them
    drops it, since the link already shows who (see :func:`event_label`).

    >>> node_label({"kind": "person", "name": "Rustam Nurgaliyevich Minnikhanov"})
    'Rustam Nurgaliyevich\\nMinnikhanov'
    """
    if entity["kind"] == model.EVENT:
        return event_label(entity, subjects)
    return wrap_label(entity["name"], 20)


#: Where an event title may be cut, keeping its head: before a place, a
#: purpose, a second clause or a counterpart's long name.
_TITLE_BREAKS = (" in ", " at ", " on ", " for ", " to discuss", " and ", " with ", ", ",
                 " over ", " during ", " between ", " including ", " of ", " to ", " led by ")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Characters per line of an event label, and its lines of title (the date adds one).
EVENT_LINE = 22
EVENT_TITLE_LINES = 2


def short_date(label: str) -> str:
    """An event's date as a label reads it: ``2021-05-20 – 2021-05-22`` → ``20–22 May 2021``.

    >>> [short_date(d) for d in ("2021-05-20 – 2021-05-22", "2021-06 (approx.)", "2016",
    ...                          "2021-08 – 2021-09", "2021-10-28 – 2021-10-30", "undated")]
    ['20–22 May 2021', '~Jun 2021', '2016', 'Aug–Sep 2021', '28–30 Oct 2021', '']
    """
    approximate = label.endswith("(approx.)")
    parts = [p.strip() for p in label.removesuffix("(approx.)").split("–") if p.strip()]
    if not parts or not parts[0][:4].isdigit():
        return ""

    def pieces(iso: str) -> tuple[str, str, str]:
        year, _, rest = iso.partition("-")
        month, _, day = rest.partition("-")
        return year, (_MONTHS[int(month) - 1] if month.isdigit() else ""), day.lstrip("0")

    year, month, day = pieces(parts[0])
    text = " ".join(p for p in (day, month, year) if p)
    if len(parts) > 1:
        year2, month2, day2 = pieces(parts[1])
        if year2 == year and month2 == month and day and day2:
            text = f"{day}–{day2} {month} {year}"
        elif year2 == year and month and month2 and not day and not day2:
            text = f"{month}–{month2} {year}"
        else:
            text = f"{text} – " + " ".join(p for p in (day2, month2, year2) if p)
    return f"~{text}" if approximate else text


def short_title(name: str, subjects: Iterable[str] = (), lines: int = EVENT_TITLE_LINES) -> str:
    """An event's title short enough for ``lines`` lines of a label, cut where it reads whole.

    A leading participant's name (or possessive) goes, since the link shows
    who; then the title is kept whole if it fits, else cut before a place, a
    purpose or a second clause, else at a word with an ellipsis.

    >>> short_title("Min Aung Hlaing’s interview with RIA", ["Min Aung Hlaing"])
    'interview with RIA'
    >>> short_title("Min Aung Hlaing visits arms manufacturers in Russia", ["Min Aung Hlaing"])
    'visits arms manufacturers'
    >>> short_title("Min Aung Hlaing visits pharmaceutical companies in Russia",
    ...             ["Min Aung Hlaing"], lines=1)
    'visits pharmaceutical…'
    >>> short_title("Military coup in Myanmar", ["the military"])  # not a subject
    'Military coup in Myanmar'
    >>> short_title("Navy delegation’s trip led by Kasatonov", ["A Navy delegation"])
    'trip led by Kasatonov'
    >>> short_title("Myanmar’s military and Russia vow to cement ties", ["Myanmar’s military"])
    'Myanmar’s military and Russia vow'
    """
    title = _without_subject(name, subjects)

    def room(text: str) -> bool:
        if lines == 1:  # one line may run a little longer than a wrapped one
            return len(text) <= EVENT_LINE + 4
        return len(wrap_label(text, EVENT_LINE).split("\n")) <= lines

    def fits(text: str) -> bool:  # a cut keeps at least a few words
        return room(text) and (text == title or len(text) >= 10)

    if fits(title) and not title.endswith("…"):
        return title
    cuts = sorted({title[:i] for b in _TITLE_BREAKS for i in _find_all(title, b) if i >= 6},
                  key=len, reverse=True)
    for cut in cuts:
        if fits(cut):
            return cut.rstrip(",;:")
    kept = ""
    for word in title.split():
        if not room(f"{kept} {word}…".strip()):
            break
        kept = f"{kept} {word}".strip()
    return f"{kept or title[:EVENT_LINE].rstrip()}…"


def _find_all(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at != -1:
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _without_subject(name: str, subjects: Iterable[str]) -> str:
    """The title without a leading participant's name, when a verb or noun follows."""
    for subject in sorted(set(subjects), key=len, reverse=True):
        bare = re.sub(r"^(?:the|a|an) ", "", subject, flags=re.IGNORECASE)
        for form in {subject, bare, bare[:1].upper() + bare[1:]}:
            if len(form) < 3 or not name.startswith(form):
                continue
            rest = name[len(form):]
            possessive = rest[:2] in ("’s", "'s")
            # A name capitalised only because it opens the title counts as
            # the subject when possessive ("Planning and finance minister’s
            # talks"), not as an adjective ("Military coup").
            if not possessive and form not in (subject, bare):
                continue
            rest = rest[2:] if possessive else rest
            words = rest.split()
            if rest[:1] == " " and words and words[0][:1].islower() and words[0] not in (
                    "and", "or", "of", "in"):
                return rest.strip()
    return name


def event_label(entity: Mapping[str, Any], subjects: Iterable[str] = ()) -> str:
    """An event's label: its short title (two lines at most), then its date.

    >>> print(event_label({"name": "Maung Maung Kyaw’s goodwill visit to Russia",
    ...                    "date": "2021-05 (approx.)"}, ["Maung Maung Kyaw"]))
    goodwill visit to
    Russia
    ~May 2021
    """
    return event_labels(entity, subjects)[0]


def event_labels(entity: Mapping[str, Any], subjects: Iterable[str] = ()) -> tuple[str, str]:
    """An event's label (:func:`event_label`) and its one-line form, for where it does not fit.

    >>> event_labels({"name": "Min Aung Hlaing visits pharmaceutical companies in Russia",
    ...               "date": "2021-06"}, ["Min Aung Hlaing"])
    ('visits pharmaceutical\\ncompanies in Russia\\nJun 2021', 'visits pharmaceutical…')
    """
    title = _without_subject(entity["name"], subjects)  # once: the costly part
    label = wrap_label(short_title(title), EVENT_LINE)
    when = short_date(str(entity.get("date") or ""))
    return (f"{label}\n{when}" if when else label), short_title(title, lines=1)


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
        # Longer springs in the actor view: fewer, more important labels. In the
        # full view strong repulsion and no overlap spread the events evenly, so
        # most of their labels find room at the default zoom (the browser test
        # counts them).
        net.force_atlas_2based(gravity=-300 if directed else -230, central_gravity=0.015,
                               spring_length=80 if directed else 175, spring_strength=0.05,
                               damping=0.55, overlap=1.0)
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
