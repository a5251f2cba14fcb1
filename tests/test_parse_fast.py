"""pyoxigraph's Turtle parsing gives exactly the graph rdflib's parser gives.

:func:`mmru_graph.store.parse.add_turtle` parses Turtle files with pyoxigraph and
adds them to rdflib in bulk; each file is loaded here both ways (the fast path,
and rdflib's alone) and the two graphs must hold the same quads (isomorphic
where there are blank nodes), the same literal forms and the same prefix
bindings in the same order. The files it must hand to rdflib (where the two
parsers disagree) are declined, adding nothing; the files of an ordinary
corpus are not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Literal
from rdflib.compare import isomorphic

import mmru_graph.store.parse as fast
from mmru_graph.errors import GraphSyntaxError
from mmru_graph.store.loading import SourcedGraph, named_graph_of, parse_turtle

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: Turtle that both parsers read; the fast path must take each of these.
TAKEN = {
    "numbers": PREFIXES + "ex:a ex:n 7, -3, +5, 007, 1.5, 1.50, .5, -.0, -0.0, 1e3, 2.5E-2, "
                          "-0.0e0, true, false .",
    "typed": PREFIXES + 'ex:a ex:d "2021-02-01"^^xsd:date, "7"^^xsd:integer, "x"^^ex:t, '
                        '"1e3"^^xsd:double, "bad"^^xsd:integer .',
    "strings": PREFIXES + 'ex:a ex:s "plain", "tab\\there", "quote \\" in", \'single\', '
                          '"""long\nwith "quotes" and\r\nCRLF""", "\\u00e9\\U0001F600", '
                          '"é ü 漢字", '
                          '"lower"@en, "lower-region"@en-gb, "" .',
    "blank nodes": PREFIXES + "ex:a ex:b [ ex:c ex:d ; ex:e [ ex:f 1 ] ] . _:x ex:g _:y . "
                              "_:y ex:h ex:a . ex:list ex:items ( 1 ex:x \"s\" ( ) ) .",
    "names": PREFIXES + "@prefix : <http://example.org/empty#> .\n"
                        "PREFIX ex2: <http://example.org/two/>\n"
                        ":a a ex:Thing ; ex:p ex2:b\\-c , ex:with.dot , ex2:pct%20x , "
                        "<http://example.org/abs> .",
    "redeclared": "@prefix ex: <http://example.org/first/> .\n@prefix b: <http://b.org/> .\n"
                  "ex:a b:p ex:c .\n@prefix ex: <http://example.org/second/> .\nex:a b:p ex:c .",
    "rebinding": "@prefix schema: <http://example.org/not-schema/> .\n"
                 "schema:a schema:b schema:c .",
}

#: Turtle the two parsers read differently (or possibly so): handed to rdflib.
DECLINED = {
    "capital language tag": PREFIXES + 'ex:a ex:s "colour"@en-GB .',
    "explicit xsd:string": PREFIXES + 'ex:a ex:s "x"^^xsd:string .',
    "explicit xsd:string IRI": PREFIXES
    + 'ex:a ex:s "x"^^<http://www.w3.org/2001/XMLSchema#string> .',
    "relative IRI": PREFIXES + "<a> ex:s <#b> .",
    "base": "@base <http://example.org/> .\n<a> <b> <c> .",
    # rdflib would write the shorthand -0 (not Turtle) as "0": declined to be safe.
    "negative zero decimal": PREFIXES + 'ex:a ex:n "-0"^^xsd:decimal .',
    "syntax error": PREFIXES + "ex:a ex:s .",
}


def quads(graph: SourcedGraph) -> set[tuple[Any, ...]]:
    return {(s, p, o, getattr(c, "identifier", c))
            for s, p, o, c in graph.quads((None, None, None, None))}


def load(paths: list[Path], *, use_fast: bool, monkeypatch: pytest.MonkeyPatch) -> SourcedGraph:
    graph = SourcedGraph()
    with monkeypatch.context() as patch:
        if not use_fast:
            patch.setattr(fast, "add_turtle", lambda *args: False)
        for path in paths:
            parse_turtle(graph, path)
    return graph


def assert_same(ours: SourcedGraph, theirs: SourcedGraph) -> None:
    mine, rdflibs = quads(ours), quads(theirs)
    if any(isinstance(term, BNode) for quad in mine | rdflibs for term in quad):
        assert len(mine) == len(rdflibs)
        for name in {quad[3] for quad in mine | rdflibs}:
            assert isomorphic(ours.graph(name), theirs.graph(name)), name
    else:
        assert mine == rdflibs
    # Literal equality is by lexical form: also compare forms, datatypes and tags.
    def literals(found: set[tuple[Any, ...]]) -> list[tuple[str, Any, Any]]:
        return sorted((str(o), str(o.datatype), str(o.language)) for _, _, o, _ in found
                      if isinstance(o, Literal))
    assert literals(mine) == literals(rdflibs)
    assert list(ours.namespaces()) == list(theirs.namespaces())


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("case", sorted(TAKEN))
def test_the_fast_path_takes_the_file_and_reads_it_as_rdflib_does(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "data/source-x/facts.ttl", TAKEN[case])
    probe = SourcedGraph()
    assert fast.add_turtle(probe, path, fast.parse_context(probe, named_graph_of(path)))
    ours = load([path], use_fast=True, monkeypatch=monkeypatch)
    assert_same(ours, load([path], use_fast=False, monkeypatch=monkeypatch))
    # The facts of data/<slug>/ went to the source's named graph.
    assert {quad[3] for quad in quads(ours)} == {named_graph_of(path)}


@pytest.mark.parametrize("case", sorted(DECLINED))
def test_files_the_parsers_read_differently_go_to_rdflib(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "data/people.ttl", DECLINED[case])
    probe = SourcedGraph()
    assert not fast.add_turtle(probe, path, probe.default_graph)
    assert len(probe) == 0 and not list(probe.quads((None, None, None, None)))
    if case == "syntax error":
        with pytest.raises(GraphSyntaxError, match=r"people\.ttl:3: "):
            load([path], use_fast=True, monkeypatch=monkeypatch)
        return
    assert_same(load([path], use_fast=True, monkeypatch=monkeypatch),
                load([path], use_fast=False, monkeypatch=monkeypatch))


def test_blank_node_labels_are_fresh_in_each_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    one = write(tmp_path, "data/one.ttl", PREFIXES + "_:x ex:p ex:a .")
    two = write(tmp_path, "data/two.ttl", PREFIXES + "_:x ex:p ex:b .")
    ours = load([one, two], use_fast=True, monkeypatch=monkeypatch)
    assert len(set(ours.subjects())) == 2
    assert_same(ours, load([one, two], use_fast=False, monkeypatch=monkeypatch))


def test_files_of_several_graphs_and_the_shared_terms(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [write(tmp_path, "ontology.ttl", PREFIXES + "ex:Thing a ex:Class ."),
             write(tmp_path, "data/shared.ttl", PREFIXES + 'ex:a ex:name "A" ; ex:n 1 .'),
             write(tmp_path, "data/s-1/f.ttl", PREFIXES + 'ex:a ex:name "A" ; ex:n 1 .'),
             write(tmp_path, "data/s-2/f.ttl", PREFIXES + 'ex:b ex:knows ex:a ; ex:n 1 .')]
    ours = load(paths, use_fast=True, monkeypatch=monkeypatch)
    assert_same(ours, load(paths, use_fast=False, monkeypatch=monkeypatch))
    assert len(ours) == 5  # the union: ex:a's two statements are in two graphs
    assert len(quads(ours)) == 7
    # The same IRI is one shared object across files (the term cache).
    subjects = [s for s, _, _, _ in ours.quads((None, None, None, None)) if str(s).endswith("/a")]
    assert len({id(s) for s in subjects}) == 1


def memory_tables(graph: SourcedGraph) -> dict[str, Any]:
    """Every table of rdflib's Memory store, contexts by their identifiers."""
    store = graph.store
    tables = {name: getattr(store, "_Memory__" + name) for name in (
        "spo", "pos", "osp", "tripleContexts", "contextTriples", "defaultContexts")}
    tables["all_contexts"] = {c.identifier for c in store._Memory__all_contexts}
    tables["context_obj_map"] = sorted(store._Memory__context_obj_map)
    return tables


def test_bulk_adding_fills_the_memory_store_exactly_as_adding_one_by_one() -> None:
    from rdflib import URIRef

    from mmru_graph.store.bulk import add_triples

    ex = "http://example.org/"
    a, b, c, p, q = (URIRef(ex + n) for n in "abcpq")
    batches = [  # (graph name or None for the default graph, triples)
        ("g1", [(a, p, b), (a, p, c), (a, p, b), (b, q, Literal("x"))]),
        (None, [(a, p, b), (c, q, a)]),
        ("g2", [(a, p, b), (c, q, a), (c, q, Literal(1))]),
        ("g1", [(c, q, Literal(1)), (b, q, Literal("x"))]),
        (None, [(b, q, Literal("x"))]),
    ]
    one_by_one, in_bulk = SourcedGraph(), SourcedGraph()
    for name, triples in batches:
        for graph in (one_by_one, in_bulk):
            part = graph.graph(URIRef(ex + name)) if name else graph.default_graph
            if graph is one_by_one:
                for triple in triples:
                    graph.store.add(triple, part)
            else:
                add_triples(part, triples)
    assert memory_tables(in_bulk) == memory_tables(one_by_one)
    assert quads(in_bulk) == quads(one_by_one) and len(in_bulk) == 5
    assert len(in_bulk.graph(URIRef(ex + "g1"))) == 4


def test_the_union_read_without_contexts_is_rdflibs_in_the_same_order(
        multi_source_graph: SourcedGraph) -> None:
    from itertools import product

    from mmru_graph.store.bulk import plain_memory_of, union_triples

    graph = multi_source_graph
    store = plain_memory_of(graph)
    assert store is graph.store
    some = sorted(graph, key=str)[::7]
    terms = [({None} | {t[i] for t in some}) for i in range(3)]
    checked = 0
    for pattern in product(*(sorted(t, key=lambda x: (x is not None, str(x))) for t in terms)):
        if checked > 4000:
            break
        expected = [found for found, _ in store.triples(pattern, context=None)]
        assert list(union_triples(store, pattern)) == expected, pattern
        assert list(graph.triples(pattern)) == expected
        checked += 1
    assert checked > 1000


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own N3 parser
def test_a_store_with_quoted_formulas_is_read_as_rdflib_does() -> None:
    from rdflib import Dataset, Graph

    from mmru_graph.store.bulk import plain_memory_of

    plain = SourcedGraph()
    plain.parse(data=PREFIXES + "ex:a ex:b ex:c .", format="turtle")
    assert plain_memory_of(plain) is plain.store
    graph = SourcedGraph()
    graph.parse(data=PREFIXES + "{ ex:a ex:b ex:c } ex:says ex:d .", format="n3")
    assert plain_memory_of(graph) is None
    # rdflib's union leaves the quoted statement out; so does ours.
    assert len(list(graph.triples((None, None, None)))) == 1
    assert plain_memory_of(Graph(store="SimpleMemory")) is None
    assert plain_memory_of(Dataset()) is not None
