"""A question about an actor, asked of a SPARQL endpoint, is read from its neighbourhood.

``met``, ``show`` and ``timeline --actor`` against an endpoint resolve the
names from the labels of the nodes a name may mean and read the actors'
neighbourhood, with the named graphs stating each of its triples, in one
request (:mod:`mmru_graph.store.remote_focus`). For every actor of the
article and of the multi-source fixture (which has disputes and a negative
statement), the neighbourhood must be the one the library computes in
memory, and the answers, sources and disputes marked on every event
included, those of the whole graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import make_multi_source
from rdflib import BNode, Graph
from rdflib.compare import isomorphic
from servers import oxigraph_server
from test_focus import _answers

from mmru_graph.analysis.contacts import who_met
from mmru_graph.analysis.focus import focus_on
from mmru_graph.build import build_graph
from mmru_graph.cli import cli
from mmru_graph.sources.conflicts import find_conflicts
from mmru_graph.store import endpoint as endpoint_module
from mmru_graph.store.backends import MemoryBackend, backend_of
from mmru_graph.store.endpoint import EndpointBackend
from mmru_graph.store.focus import neighbourhood
from mmru_graph.store.labels import LABELS, read_labels
from mmru_graph.store.loading import load_graph
from mmru_graph.store.remote_focus import SourcedNeighbourhood

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, str]]:
    """The multi-source fixture, built and served: (graph folder, build folder, URL)."""
    graph_dir = make_multi_source(tmp_path_factory.mktemp("endpoint-focus") / "graph")
    out = graph_dir.parent / "build"
    build_graph(graph_dir, out)
    with oxigraph_server(out / "graph.nq", tmp_path_factory.mktemp("multi-server")) as url:
        yield graph_dir, out, url


@pytest.fixture(scope="module")
def article(built_dir: Path, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[Path, Path, str]]:
    """The article's graph, built and served: (graph folder, build folder, URL)."""
    with oxigraph_server(built_dir / "graph.nq", tmp_path_factory.mktemp("article-server")) \
            as url:
        yield ROOT / "graph", built_dir, url


def _actors(build: Path) -> list[str]:
    return sorted(iri for iri, _name, kind, _aliases, _folded in read_labels(build / "store"
                                                                             / LABELS)
                  if kind in ("person", "organization"))


def _graph(triples: Any) -> Graph:
    found = Graph()
    for triple in triples:
        found.add(triple)
    return found


def _ground(triples: Any) -> set[Any]:
    return {t for t in triples if not any(isinstance(term, BNode) for term in t)}


def _same_neighbourhoods(graph_dir: Path, build: Path, url: str, plain: bool = False,
                         every: int = 1) -> int:
    """Compare every ``every``-th actor's neighbourhood (the article's: a sample, for time)."""
    memory = MemoryBackend(load_graph(graph_dir, store="memory"))
    remote = EndpointBackend(url).remote_focus()
    checked = 0
    for number, iri in enumerate(_actors(build)[::every]):
        expected = neighbourhood(memory, [iri])
        # LATERAL (the Oxigraph server) for all; with ``plain``, the plain SPARQL any
        # endpoint runs (on Oxigraph: a path from every node, slow) for a few
        for lateral in (True, False) if plain and number < 3 else (True,):
            found = remote.neighbourhood([iri], lateral=lateral)
            # blank nodes are named otherwise: the rest equal, the same number, and
            # (slow to compare) the same graph up to their names for a few
            assert _ground(found.triples) == _ground(expected), (iri, lateral)
            assert len(found.triples) == len(set(expected)), (iri, lateral)
            if number < 3:
                assert isomorphic(_graph(found.triples), _graph(expected)), iri
            assert {(s, p, o) for s, p, o, _g in found.quads} <= set(found.triples)
        checked += 1
    return checked


def test_the_neighbourhood_read_in_one_request_is_the_librarys_multi(
        multi: tuple[Path, Path, str]) -> None:
    assert _same_neighbourhoods(*multi, plain=True) >= 5


def test_the_neighbourhood_read_in_one_request_is_the_librarys_article(
        article: tuple[Path, Path, str]) -> None:
    assert _same_neighbourhoods(*article, every=2) >= 10


#: How many events marked disputed the comparisons saw, per graph folder.
DISPUTED: dict[Path, int] = {}


def _check_actors(graph_dir: Path, build: Path, url: str, every: int = 1) -> int:
    """Compare every ``every``-th actor's answers (the article's: a sample, for time)."""
    memory = load_graph(graph_dir, store="memory")
    whole = load_graph(graph_dir, store="sparql", endpoint=url)
    checked = 0
    for iri in _actors(build)[::every]:
        focused, names = focus_on(whole, [iri])
        assert isinstance(backend_of(focused), SourcedNeighbourhood), iri
        assert names == [iri]
        answers = _answers(focused, iri)
        assert answers == _answers(memory, iri), iri
        DISPUTED[graph_dir] = DISPUTED.get(graph_dir, 0) + sum(
            bool(mark["disputed"]) for mark in answers["marks"].values())
        for other in sorted({c.counterpart_iri for c in who_met(memory, iri)})[:2]:
            pair, _ = focus_on(whole, [iri, other])
            assert _answers(pair, iri, other) == _answers(memory, iri, other), (iri, other)
        checked += 1
    return checked


def test_every_actor_of_a_multi_source_graph_answers_as_the_whole_graph(
        multi: tuple[Path, Path, str]) -> None:
    graph_dir, _build, _url = multi
    # the fixture has disputes, so the marks compared above compare some
    assert find_conflicts(load_graph(graph_dir, store="memory"))
    assert _check_actors(*multi) >= 5
    assert DISPUTED[graph_dir] > 0  # some events compared were disputed


def test_actors_of_the_article_answer_as_the_whole_graph(
        article: tuple[Path, Path, str]) -> None:
    assert _check_actors(*article, every=6) >= 4


def test_the_disputes_come_from_the_neighbourhood_not_every_quad(
        multi: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    graph_dir, build, url = multi

    def refused(self: EndpointBackend) -> None:
        raise AssertionError("read every quad of every named graph")

    monkeypatch.setattr(EndpointBackend, "named_quads", refused)
    runner = CliRunner()
    for iri in _actors(build)[:3]:
        for args in (["met", iri, "--format", "json"], ["show", iri, "--format", "json"],
                     ["timeline", "--actor", iri]):
            outputs = [runner.invoke(cli, [*args, "--graph", str(graph_dir), *store])
                       for store in (["--store", "memory"], ["--endpoint", url])]
            assert outputs[0].exit_code == 0, outputs[0].output
            assert outputs[1].output == outputs[0].output, args


def test_a_paths_marks_come_from_its_events_neighbourhood(
        multi: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``path`` marks each hop's event with its sources and disputes from the events'
    neighbourhood (one request), not from every quad of every named graph."""
    graph_dir, build, url = multi

    def refused(self: EndpointBackend) -> None:
        raise AssertionError("read every quad of every named graph")

    memory = load_graph(graph_dir, store="memory")
    pairs = [(iri, other) for iri in _actors(build)
             for other in sorted({c.counterpart_iri for c in who_met(memory, iri)})]
    assert len(pairs) >= 3
    monkeypatch.setattr(EndpointBackend, "named_quads", refused)
    runner = CliRunner()
    for first, second in pairs[:4]:
        for fmt in ("table", "json"):
            args = ["path", first, second, "--format", fmt, "--graph", str(graph_dir)]
            outputs = [runner.invoke(cli, [*args, *store])
                       for store in (["--store", "memory"], ["--endpoint", url])]
            assert outputs[0].exit_code == 0, outputs[0].output
            assert "source" in outputs[0].output
            assert outputs[1].output == outputs[0].output, (first, second, fmt)


@pytest.mark.parametrize("command", [["met", "Min Aung Hlaing", "--format", "json"],
                                     ["met", "Putin", "--with", "Min Aung Hlaing"],
                                     ["show", "Kasatonov", "--format", "json"],
                                     ["show", "id:vladimir-putin"],
                                     ["timeline", "--actor", "Kasatonov"]])
def test_an_actor_costs_a_handful_of_requests(command: list[str],
                                              article: tuple[Path, Path, str]) -> None:
    graph_dir, _build, url = article
    runner = CliRunner()
    before = endpoint_module.REQUESTS["count"]
    result = runner.invoke(cli, [*command, "--graph", str(graph_dir), "--endpoint", url])
    made = endpoint_module.REQUESTS["count"] - before
    assert result.exit_code == 0, result.output
    assert made <= 7, (command, made)
    memory = runner.invoke(cli, [*command, "--graph", str(graph_dir), "--store", "memory"])
    assert result.output == memory.output


@pytest.mark.parametrize("names", [["Vladimir"],            # ambiguous: the graph says so
                                   ["nobody at all"],       # unknown: the closest names
                                   ["Kazan"],               # a place: not an actor
                                   ["the"],                 # nothing to look for
                                   ["Kasatonov", "Vice Admiral Kasatonov"]])  # the same one
def test_what_is_not_one_actor_is_answered_by_the_whole_graph(
        article: tuple[Path, Path, str], names: list[str]) -> None:
    graph_dir, _build, url = article
    whole = load_graph(graph_dir, store="sparql", endpoint=url)
    assert focus_on(whole, names, kinds=None) == (whole, names)


def test_an_endpoint_whose_default_graph_is_not_the_union_is_read_whole(
        article: tuple[Path, Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.store.remote_focus import RemoteFocus

    graph_dir, _build, url = article
    monkeypatch.setattr(RemoteFocus, "union_default", lambda self: (False, True))
    whole = load_graph(graph_dir, store="sparql", endpoint=url)
    assert focus_on(whole, ["Kasatonov"]) == (whole, ["Kasatonov"])


def test_a_hub_is_read_whole(article: tuple[Path, Path, str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from mmru_graph.analysis import focus

    graph_dir, _build, url = article
    whole = load_graph(graph_dir, store="sparql", endpoint=url)
    assert isinstance(backend_of(focus_on(whole, ["Kasatonov"])[0]), SourcedNeighbourhood)
    monkeypatch.setattr(focus, "MAX_STARTS", 3)
    assert focus_on(whole, ["Kasatonov"]) == (whole, ["Kasatonov"])


def test_a_dispute_about_an_event_through_others_is_kept(tmp_path: Path) -> None:
    """A source's "Petrov never met Kyaw Zin Oo" disputes another source's meeting of
    both; asked about a third attendee, whose neighbourhood holds the meeting but
    not the statement, the meeting is still marked with that dispute."""
    from mmru_graph.export.nquads import write_nquads

    graph_dir = make_multi_source(tmp_path / "graph")
    (graph_dir / "data" / "source-fixture-beta" / "three.ttl").write_text(
        "@prefix id: <https://w3id.org/mmru-graph/id/> .\n"
        "@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'id:zed-tester a schema:Person ; schema:name "Zed Tester" .\n'
        'id:three-way a mmru:Meeting ; schema:name "Three-way meeting" ;\n'
        '    schema:startDate "2023-05-01"^^xsd:date ;\n'
        "    schema:attendee id:zed-tester , id:kyaw-zin-oo , id:ivan-petrov .\n",
        encoding="utf-8")
    # a statement nothing points to (not even a quote): outside any actor's neighbourhood
    (graph_dir / "data" / "source-fixture-gamma" / "never.ttl").write_text(
        "@prefix id: <https://w3id.org/mmru-graph/id/> .\n"
        "@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        'id:petrov-never-met-kyaw-zin-oo a mmru:NegativeStatement ;\n'
        '    schema:text "Petrov never met Kyaw Zin Oo." ;\n'
        "    mmru:subjectActor id:ivan-petrov ; mmru:objectActor id:kyaw-zin-oo ;\n"
        "    mmru:deniedEventClass mmru:Meeting .\n", encoding="utf-8")
    # a fourth source dates the meeting otherwise, and quotes nothing: its
    # publisher (the dispute's claim names it) is read by one more request
    (graph_dir / "sources" / "source-fixture-delta.ttl").write_text(
        "@prefix id: <https://w3id.org/mmru-graph/id/> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "id:source-fixture-delta a schema:NewsArticle ; schema:publisher id:delta-daily ;\n"
        '    schema:datePublished "2023-06-01"^^xsd:date .\n'
        'id:delta-daily a schema:NewsMediaOrganization ; schema:name "Delta Daily" .\n',
        encoding="utf-8")
    (graph_dir / "data" / "source-fixture-delta").mkdir()
    (graph_dir / "data" / "source-fixture-delta" / "date.ttl").write_text(
        "@prefix id: <https://w3id.org/mmru-graph/id/> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'id:three-way schema:startDate "2023-05-02"^^xsd:date .\n', encoding="utf-8")
    memory = load_graph(graph_dir, store="memory")
    zed, meeting = ("https://w3id.org/mmru-graph/id/zed-tester",
                    "https://w3id.org/mmru-graph/id/three-way")
    from mmru_graph.sources.provenance import Provenance

    assert Provenance(memory).mark(meeting)["disputed"]  # the whole graph disputes it
    write_nquads(memory, tmp_path / "graph.nq")
    with oxigraph_server(tmp_path / "graph.nq", tmp_path / "server") as url:
        whole = load_graph(graph_dir, store="sparql", endpoint=url)
        focused, names = focus_on(whole, [zed])
        found = backend_of(focused)
        assert isinstance(found, SourcedNeighbourhood) and names == [zed]
        statement = "https://w3id.org/mmru-graph/id/petrov-never-met-kyaw-zin-oo"
        assert all(str(s) != statement for s in found.found.subjects)
        delta = "https://w3id.org/mmru-graph/id/source-fixture-delta"
        assert delta not in {str(s) for s in found.found.subjects}
        assert delta in {str(s) for s in found.found.extra_subjects}
        notes = Provenance(memory).mark(meeting)["disputed"]
        assert any("(source-fixture-gamma) it did not happen" in note for note in notes), notes
        assert any("sources disagree on the date" in note for note in notes), notes
        # each side's claim as the whole graph has it: publisher, date, as of
        assert (Provenance(focused).disputes(meeting)
                == Provenance(memory).disputes(meeting))
        assert _answers(focused, zed) == _answers(memory, zed)
        assert Provenance(focused).mark(meeting)["disputed"]


@pytest.mark.parametrize("param", ["actor=Min Aung Hlaing", "actor=Kasatonov",
                                   "actor=id:vladimir-putin"])
def test_a_named_query_resolves_its_name_from_a_few_labels(
        param: str, article: tuple[Path, Path, str]) -> None:
    """A name given to a named query is looked up among the labels that may match
    it, not every node's (at 2M triples that read took minutes)."""
    graph_dir, _build, url = article
    runner = CliRunner()
    args = ["sparql", "meetings-of-actor", "--param", param, "--format", "json",
            "--graph", str(graph_dir)]
    before = endpoint_module.REQUESTS["count"]
    result = runner.invoke(cli, [*args, "--endpoint", url])
    made = endpoint_module.REQUESTS["count"] - before
    assert result.exit_code == 0, result.output
    memory = runner.invoke(cli, [*args, "--store", "memory"])
    assert memory.exit_code == 0, memory.output
    assert json.loads(memory.output)["results"]["bindings"]
    # SPARQL leaves the order of the quotes GROUP_CONCAT joins to the engine
    assert _quotes_as_sets(result.output) == _quotes_as_sets(memory.output)
    assert made <= 5, made


def _quotes_as_sets(output: str) -> list[dict[str, Any]]:
    rows = json.loads(output)["results"]["bindings"]
    return [{name: sorted(term["value"].split(" | ")) for name, term in row.items()}
            for row in rows]


@pytest.mark.parametrize("param", ["actor=Kasatonv", "actor=Vladimir"])
def test_a_named_querys_unknown_or_ambiguous_name_is_told_as_by_the_whole_graph(
        param: str, article: tuple[Path, Path, str]) -> None:
    graph_dir, _build, url = article
    runner = CliRunner()
    args = ["sparql", "meetings-of-actor", "--param", param, "--graph", str(graph_dir)]
    result = runner.invoke(cli, [*args, "--endpoint", url])
    memory = runner.invoke(cli, [*args, "--store", "memory"])
    assert memory.exit_code != 0 and ("did you mean" in memory.output
                                      or "ambiguous" in memory.output), memory.output
    assert (result.exit_code, result.output) == (memory.exit_code, memory.output)


def _events(build: Path) -> list[str]:
    return sorted(iri for iri, _name, kind, _aliases, _folded
                  in read_labels(build / "store" / LABELS) if kind == "event")


@pytest.mark.parametrize("which", ["multi", "article"])
def test_an_events_card_is_read_from_its_neighbourhood(
        which: str, multi: tuple[Path, Path, str], article: tuple[Path, Path, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``show EVENT`` against an endpoint: the event's neighbourhood in a handful of
    requests, never every quad, and the card the whole graph gives."""
    graph_dir, build, url = multi if which == "multi" else article

    def refused(self: EndpointBackend) -> None:
        raise AssertionError("read every quad of every named graph")

    events = _events(build)[::1 if which == "multi" else 5]
    assert len(events) >= 2
    monkeypatch.setattr(EndpointBackend, "named_quads", refused)
    runner = CliRunner()
    for iri in events:
        for fmt in ("table", "json"):
            args = ["show", iri, "--format", fmt, "--graph", str(graph_dir)]
            before = endpoint_module.REQUESTS["count"]
            remote = runner.invoke(cli, [*args, "--endpoint", url])
            made = endpoint_module.REQUESTS["count"] - before
            memory = runner.invoke(cli, [*args, "--store", "memory"])
            assert memory.exit_code == 0, memory.output
            assert remote.output == memory.output, (iri, fmt)
            assert made <= 7, (iri, made)


@pytest.mark.parametrize("which", ["multi", "article"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_inferred_reads_the_flagged_nodes_neighbourhood(
        which: str, fmt: str, multi: tuple[Path, Path, str], article: tuple[Path, Path, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``inferred`` against an endpoint: the flags, their statements and the flagged
    nodes' neighbourhood, in a handful of requests, never the whole graph; the items
    the whole graph gives (the article's are many; the fixture has none)."""
    graph_dir, _build, url = multi if which == "multi" else article
    runner = CliRunner()
    args = ["inferred", "--format", fmt, "--graph", str(graph_dir)]
    memory = runner.invoke(cli, [*args, "--store", "memory"])
    assert memory.exit_code == 0, memory.output
    bulk = EndpointBackend.triples

    def in_part(self: EndpointBackend, predicates: Any, exclude: Any = ()) -> Any:
        if predicates is None:
            raise AssertionError("read the whole graph")
        return bulk(self, predicates, exclude)

    def refused(self: EndpointBackend) -> None:
        raise AssertionError("read every quad of every named graph")

    monkeypatch.setattr(EndpointBackend, "triples", in_part)
    monkeypatch.setattr(EndpointBackend, "named_quads", refused)
    before = endpoint_module.REQUESTS["count"]
    remote = runner.invoke(cli, [*args, "--endpoint", url])
    made = endpoint_module.REQUESTS["count"] - before
    assert remote.output == memory.output
    assert made <= 7, made
    if which == "article":  # items were compared, not only "nothing inferred"
        assert json.loads(memory.stdout) if fmt == "json" else "why:" in memory.stdout
