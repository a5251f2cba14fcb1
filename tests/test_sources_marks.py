"""A contact is only as good as the sources that name both actors at the event.

``met`` and ``path --via actors`` count, for each contact, the sources whose
own named graph puts both actors at the event, as the page's links do; a
link that only joins what two sources say separately is said to be so.
Invented multi-source corpus (TEST DATA, not news).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mmru_graph import load_graph
from mmru_graph.cli import cli
from mmru_graph.namespaces import ID
from mmru_graph.sources.provenance import Provenance

VISIT = str(ID["2022-02-kyaw-zin-oo-visit-to-russia"])
KYAW, HLA = str(ID["kyaw-zin-oo"]), str(ID["hla-tun"])


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout  # the answer; stderr may carry a note (--source)


def test_a_contact_counts_the_sources_naming_both(multi_source: Path) -> None:
    """Alpha and beta report the visit; only beta has Hla Tun there."""
    marks = Provenance(load_graph(multi_source))
    assert marks.mark(VISIT)["supported_by"] == ["source-fixture-alpha", "source-fixture-beta"]
    assert marks.mark(VISIT, between=(HLA, KYAW))["supported_by"] == ["source-fixture-beta"]
    met = json.loads(run("met", "Hla Tun", "--format", "json", "--graph", str(multi_source)))
    assert [(m["counterpart"], m["supported_by"], m["independent_sources"]) for m in met] == [
        ("Kyaw Zin Oo", ["source-fixture-beta"], 1)]
    assert "1 source: source-fixture-beta" in run("met", "Hla Tun", "--graph", str(multi_source))
    path = json.loads(run("path", "Hla Tun", "Kyaw Zin Oo", "--format", "json",
                          "--graph", str(multi_source)))
    assert path[0]["hops"][0]["supported_by"] == ["source-fixture-beta"]


def test_a_link_joined_from_two_sources_says_so(multi_source: Path) -> None:
    """Beta names only Hla Tun at the visit, alpha only Kyaw Zin Oo: no source has both."""
    facts = multi_source / "data" / "source-fixture-beta" / "facts.ttl"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "schema:attendee id:kyaw-zin-oo , id:hla-tun", "schema:attendee id:hla-tun"),
        encoding="utf-8")
    met = json.loads(run("met", "Hla Tun", "--format", "json", "--graph", str(multi_source)))
    assert [(m["counterpart"], m["supported_by"]) for m in met] == [("Kyaw Zin Oo", [])]
    table = run("met", "Hla Tun", "--graph", str(multi_source))
    assert ("no one source names both: the link joins what source-fixture-alpha, "
            "source-fixture-beta say") in " ".join(table.split())


QUERY_COMMANDS = ["met", "path", "central", "timeline", "show", "sparql", "conflicts", "view",
                  "inferred"]


def test_every_query_command_takes_the_source_options() -> None:
    for command in QUERY_COMMANDS:
        text = run(command, "--help")
        assert "--source ID" in text and "--exclude-source ID" in text, command


def test_inferred_keeps_only_the_chosen_sources(multi_source: Path) -> None:
    """An inference alpha makes (the visit's place) is gone without alpha."""
    facts = multi_source / "data" / "source-fixture-alpha" / "facts.ttl"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "    schema:location id:moscow ;\n",
        "    schema:location id:moscow ;\n    mmru:inferredProperty schema:location ;\n"
        "    rdfs:comment \"Place inferred: TEST DATA.\" ;\n", 1), encoding="utf-8")
    every = json.loads(run("inferred", "--format", "json", "--graph", str(multi_source)))
    assert [(i["node_iri"], i["property"]) for i in every] == [(VISIT, "schema:location")]
    for args in (["--exclude-source", "source-fixture-alpha"],
                 ["--source", "source-fixture-gamma"]):
        assert json.loads(run("inferred", "--format", "json", *args,
                              "--graph", str(multi_source))) == []
