"""Linking a new text: mentions, the draft and its completion, duplicates and owl:sameAs.

On the invented three-source corpus of tests/fixtures/multi_source (TEST DATA).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph

from mmru_graph import load_graph
from mmru_graph.cli import cli
from mmru_graph.errors import ValidationError
from mmru_graph.namespaces import ID, SCHEMA
from mmru_graph.sources.mentions import find_mentions
from mmru_graph.sources.registry import add_source
from mmru_graph.validate import validate_graph

KZO = str(ID["kyaw-zin-oo"])


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def by_text(mentions: list[dict]) -> dict[str, dict]:
    return {m["text"]: m for m in mentions}


def test_mentions_link_every_name_form_of_the_shared_actor(multi_source: Path) -> None:
    forms = {}
    for source in ("alpha", "beta", "gamma"):
        result = run("mentions", f"source-fixture-{source}", "--format", "json",
                     "--graph", str(multi_source))
        assert result.exit_code == 0, result.output
        items = json.loads(result.output)
        assert all(set(m) >= {"start", "end", "text", "kind", "iri", "candidates", "date"}
                   for m in items)
        text = (multi_source / "sources" / f"source-fixture-{source}.txt").read_text("utf-8")
        assert all(text[m["start"]:m["end"]] == m["text"] for m in items)
        assert [m["start"] for m in items] == sorted(m["start"] for m in items)
        forms[source] = sorted(m["text"] for m in items if m["iri"] == KZO)
    assert forms == {"alpha": ["Snr. Gen. Kyaw Zin Oo"],
                     "beta": ["Senior General Kyaw Zin Oo"],
                     "gamma": ["Kyaw Zin Oo", "junta chief"]}


def test_mentions_resolve_dates_against_the_publication_date(multi_source_graph: Graph) -> None:
    text = ("On Monday he flew in; in July he left; last week, February 20 and "
            "Wednesday, September 7, 2022 and 7 September 2022 and June 2021.")
    found = {m.text: (m.date, m.approximate)
             for m in find_mentions(multi_source_graph, text, "2022-09-08") if m.kind == "date"}
    assert found == {"On Monday": ("2022-09-05", True), "in July": ("2022-07", True),
                     "last week": ("2022-09-01", True), "February 20": ("2022-02-20", True),
                     "September 7, 2022": ("2022-09-07", False),
                     "7 September 2022": ("2022-09-07", False), "June 2021": ("2021-06", False)}


def test_mentions_fold_ranks_possessives_accents_and_report_unknown_names(
        multi_source_graph: Graph) -> None:
    text = "Vice Senior General Hla Tun’s aide met KYAW ZIN OO and Col. Gen. Pavel Orlov."
    found = {m.text: m for m in find_mentions(multi_source_graph, text, "2022-09-08")}
    assert found["Vice Senior General Hla Tun"].iri == str(ID["hla-tun"])
    assert found["KYAW ZIN OO"].iri == KZO
    unknown = found["Col. Gen. Pavel Orlov"]
    assert (unknown.kind, unknown.iri) == ("unknown", None)
    close = {m.text: m for m in find_mentions(multi_source_graph, "Kyaw Zin Ohn spoke.", None)}
    assert close["Kyaw Zin Ohn"].kind == "unknown"
    assert close["Kyaw Zin Ohn"].candidates == [KZO]


def test_mentions_table_and_unknown_source(multi_source: Path) -> None:
    table = run("mentions", "source-fixture-gamma", "--graph", str(multi_source))
    assert "Col. Gen. Pavel Orlov" in table.output and "id:kyaw-zin-oo" in table.output
    bad = run("mentions", "nope", "--graph", str(multi_source))
    assert bad.exit_code == 2 and "unknown source 'nope'" in bad.output


def complete(draft: str, event_class: str, title: str) -> str:
    """What an analyst does with a one-sentence draft: decide each TODO."""
    lines = [line for line in draft.splitlines() if not line.startswith("# ")]
    text = "\n".join(re.sub(r"\s+# TODO.*$", "", line) for line in lines)
    text = text.replace("a mmru:TODO ;", f"a {event_class} ;")
    return text.replace('"TODO: a short title an analyst can read"', f'"{title}"') + "\n"


def test_add_source_mentions_draft_validate_build_conflicts(multi_source: Path,
                                                            tmp_path: Path) -> None:
    """The issue's "done when", on the fixture corpus: a new text becomes facts."""
    text = tmp_path / "delta.txt"
    text.write_text("Senior General Kyaw Zin Oo met President Ivan Petrov in Moscow on "
                    "February 24, 2022.", encoding="utf-8")
    added = run("add-source", str(text), "--title", "Talks", "--publisher", "Delta Post",
                "--published", "2022-02-25", "--graph", str(multi_source))
    source = added.output.strip()
    draft_file = tmp_path / "draft.ttl"
    result = run("draft", source, "--out", str(draft_file), "--graph", str(multi_source))
    assert result.exit_code == 0, result.output
    draft = draft_file.read_text(encoding="utf-8")
    assert "oa:start 0 ;" in draft and '"2022-02-24"^^xsd:date' in draft
    assert "schema:attendee id:ivan-petrov , id:kyaw-zin-oo" in draft
    facts = multi_source / "data" / source / "facts.ttl"
    facts.parent.mkdir()
    facts.write_text(draft, encoding="utf-8")
    refused = run("validate", "--graph", str(multi_source))
    assert refused.exit_code == 1 and "still holds a TODO" in refused.output
    facts.write_text(complete(draft, "mmru:Meeting", "Kyaw Zin Oo meets Ivan Petrov in Moscow"),
                     encoding="utf-8")
    assert run("validate", "--graph", str(multi_source)).exit_code == 0
    assert run("build", "--graph", str(multi_source), "--out",
               str(tmp_path / "out")).exit_code == 0
    met = json.loads(run("met", "Kyaw Zin Oo", "--with", "Petrov", "--format", "json",
                         "--graph", str(multi_source)).output)
    moscow = [m for m in met if m.get("place") == "Moscow"]
    assert moscow and moscow[0]["supported_by"] == [source]
    conflicts = json.loads(run("conflicts", "--format", "json", "--graph",
                               str(multi_source)).output)
    happened = [c for c in conflicts if c["kind"] == "happened"
                and c["claims"][1]["source"] == source]
    assert happened and "contradicts it: the event (2022-02-24)" in happened[0]["note"]


def test_a_probable_duplicate_warns_and_owl_same_as_merges(multi_source: Path) -> None:
    people = multi_source / "data" / "entities.ttl"
    people.write_text(people.read_text(encoding="utf-8") + """
id:kyaw-zin-oo-2 a schema:Person ;
    schema:name "Snr. Gen. Kyaw Zin Oo" ;
    mmru:side id:myanmar ;
    prov:wasDerivedFrom id:source-fixture-gamma .
""", encoding="utf-8")
    gamma = multi_source / "data" / "source-fixture-gamma" / "facts.ttl"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace(
        "id:ivan-petrov ;\n    prov:wasDerivedFrom", "id:ivan-petrov , id:kyaw-zin-oo-2 ;\n"
        "    prov:wasDerivedFrom").replace("id:vladivostok ,\n        id:myanmar ;",
                                           "id:vladivostok ,\n        id:myanmar ,\n"
                                           "        id:kyaw-zin-oo-2 ;"), encoding="utf-8")
    report = validate_graph(multi_source)
    assert [str(w) for w in report.warnings if w.path == "owl:sameAs"] == [
        f"{people}:11: id:kyaw-zin-oo owl:sameAs: probably the same as id:kyaw-zin-oo-2 (both are "
        "called 'senior general kyaw zin oo'); if so, record id:kyaw-zin-oo-2 owl:sameAs "
        "id:kyaw-zin-oo"]
    people.write_text(people.read_text(encoding="utf-8")
                      + "id:kyaw-zin-oo-2 owl:sameAs id:kyaw-zin-oo .\n", encoding="utf-8")
    people.write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                      + people.read_text(encoding="utf-8"), encoding="utf-8")
    report = validate_graph(multi_source)
    assert not [w for w in report.warnings if w.path == "owl:sameAs"]
    graph = load_graph(multi_source)
    assert (None, None, ID["kyaw-zin-oo-2"]) not in graph
    assert "Snr. Gen. Kyaw Zin Oo" in {str(n) for n in graph.objects(ID["kyaw-zin-oo"],
                                                                      SCHEMA.alternateName)}
    shown = run("show", "Kyaw Zin Oo", "--format", "json", "--graph", str(multi_source))
    assert json.loads(shown.output)["iri"] == KZO


def test_validate_refuses_a_todo_anywhere(multi_source: Path) -> None:
    facts = multi_source / "data" / "source-fixture-beta" / "facts.ttl"
    facts.write_text(facts.read_text(encoding="utf-8") + "# TODO: check the date\n",
                     encoding="utf-8")
    try:
        validate_graph(multi_source)
    except ValidationError as exc:
        [violation] = exc.violations
        assert violation.location.endswith("facts.ttl:" + str(
            len(facts.read_text(encoding="utf-8").splitlines())))
    else:
        raise AssertionError("a TODO was accepted")


def test_add_source_into_a_copy_of_the_real_graph_keeps_it_valid(graph_copy: Path,
                                                                 tmp_path: Path) -> None:
    text = tmp_path / "new.txt"
    text.write_text("Snr. Gen. Min Aung Hlaing met Vladimir Putin in Vladivostok on "
                    "September 7, 2022.", encoding="utf-8")
    node = add_source(text, title="New", publisher="New Wire", published="2022-09-08",
                      graph_dir=graph_copy)
    validate_graph(graph_copy)
    mentions = json.loads(run("mentions", str(node).rsplit("/", 1)[1], "--format", "json",
                              "--graph", str(graph_copy)).output)
    linked = {m["text"]: m["iri"] or m["date"] for m in mentions}
    assert linked["Snr. Gen. Min Aung Hlaing"] == str(ID["min-aung-hlaing"])
    assert linked["Vladimir Putin"] == str(ID["vladimir-putin"])
    assert linked["September 7, 2022"] == "2022-09-07"
