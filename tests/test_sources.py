"""Many sources: registering texts, named graphs per source, conflicts, restricting by source.

Library behaviour is tested on the invented three-source corpus of
tests/fixtures/multi_source (TEST DATA, not news); the tests on the real
graph only check that the article's facts moved into its named graph
unchanged and that an extra source with no facts changes no answer.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from mmru_graph import load_graph
from mmru_graph.build import build_graph
from mmru_graph.cli import cli
from mmru_graph.errors import SourceError, ValidationError
from mmru_graph.namespaces import ID, MMRU, SCHEMA, XSD
from mmru_graph.sources.conflicts import find_conflicts
from mmru_graph.sources.named import named_graphs, restrict, statement_sources
from mmru_graph.sources.registry import add_source, list_sources
from mmru_graph.validate import validate_graph

GRAPH_DIR = Path(__file__).resolve().parents[1] / "graph"

ALPHA, BETA, GAMMA = (ID[f"source-fixture-{n}"] for n in ("alpha", "beta", "gamma"))
VISIT = ID["2022-02-kyaw-zin-oo-visit-to-russia"]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --------------------------------------------------------------------------
# add-source and sources
# --------------------------------------------------------------------------
def test_add_source_copies_the_text_byte_for_byte_and_describes_only_what_is_known(
        multi_source: Path, tmp_path: Path) -> None:
    text = tmp_path / "note.txt"
    data = "Senior General Kyaw Zin Oo’s plane landed.\r\nNo trailing newline".encode()
    text.write_bytes(data)
    result = run("add-source", str(text), "--title", "Landing", "--publisher", "Delta Post",
                 "--published", "2022-10", "--graph", str(multi_source))
    assert result.exit_code == 0, result.output
    assert result.output == "source-delta-post-2022-10\n"
    assert (multi_source / "sources" / "source-delta-post-2022-10.txt").read_bytes() == data
    graph = load_graph(multi_source)
    node = ID["source-delta-post-2022-10"]
    assert (node, SCHEMA.datePublished, Literal("2022-10", datatype=XSD.gYearMonth)) in graph
    assert graph.value(node, SCHEMA.url) is None  # no URL given: none invented
    assert str(graph.value(graph.value(node, SCHEMA.publisher), SCHEMA.name)) == "Delta Post"
    validate_graph(multi_source)  # a source without facts is valid


def test_add_source_reuses_a_known_publisher_and_records_a_given_url(
        multi_source: Path, tmp_path: Path) -> None:
    text = tmp_path / "other.txt"
    text.write_text("Another report.", encoding="utf-8")
    node = add_source(text, title="Other", publisher="alpha wire", published="2022-04-02",
                      url="https://example.org/other", source_id="other-report",
                      news=False, graph_dir=multi_source)
    graph = load_graph(multi_source)
    assert graph.value(node, SCHEMA.publisher) == ID["alpha-wire"]
    assert str(graph.value(node, SCHEMA.url)) == "https://example.org/other"
    assert (node, MMRU.textFile, Literal("other-report.txt")) in graph
    assert graph.value(node, SCHEMA.headline) is None  # a creative work, not news


@pytest.mark.parametrize(("args", "message"), [
    (["--id", "source-fixture-alpha"], "source id 'source-fixture-alpha' is in use"),
    (["--id", "Not A Slug"], "is not a slug"),
    (["--published", "2022-13-01"], "is not a date"),
])
def test_add_source_refuses_bad_input_in_one_line(multi_source: Path, tmp_path: Path,
                                                  args: list[str], message: str) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Fresh text.", encoding="utf-8")
    options = {"--title": "T", "--publisher": "P", "--published": "2022-01-01",
               "--graph": str(multi_source)}
    options.update(zip(args[::2], args[1::2], strict=True))
    base = ["add-source", str(text), *(part for item in options.items() for part in item)]
    before = sorted(p.name for p in (multi_source / "sources").iterdir())
    result = run(*base)
    assert result.exit_code == 2
    assert message in result.output and result.output.count("\n") == 1
    assert sorted(p.name for p in (multi_source / "sources").iterdir()) == before


def test_add_source_refuses_a_text_already_registered(multi_source: Path, tmp_path: Path) -> None:
    copy = tmp_path / "same.txt"
    shutil.copyfile(multi_source / "sources" / "source-fixture-beta.txt", copy)
    with pytest.raises(SourceError, match="already registered as id:source-fixture-beta"):
        add_source(copy, title="x", publisher="y", published="2022", graph_dir=multi_source)


def test_sources_lists_each_source_with_the_facts_it_supports(multi_source_graph: Graph) -> None:
    found = {s.id: s for s in list_sources(multi_source_graph)}
    assert sorted(found) == ["source-fixture-alpha", "source-fixture-beta",
                             "source-fixture-gamma"]
    alpha = found["source-fixture-alpha"]
    assert (alpha.publisher, alpha.published, alpha.annotations) == ("Alpha Wire", "2022-03-01", 2)
    assert alpha.facts == 6 and alpha.statements > 0
    assert alpha.as_of == "as of 2022-03-01, per Alpha Wire (source-fixture-alpha)"


def test_sources_command_json(multi_source: Path) -> None:
    result = run("sources", "--format", "json", "--graph", str(multi_source))
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == ["source-fixture-alpha", "source-fixture-beta",
                                       "source-fixture-gamma"]
    assert {r["publisher"] for r in rows} == {"Alpha Wire", "Beta Daily", "Gamma Times"}


def test_the_article_says_what_is_not_known_of_it(graph: Graph) -> None:
    """The real article: no publication day in its text, so none is recorded."""
    [article] = [s for s in list_sources(graph) if s.id == "source-irrawaddy-2021"]
    assert article.published is None
    assert "after 2021-10-29; publication date unknown" in article.as_of


# --------------------------------------------------------------------------
# Named graphs
# --------------------------------------------------------------------------
def test_each_source_states_its_own_values(multi_source_graph: Graph) -> None:
    assert named_graphs(multi_source_graph) == [ALPHA, BETA, GAMMA]
    day = {str(o): statement_sources(multi_source_graph, VISIT, SCHEMA.startDate, o)
           for o in multi_source_graph.objects(VISIT, SCHEMA.startDate)}
    assert day == {"2022-02-20": [ALPHA], "2022-02-21": [BETA]}
    # The shared actor has one IRI and every name the sources use.
    names = {str(n) for n in multi_source_graph.objects(ID["kyaw-zin-oo"],
                                                         SCHEMA.alternateName)}
    assert {"Snr. Gen. Kyaw Zin Oo", "Senior General Kyaw Zin Oo", "junta chief"} <= names


def test_the_articles_facts_are_in_its_named_graph(graph: Graph) -> None:
    source = ID["source-irrawaddy-2021"]
    assert source in named_graphs(graph)
    parade = ID["2021-03-27-armed-forces-day-parade"]
    assert statement_sources(graph, parade, SCHEMA.startDate,
                             graph.value(parade, SCHEMA.startDate)) == [source]
    # People and their names are shared: in the default graph, in no source's graph.
    assert statement_sources(graph, ID["min-aung-hlaing"], SCHEMA.name,
                             Literal("Min Aung Hlaing")) == []


def test_conflicting_sources_validate_one_at_a_time(multi_source: Path) -> None:
    validate_graph(multi_source)  # two start dates in the union, one per source
    facts = multi_source / "data" / "source-fixture-beta" / "facts.ttl"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace('mmru:ordinal 2 ;', 'mmru:ordinal 2 , 3 ;'), encoding="utf-8")
    with pytest.raises(ValidationError, match="mmru:ordinal is one positive integer"):
        validate_graph(multi_source)  # within one source, still one value


def test_build_writes_quads_named_by_source_deterministically(multi_source: Path,
                                                              tmp_path: Path) -> None:
    first = build_graph(multi_source, tmp_path / "one")
    build_graph(multi_source, tmp_path / "two")
    for name in ("graph.trig", "graph.nq", "graph.ttl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    lines = first.files["graph.nq"].read_text(encoding="utf-8").splitlines()
    assert f'<{VISIT}> <{SCHEMA.startDate}> "2022-02-21"^^<{XSD.date}> <{BETA}> .' in lines
    quads = load_graph(files=[first.files["graph.nq"]])
    again = load_graph(files=[first.files["graph.trig"]])
    assert set(quads.quads()) == set(again.quads())
    assert named_graphs(again) == [ALPHA, BETA, GAMMA]
    assert len(load_graph(files=[first.files["graph.ttl"]])) == len(quads)


# --------------------------------------------------------------------------
# Conflicts
# --------------------------------------------------------------------------
def test_conflicts_keep_both_claims_with_source_quote_and_date(multi_source_graph: Graph) -> None:
    found = {(c.node, c.kind): c for c in find_conflicts(multi_source_graph)}
    assert set(found) == {("id:2022-02-kyaw-zin-oo-visit-to-russia", "date"),
                          ("id:2022-02-kyaw-zin-oo-visit-to-russia", "ordinal"),
                          ("id:negative-kyaw-zin-oo-never-met-petrov", "happened")}
    date = found[("id:2022-02-kyaw-zin-oo-visit-to-russia", "date")]
    assert [(c.source, c.values, c.published) for c in date.claims] == [
        ("source-fixture-alpha", ["2022-02-20"], "2022-03-01"),
        ("source-fixture-beta", ["2022-02-21"], "2022-03-05")]
    assert "February 20" in date.claims[0].quotes[0]["quote"]
    ordinal = found[("id:2022-02-kyaw-zin-oo-visit-to-russia", "ordinal")]
    assert [c.values for c in ordinal.claims] == [["1"], ["2"]]


def test_a_negative_statement_is_scoped_to_its_sources_date(multi_source_graph: Graph) -> None:
    [happened] = [c for c in find_conflicts(multi_source_graph) if c.kind == "happened"]
    assert happened.related == ["id:2022-09-07-kyaw-zin-oo-meets-petrov"]
    assert happened.note.startswith("as of 2022-03-01, per Alpha Wire (source-fixture-alpha)")
    assert "supersedes it: true as of 2022-03-01, the event is dated 2022-09-07" in happened.note
    assert [c.source for c in happened.claims] == ["source-fixture-alpha", "source-fixture-gamma"]


def test_a_negative_statement_contradicted_by_an_earlier_event(multi_source: Path) -> None:
    facts = multi_source / "data" / "source-fixture-gamma" / "facts.ttl"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        '"2022-09-07"^^xsd:date', '"2022-01-10"^^xsd:date'), encoding="utf-8")
    [happened] = [c for c in find_conflicts(load_graph(multi_source)) if c.kind == "happened"]
    assert "contradicts it: the event (2022-01-10) is dated before" in happened.note


def test_a_source_naming_fewer_participants_is_not_a_conflict(multi_source_graph: Graph) -> None:
    """Alpha names only Kyaw Zin Oo on the visit, beta adds Hla Tun: silence, no dispute."""
    assert not [c for c in find_conflicts(multi_source_graph) if c.kind == "participants"]


def test_the_article_alone_has_no_conflicts(graph: Graph) -> None:
    assert find_conflicts(graph) == []


def test_conflicts_command(multi_source: Path) -> None:
    result = run("conflicts", "--graph", str(multi_source))
    assert result.exit_code == 0
    assert result.output.startswith("3 disagreements between sources")
    assert "- 2022-02-20 — as of 2022-03-01, per Alpha Wire (source-fixture-alpha)" in result.output
    data = json.loads(run("conflicts", "--format", "json", "--graph", str(multi_source)).stdout)
    assert {c["kind"] for c in data} == {"date", "ordinal", "happened"}
    only = json.loads(run("conflicts", "--format", "json", "--graph", str(multi_source),
                          "--exclude-source", "source-fixture-beta").stdout)
    assert [c["kind"] for c in only] == ["happened"]


def test_query_commands_mark_disputes_and_count_sources(multi_source: Path) -> None:
    entries = json.loads(run("timeline", "--format", "json", "--graph", str(multi_source)).stdout)
    visit = next(e for e in entries if e["event_iri"] == str(VISIT))
    assert visit["supported_by"] == ["source-fixture-alpha", "source-fixture-beta"]
    assert visit["independent_sources"] == 2
    assert any("disagree on the date" in note for note in visit["disputed"])
    met = run("met", "Kyaw Zin Oo", "--with", "Ivan Petrov", "--graph", str(multi_source))
    assert "DISPUTED: as of 2022-03-01, per Alpha Wire" in met.output
    assert "1 source: source-fixture-gamma" in met.output
    show = json.loads(run("show", "Kyaw Zin Oo", "--format", "json",
                          "--graph", str(multi_source)).stdout)
    assert {e["event_iri"]: len(e["supported_by"]) for e in show["events"]}[str(VISIT)] == 2
    path = json.loads(run("path", "Hla Tun", "Ivan Petrov", "--format", "json",
                          "--graph", str(multi_source)).stdout)
    assert any(hop["disputed"] for p in path for hop in p["hops"])


def test_source_options_restrict_every_query(multi_source: Path, multi_source_graph: Graph) -> None:
    view = restrict(multi_source_graph, exclude=["source-fixture-beta"])
    assert {str(o) for o in view.objects(VISIT, SCHEMA.startDate)} == {"2022-02-20"}
    entries = json.loads(run("timeline", "--format", "json", "--graph", str(multi_source),
                             "--source", "source-fixture-gamma").stdout)
    assert [e["event_iri"] for e in entries] == [str(ID["2022-09-07-kyaw-zin-oo-meets-petrov"])]
    bad = run("met", "Kyaw Zin Oo", "--source", "nope", "--graph", str(multi_source))
    assert bad.exit_code == 2 and "unknown source 'nope'" in bad.output


# --------------------------------------------------------------------------
# An extra source in the real graph
# --------------------------------------------------------------------------
def test_an_extra_source_without_facts_changes_no_answer(graph_copy: Path, graph: Graph,
                                                         tmp_path: Path) -> None:
    text = tmp_path / "extra.txt"
    text.write_text("Senior General Min Aung Hlaing met Russian President Vladimir Putin in "
                    "Vladivostok on September 7, 2022.", encoding="utf-8")
    add_source(text, title="Extra", publisher="Extra Wire", published="2022-09-08",
               graph_dir=graph_copy)
    report = validate_graph(graph_copy)
    assert report.triples > len(graph)
    for args in (["met", "Min Aung Hlaing", "--format", "json"], ["timeline", "--format", "json"],
                 ["path", "Fomin", "Kasatonov", "--format", "json"],
                 ["central", "--format", "json"], ["conflicts", "--format", "json"]):
        real = run(*args, "--graph", str(GRAPH_DIR))
        extra = run(*args, "--graph", str(graph_copy))
        assert extra.exit_code == real.exit_code == 0
        # The answers on stdout; stderr may carry a note (the checkout's own build
        # written by other code is read more slowly, not differently).
        if args[0] == "central":  # the new publisher is one more (isolated) organization:
            # the ranking stays, normalised scores shift with the node count
            assert [(r["rank"], r["iri"]) for r in json.loads(extra.stdout)] == \
                [(r["rank"], r["iri"]) for r in json.loads(real.stdout)]
            continue
        assert json.loads(extra.stdout) == json.loads(real.stdout), args
    listed = json.loads(run("sources", "--format", "json", "--graph", str(graph_copy)).stdout)
    assert {r["id"]: r["facts"] for r in listed}["source-extra-wire-2022-09-08"] == 0


def test_unknown_source_is_a_source_error(multi_source_graph: Graph) -> None:
    with pytest.raises(SourceError, match="unknown source"):
        restrict(multi_source_graph, include=[str(URIRef("https://example.org/x"))])


def test_view_draws_only_the_chosen_sources(multi_source: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    args = ["view", "--no-open", "--out", str(out), "--graph", str(multi_source)]
    everything = run(*args)
    gamma = run(*args, "--source", "source-fixture-gamma")
    assert everything.exit_code == gamma.exit_code == 0
    assert "and 2 links;" in everything.output and "and 1 links;" in gamma.output


def test_a_source_may_also_be_one_trig_file(multi_source: Path, multi_source_graph: Graph) -> None:
    """data/<source>.trig naming its graph is the same as the folder data/<source>/."""
    folder = multi_source / "data" / "source-fixture-beta"
    text = (folder / "facts.ttl").read_text(encoding="utf-8")
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
    body = "".join(line + "\n" for line in text.splitlines()
                   if not line.startswith(("@prefix", "#")))
    (multi_source / "data" / "source-fixture-beta.trig").write_text(
        prefixes + "id:source-fixture-beta {\n" + body + "}\n", encoding="utf-8")
    shutil.rmtree(folder)
    graph = load_graph(multi_source)
    assert set(graph.quads()) == set(multi_source_graph.quads())
    validate_graph(multi_source)


def test_a_page_of_some_sources_says_so(multi_source: Path, tmp_path: Path) -> None:
    """`view --source` draws a part of the graph: the page and the command say which,
    as they say what a bounded page left out; a page of every source says nothing."""
    import html as html_text

    out = tmp_path / "page.html"
    for flags, said in (
            (("--source", "source-fixture-alpha"),
             "Only the facts of source-fixture-alpha (--source); the shared entities are kept."),
            (("--exclude-source", "id:source-fixture-beta", "--exclude-source",
              "source-fixture-gamma"),
             "Without the facts of source-fixture-beta and source-fixture-gamma "
             "(--exclude-source); the shared entities are kept."),
            ((), None)):
        result = run("view", "--graph", str(multi_source), "--no-open", "--out", str(out),
                     *flags)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()  # type: ignore[attr-defined]
        page = out.read_text("utf-8")
        if said is None:
            assert len(lines) == 1 and 'id="notice"' not in page
            continue
        assert lines[1] == said
        assert (f'<span id="notice" class="muted" role="note">{html_text.escape(said)}</span>'
                in page)


def test_a_query_of_some_sources_notes_it_on_stderr(multi_source: Path) -> None:
    """An answer of some sources (none at all, here) is told apart from the whole graph's:
    one note on stderr, the answer on stdout as it was."""
    every = ("source-fixture-alpha", "source-fixture-beta", "source-fixture-gamma")
    flags = [arg for name in every for arg in ("--exclude-source", name)]
    result = run("met", "Kyaw Zin Oo", "--graph", str(multi_source), *flags)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(  # type: ignore[attr-defined]
        "Kyaw Zin Oo (person, other): 0 contacts")
    assert result.stderr.splitlines() == [  # type: ignore[attr-defined]
        "Note: Without the facts of source-fixture-alpha, source-fixture-beta and "
        "source-fixture-gamma (--exclude-source); the shared entities are kept."]
    whole = run("met", "Kyaw Zin Oo", "--graph", str(multi_source), "--format", "json")
    assert "Note:" not in whole.stderr  # type: ignore[attr-defined]
