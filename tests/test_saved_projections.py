"""The projections ``build`` saves answer exactly as the ones computed from the graph.

``path``, ``central`` and the page read the node table and the actor and full
graphs back from the built store (:mod:`mmru_graph.projection.saved`). They
must be the very same graphs: attributes, edge data, and each node's
neighbours in the same order (ties in paths and rankings depend on it).
"""

from __future__ import annotations

import shutil
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import make_multi_source

from mmru_graph.analysis.centrality import rank
from mmru_graph.analysis.paths import explain_paths
from mmru_graph.build import build_graph
from mmru_graph.errors import StaleStoreWarning
from mmru_graph.folding import normalize
from mmru_graph.projection import saved as saved_module
from mmru_graph.projection.graphs import actor_graph, full_graph
from mmru_graph.projection.nodes import compute_node_table, node_table
from mmru_graph.store.loading import load_graph


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The multi-source fixture corpus, built (graph folder, store folder)."""
    graph_dir = make_multi_source(tmp_path_factory.mktemp("saved") / "graph")
    out = graph_dir.parent / "build"
    build_graph(graph_dir, out)
    return graph_dir, out / "store"


def _order(G: nx.Graph) -> list[Any]:
    """Every node with its attributes and its neighbours, in iteration order."""
    if G.is_multigraph():
        return [(u, G.nodes[u], [(v, list(keyed.items())) for v, keyed in G._succ[u].items()],
                 [(v, list(keyed)) for v, keyed in G._pred[u].items()]) for u in G]
    return [(u, G.nodes[u], list(G.adj[u].items())) for u in G]


def test_build_saves_the_projections(built: tuple[Path, Path]) -> None:
    _graph_dir, store = built
    assert sorted(p.name for p in (store / saved_module.FOLDER).iterdir()) == [
        "actor-events.data", "actor-events.marshal", "actor-links.marshal", "actor-nodes.marshal",
        "degrees-actors.marshal", "degrees-full.marshal",
        "full-links.marshal", "full-statements.data", "full-statements.marshal", "full.data",
        "full.marshal", "names-actors.marshal", "names-other.marshal", "table.data",
        "table.marshal"]


def test_read_back_they_are_the_computed_ones(built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    memory = load_graph(graph_dir)
    stored = load_graph(graph_dir, store="oxigraph", location=store)
    table = node_table(stored)
    assert table.saved is not None
    computed = compute_node_table(memory)
    assert table.attrs == computed.attrs
    assert list(table.attrs) == list(computed.attrs)
    assert table.classes == computed.classes
    assert table.sides() == computed.sides() == computed.model.sides
    for iri in computed.attrs:
        assert table.contact(iri) == computed.contact(iri)
    for project in (actor_graph, full_graph):
        fresh, back = project(memory), project(stored)
        assert nx.utils.graphs_equal(fresh, back)
        assert _order(back) == _order(fresh)
        assert back.graph == fresh.graph


def test_the_full_graphs_links_and_ranking_are_those_computed(built: tuple[Path, Path]) -> None:
    from mmru_graph.projection.graphs import undirected_links

    graph_dir, store = built
    memory = load_graph(graph_dir)
    saved = saved_module.SavedProjections(store / saved_module.FOLDER)
    walk = undirected_links(full_graph(memory))
    back = saved.full_links()
    assert nx.utils.graphs_equal(back, walk)
    assert _order(back) == _order(walk)  # neighbour order: ties in paths fall the same way
    table = compute_node_table(memory)
    assert saved.degrees("full") == saved_module._degree_ranking(walk, table)


def test_links_without_events_are_the_actor_graph_without_events(
        built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    stored = load_graph(graph_dir, store="oxigraph", location=store)
    whole = actor_graph(load_graph(graph_dir))
    links = actor_graph(stored, events=False)
    for _u, _v, data in whole.edges(data=True):
        del data["events"]
    assert _order(links) == _order(whole)
    assert links.graph == whole.graph
    # Computed (not read back), the events are simply there.
    assert all("events" in d for *_e, d in actor_graph(load_graph(graph_dir),
                                                        events=False).edges(data=True))


def test_the_deferred_parts_are_computed_when_asked(built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    table = node_table(load_graph(graph_dir, store="oxigraph", location=store))
    computed = compute_node_table(load_graph(graph_dir))
    assert "index" not in vars(table)
    assert table.evidence == computed.evidence
    assert table.model.contact_weights == computed.model.contact_weights
    assert table.info == computed.info
    assert {"index", "model", "evidence", "info"} <= set(vars(table))


def test_callers_get_a_copy_they_may_change(built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    stored = load_graph(graph_dir, store="oxigraph", location=store)
    first = actor_graph(stored)
    first.remove_edges_from(list(first.edges))
    assert actor_graph(stored).number_of_edges() > 0


def test_paths_and_rankings_answer_the_same(built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    memory = load_graph(graph_dir)
    stored = load_graph(graph_dir, store="oxigraph", location=store)
    assert node_table(stored).saved is not None
    for measure in ("degree", "betweenness", "pagerank"):
        for kind in ("actors", "full"):
            assert rank(stored, measure, top=0, graph_kind=kind) == rank(
                memory, measure, top=0, graph_kind=kind)
    actors = sorted(a["name"] for a in compute_node_table(memory).attrs.values()
                    if a["kind"] in ("person", "organization"))
    for via in ("actors", "full"):
        for a, b in pairwise(actors):
            try:
                want = [p.as_dict() for p in explain_paths(memory, a, b, via=via, k=3)]
            except Exception as exc:  # not connected: the stored graph must say so too
                with pytest.raises(type(exc)):
                    explain_paths(stored, a, b, via=via, k=3)
                continue
            assert [p.as_dict() for p in explain_paths(stored, a, b, via=via, k=3)] == want


def test_projections_written_by_other_code_are_not_used(
        built: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph_dir, store = built
    copy = shutil.copytree(store, tmp_path / "store")
    monkeypatch.setattr(saved_module, "code_digest", lambda: "other code")
    with pytest.warns(StaleStoreWarning, match="another version of mmru-graph"):
        table = node_table(load_graph(graph_dir, store="oxigraph", location=copy))
    assert table.saved is None
    assert table.attrs == compute_node_table(load_graph(graph_dir)).attrs


@pytest.mark.parametrize("damage", ["missing", "truncated"])
def test_missing_or_damaged_projections_are_computed(built: tuple[Path, Path], tmp_path: Path,
                                                     damage: str) -> None:
    graph_dir, store = built
    copy = shutil.copytree(store, tmp_path / "store")
    table_file = copy / saved_module.FOLDER / "table.marshal"
    if damage == "missing":
        shutil.rmtree(copy / saved_module.FOLDER)
    else:
        table_file.write_bytes(table_file.read_bytes()[:50])
    stored = load_graph(graph_dir, store="oxigraph", location=copy)
    with pytest.warns(StaleStoreWarning, match="missing" if damage == "missing" else "size"):
        table = node_table(stored)
    assert table.saved is None
    assert table.attrs == compute_node_table(load_graph(graph_dir)).attrs
    assert nx.utils.graphs_equal(actor_graph(stored), actor_graph(load_graph(graph_dir)))


def test_names_kinds_and_sides_read_back_are_the_computed_ones(
        built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    table = node_table(load_graph(graph_dir, store="oxigraph", location=store))
    computed = compute_node_table(load_graph(graph_dir))
    for iri, attrs in computed.attrs.items():
        assert (table.name(iri), table.kind(iri), table.side(iri)) == (
            attrs["name"], attrs["kind"], attrs["side"])
    assert table.kind("https://w3id.org/mmru-graph/id/no-such-node") == ""
    for kinds in (None, {"person", "organization"}, {"event"}):
        back = sorted((iri, name, list(aliases), list(folded))
                      for iri, name, aliases, folded in table.labels(kinds))
        assert back == sorted(
            (iri, a["name"], a["aliases"], [normalize(x) for x in (a["name"], *a["aliases"])])
            for iri, a in computed.attrs.items() if kinds is None or a["kind"] in kinds)
    # None of it read the whole table, nor computed anything from the graph.
    assert not {"attrs", "index", "model"} & set(vars(table))


def test_paths_and_degrees_read_only_what_they_print(built: tuple[Path, Path]) -> None:
    graph_dir, store = built
    stored = load_graph(graph_dir, store="oxigraph", location=store)
    table = node_table(stored)
    actors = sorted(name for _iri, name, _aliases, _folded
                    in table.labels({"person", "organization"}))
    for kind in ("actors", "full"):
        for top in (0, 1, 3):
            assert rank(stored, "degree", top=top, graph_kind=kind, table=table) == rank(
                load_graph(graph_dir), "degree", top=top, graph_kind=kind)
    for via in ("actors", "full"):
        for a, b in pairwise(actors):
            try:
                explain_paths(stored, a, b, via=via, k=2, table=table)
            except Exception:  # not connected: said from the links alone
                continue
    assert not {"attrs", "index", "model"} & set(vars(table))


@pytest.mark.parametrize("who", [{"attributed_to": "Alpha"}, {"not_attributed_to": "Alpha"}])
def test_filtered_paths_answer_the_same(built: tuple[Path, Path], who: dict[str, str]) -> None:
    graph_dir, store = built
    memory = load_graph(graph_dir)
    stored = load_graph(graph_dir, store="oxigraph", location=store)
    actors = sorted(a["name"] for a in compute_node_table(memory).attrs.values()
                    if a["kind"] in ("person", "organization"))
    answered = 0
    for via in ("actors", "full"):
        for a, b in combinations(actors, 2):
            try:
                want = [p.as_dict() for p in explain_paths(memory, a, b, via=via, k=2, **who)]
            except Exception as exc:
                with pytest.raises(type(exc)):
                    explain_paths(stored, a, b, via=via, k=2, **who)
                continue
            answered += 1
            assert [p.as_dict() for p in explain_paths(stored, a, b, via=via, k=2,
                                                       **who)] == want
    assert answered


@pytest.mark.parametrize("part", ["actor-events.data", "degrees-full.marshal",
                                  "names-other.marshal", "full-statements.data", "full.data",
                                  "table.data"])
def test_any_part_cut_short_is_computed(built: tuple[Path, Path], tmp_path: Path,
                                        part: str) -> None:
    graph_dir, store = built
    copy = shutil.copytree(store, tmp_path / "store")
    damaged = copy / saved_module.FOLDER / part
    damaged.write_bytes(damaged.read_bytes()[:-10])
    stored = load_graph(graph_dir, store="oxigraph", location=copy)
    with pytest.warns(StaleStoreWarning, match="computed afresh"):
        assert node_table(stored).saved is None
    assert rank(stored, "degree", top=0) == rank(load_graph(graph_dir), "degree", top=0)


@pytest.mark.parametrize("via", ["actors", "full"])
def test_the_path_command_answers_the_same_from_the_store(built: tuple[Path, Path],
                                                          via: str) -> None:
    import json

    from click.testing import CliRunner

    from mmru_graph.cli.main import cli

    graph_dir, store = built
    actors = sorted(a["name"] for a in compute_node_table(load_graph(graph_dir)).attrs.values()
                    if a["kind"] in ("person", "organization"))
    answered = 0
    for a, b in combinations(actors, 2):
        args = ["path", a, b, "--via", via, "--k", "3", "--format", "json", "--graph",
                str(graph_dir)]
        memory = CliRunner().invoke(cli, [*args, "--store", "memory"])
        stored = CliRunner().invoke(cli, [*args, "--store-dir", str(store)])
        assert stored.exit_code == memory.exit_code
        if memory.exit_code:
            assert stored.stderr.splitlines()[-1] == memory.stderr.splitlines()[-1]
            continue
        answered += 1
        # The paths and hops. The sources' marks are left out: the store does not
        # yet show the commands each source's named graph, so it lacks the disputes
        # (it says so on stderr; a graph of several sources defaults to memory).
        marks = ("supported_by", "independent_sources", "disputed")
        assert [[{k: v for k, v in hop.items() if k not in marks} for hop in p["hops"]]
                for p in json.loads(stored.stdout)] == [
                    [{k: v for k, v in hop.items() if k not in marks} for hop in p["hops"]]
                    for p in json.loads(memory.stdout)]
    assert answered


def test_items_stored_in_chunks_read_back_by_number(tmp_path: Path) -> None:
    items = [{"n": n, "events": [str(n)] * (n % 4)} for n in range(3 * saved_module._CHUNK + 5)]
    pairs = [(str(n), n) for n in range(saved_module._CHUNK + 1)]
    # Generators, as the build passes them: each read once, a chunk at a time.
    saved_module._write_sections(tmp_path / "items", "digest", {"head": 1},
                                 {"items": iter(items), "empty": iter([]), "pairs": iter(pairs)})
    digest, head, chunk, offsets = saved_module.marshal.loads(
        (tmp_path / "items.marshal").read_bytes())
    sections = saved_module._Sections(tmp_path / "items", head, chunk, offsets)
    assert (digest, head, chunk, [len(offsets[name]) for name in ("items", "empty", "pairs")]
            ) == ("digest", {"head": 1}, saved_module._CHUNK, [5, 1, 3])
    assert sections.all() == items
    assert sections.all("empty") == []
    assert sections.all("pairs") == pairs
    numbers = [len(items) - 1, 0, saved_module._CHUNK, 7, saved_module._CHUNK + 7, 0]
    assert sections.get(numbers) == [items[n] for n in numbers]
    assert sections.get([saved_module._CHUNK, 0], "pairs") == [pairs[-1], pairs[0]]
    (tmp_path / "items.data").write_bytes((tmp_path / "items.data").read_bytes()[:-1])
    with pytest.raises(ValueError):
        saved_module._Sections(tmp_path / "items", head, chunk, offsets)
