"""Initial node positions for the network page, computed in Python.

The page starts from these positions. On a small graph the browser's physics
then refines them for a bounded number of iterations and stops; on a large
graph physics stays off and these positions are the layout, so they must be
cheap: networkx's ``spring_layout`` costs O(n²) per iteration (minutes at
10,000 nodes), while :func:`smoothed_random_layout` is O(n + m).

Both layouts are seeded, so the same graph always gets the same picture
(``mmru-graph build`` must write byte-identical pages).
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Sequence

import networkx as nx

#: Up to this many nodes the layout is networkx's force-directed one.
SPRING_LAYOUT_MAX_NODES = 200

#: Canvas units per node, roughly: the layout's side grows with √n so that
#: node density stays readable at every size.
SPACING = 55.0

Position = tuple[float, float]


def smoothed_random_layout(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]],
                           *, passes: int = 3, seed: int = 7) -> dict[Hashable, Position]:
    """Random positions pulled a few times towards their neighbours: O(n + m).

    Each pass moves every node halfway to the mean of its neighbours, then
    re-centres and re-scales the cloud so that it does not collapse. A few
    passes are enough for connected groups to gather; many would fold the
    whole graph onto a line (the passes are a power iteration).

    Parameters
    ----------
    nodes : sequence
        The nodes, in a stable order (it fixes the random draw).
    edges : iterable of pairs
        The links; direction and multiplicity are ignored.
    passes : int
        Smoothing passes.
    seed : int
        Seed of the random start.

    Returns
    -------
    dict
        node -> (x, y), centred on 0 with unit standard deviation per axis.

    Examples
    --------
    >>> pos = smoothed_random_layout(["a", "b", "c", "d"], [("a", "b"), ("c", "d")])
    >>> sorted(pos) == ["a", "b", "c", "d"]
    True
    >>> pos == smoothed_random_layout(["a", "b", "c", "d"], [("a", "b"), ("c", "d")])
    True
    """
    index = {node: i for i, node in enumerate(nodes)}
    n = len(index)
    rng = random.Random(seed)
    xs = [rng.uniform(-1.0, 1.0) for _ in range(n)]
    ys = [rng.uniform(-1.0, 1.0) for _ in range(n)]
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        i, j = index[u], index[v]
        if i != j:
            neighbours[i].append(j)
            neighbours[j].append(i)
    for _ in range(passes):
        new_x, new_y = xs[:], ys[:]
        for i, around in enumerate(neighbours):
            if around:
                k = len(around)
                new_x[i] = 0.5 * xs[i] + 0.5 * sum(xs[j] for j in around) / k
                new_y[i] = 0.5 * ys[i] + 0.5 * sum(ys[j] for j in around) / k
        xs, ys = _standardise(new_x), _standardise(new_y)
    return {node: (xs[i], ys[i]) for node, i in index.items()}


def _standardise(values: list[float]) -> list[float]:
    n = len(values)
    if n == 0:
        return values
    mean = sum(values) / n
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / n) or 1.0
    return [(v - mean) / spread for v in values]


def initial_positions(nodes: Sequence[Hashable], edges: Sequence[tuple[Hashable, Hashable]],
                      *, seed: int = 7) -> dict[Hashable, Position]:
    """Canvas positions for the page: force-directed when small, smoothed random when large.

    Parameters
    ----------
    nodes : sequence
        The nodes in a stable order.
    edges : sequence of pairs
        The links (direction and multiplicity ignored).
    seed : int
        Seed of the layout.

    Returns
    -------
    dict
        node -> (x, y) in canvas units, rounded to one decimal (stable output).

    Examples
    --------
    >>> pos = initial_positions(["a", "b", "c"], [("a", "b"), ("b", "c")])
    >>> len(pos), all(isinstance(x, float) for xy in pos.values() for x in xy)
    (3, True)
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n <= SPRING_LAYOUT_MAX_NODES:
        simple = nx.Graph()
        simple.add_nodes_from(nodes)
        simple.add_edges_from((u, v) for u, v in edges if u != v)
        raw = nx.spring_layout(simple, seed=seed, iterations=60)
        points = {node: (float(x), float(y)) for node, (x, y) in raw.items()}
        # spring_layout fits the graph into [-1, 1]; the half side in canvas units:
        half = SPACING * math.sqrt(n) / 2
    else:
        points = smoothed_random_layout(nodes, edges, seed=seed)
        # unit standard deviation: about 2 units hold most of the nodes.
        half = SPACING * math.sqrt(n) / 4
    return {node: (round(x * half, 1), round(y * half, 1)) for node, (x, y) in points.items()}
