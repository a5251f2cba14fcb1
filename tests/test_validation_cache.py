"""A rebuild after adding a source re-checks only what changed: the SHACL results cache
(:mod:`mmru_graph.validation.cache`) and the record of the last validation that passed,
which spares the quote checks and the structural rules (:mod:`mmru_graph.validation.passed`).

Each test validates a copy of the three-source fixture corpus with its own
cache directory, changes it, validates again and reads how much was
re-checked (the report's ``shacl`` line); results are compared with a
validation that uses no cache at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mmru_graph.errors import ValidationError
from mmru_graph.validate import validate_graph

PREFIXES = """@prefix id: <https://w3id.org/mmru-graph/id/> .
@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MMRU_GRAPH_CACHE", raising=False)


def add_source(graph_dir: Path, slug: str, body: str) -> None:
    """A new source as ``add-source`` lays it out: text, description, facts folder.
    Its one annotation quotes "Ivan Petrov spoke" and supports ``body``."""
    text = f"TEST DATA, NOT NEWS. {slug}: Ivan Petrov spoke."
    (graph_dir / "sources" / f"{slug}.txt").write_text(text, "utf-8")
    (graph_dir / "sources" / f"{slug}.ttl").write_text(PREFIXES + f"""
id:{slug} a schema:NewsArticle ; schema:name "Test {slug}" ;
    schema:publisher id:alpha-wire ; mmru:textFile "{slug}.txt" .
""", "utf-8")
    start = text.index("Ivan Petrov spoke")
    folder = graph_dir / "data" / slug
    folder.mkdir()
    (folder / "facts.ttl").write_text(PREFIXES + f"""
id:ev-{slug} a oa:Annotation ; oa:hasBody {body} ;
    oa:hasTarget id:ev-{slug}-target ; prov:wasDerivedFrom id:{slug} .
id:ev-{slug}-target a oa:SpecificResource ; oa:hasSource id:{slug} ;
    oa:hasSelector id:ev-{slug}-quote , id:ev-{slug}-pos .
id:ev-{slug}-quote a oa:TextQuoteSelector ; oa:exact "Ivan Petrov spoke" .
id:ev-{slug}-pos a oa:TextPositionSelector ; oa:start {start} ; oa:end {start + 17} .
""", "utf-8")


def uncached(graph_dir: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every problem a validation without any cache finds (empty when it passes)."""
    with monkeypatch.context() as patch:
        patch.setenv("MMRU_GRAPH_CACHE", "0")
        return problems(graph_dir)


def problems(graph_dir: Path) -> set[str]:
    try:
        report = validate_graph(graph_dir)
    except ValidationError as exc:
        return {str(v) for v in exc.violations}
    return {str(w) for w in report.warnings}


def test_adding_a_source_rechecks_only_it(multi_source: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    first = validate_graph(multi_source)
    assert first.shacl == "SHACL re-checked 3 of 3 sources and the shared entities"
    assert validate_graph(multi_source).shacl == \
        "SHACL re-checked 0 of 3 sources; quotes and rules re-used (nothing changed)"
    add_source(multi_source, "source-fixture-delta", "id:ivan-petrov")
    again = validate_graph(multi_source)
    # The new source, and the shared entities (its description is one of them).
    assert again.shacl == "SHACL re-checked 1 of 4 sources and the shared entities; " \
        "quotes and rules re-checked for 2 added files (17 statements)"
    assert problems(multi_source) == uncached(multi_source, monkeypatch)


def test_a_new_source_rechecks_a_cached_source_it_touches(
        multi_source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Alpha's negative statement loses its evidence; a new source's annotation gives it
    back (evidence is seen from every view), so alpha's cached failure must go."""
    facts = multi_source / "data" / "source-fixture-alpha" / "facts.ttl"
    facts.write_text(facts.read_text("utf-8").replace(
        "oa:hasBody id:negative-kyaw-zin-oo-never-met-petrov ,", "oa:hasBody"), "utf-8")
    before = problems(multi_source)
    assert any("id:negative-kyaw-zin-oo-never-met-petrov ^oa:hasBody" in p for p in before)
    add_source(multi_source, "source-fixture-delta", "id:negative-kyaw-zin-oo-never-met-petrov")
    report = validate_graph(multi_source)  # passes: the cached failure was re-checked
    assert report.shacl == "SHACL re-checked 2 of 4 sources and the shared entities"
    assert uncached(multi_source, monkeypatch) == {str(w) for w in report.warnings}


def test_a_new_broken_source_is_reported(multi_source: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    validate_graph(multi_source)
    add_source(multi_source, "source-fixture-delta", "id:ivan-petrov , id:no-such-node")
    with pytest.raises(ValidationError) as caught:
        validate_graph(multi_source)
    assert {str(v) for v in caught.value.violations} == uncached(multi_source, monkeypatch)


def test_an_edited_shared_file_rechecks_everything(multi_source: Path) -> None:
    validate_graph(multi_source)
    entities = multi_source / "data" / "entities.ttl"
    entities.write_text(entities.read_text("utf-8") + "\n# an analyst's note\n", "utf-8")
    assert validate_graph(multi_source).shacl == \
        "SHACL re-checked 3 of 3 sources and the shared entities"
    assert validate_graph(multi_source).shacl == \
        "SHACL re-checked 0 of 3 sources; quotes and rules re-used (nothing changed)"


def test_a_broken_cache_means_a_full_check(multi_source: Path, tmp_path: Path) -> None:
    validate_graph(multi_source)
    for path in (tmp_path / "cache").glob("*.marshal"):  # both records
        path.write_bytes(b"\x00garbage")
    assert validate_graph(multi_source).shacl == \
        "SHACL re-checked 3 of 3 sources and the shared entities"


# --------------------------------------------------------------------------
# Quotes and structural rules: re-checked only where added files could break them
# --------------------------------------------------------------------------
VISIT = "id:2022-02-kyaw-zin-oo-visit-to-russia"

#: Added files that break a quote or a structural rule through statements the graph
#: held before (an old event, target or selector), each with what must be reported.
BREAKING_ADDITIONS = {
    "an old event ends before it starts":
        (f'{VISIT} schema:endDate "2022-01-01"^^xsd:date .', "ends (2022-01-01) before it starts"),
    "an old selector gets a second quote":
        ('id:ev-alpha-visit-quote oa:exact "Kyaw Zin Oo arrived" .', "needs exactly one text"),
    "an old target gets a second position":
        ("id:ev-alpha-visit-target oa:hasSelector id:ev-alpha-visit-pos2 .\n"
         "id:ev-alpha-visit-pos2 a oa:TextPositionSelector ; oa:start 0 ; oa:end 5 .",
         "needs exactly one oa:TextPositionSelector"),
    "a new quote at the wrong offsets":
        ("id:ev-x-target a oa:SpecificResource ; oa:hasSource id:source-fixture-alpha ;\n"
         "    oa:hasSelector id:ev-x-quote , id:ev-x-pos .\n"
         'id:ev-x-quote a oa:TextQuoteSelector ; oa:exact "He has never met President Ivan '
         'Petrov." .\nid:ev-x-pos a oa:TextPositionSelector ; oa:start 0 ; oa:end 39 .',
         "not at 0–39"),
    "a flag without its value":
        (f"{VISIT} mmru:inferredProperty schema:organizer .", "as inferred but has no"),
    "an undescribed node":
        (f"{VISIT} schema:attendee id:no-such-person .", "is not described anywhere"),
    "an undeclared term":
        (f'{VISIT} mmru:undeclaredThing "x" .', "is not declared in ontology.ttl"),
    "a blank node":
        (f'{VISIT} schema:location [ schema:name "Somewhere" ] .', "blank node"),
}


def add_file(graph_dir: Path, turtle: str) -> None:
    """One more file in an existing source's folder (its named graph)."""
    path = graph_dir / "data" / "source-fixture-alpha" / "more.ttl"
    path.write_text(PREFIXES + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n" + turtle,
                    "utf-8")


@pytest.fixture
def whole_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which whole-graph checks each validation ran (``quotes``, ``rules``)."""
    import mmru_graph.validate as validate

    ran: list[str] = []
    quotes, rules = validate.check_quotes, validate.structural_violations

    def check_quotes(graph, texts, touched=None):  # type: ignore[no-untyped-def]
        ran.extend(["quotes"] if touched is None else [])
        return quotes(graph, texts, touched)

    def structural_violations(graph, added=None):  # type: ignore[no-untyped-def]
        ran.extend(["rules"] if added is None else [])
        return rules(graph, added)

    monkeypatch.setattr(validate, "check_quotes", check_quotes)
    monkeypatch.setattr(validate, "structural_violations", structural_violations)
    return ran


def test_nothing_changed_checks_no_quote_again(multi_source: Path,
                                               whole_checks: list[str]) -> None:
    validate_graph(multi_source)
    assert whole_checks == ["quotes", "rules"]
    whole_checks.clear()
    report = validate_graph(multi_source)
    assert whole_checks == []
    assert report.shacl.endswith("; quotes and rules re-used (nothing changed)")


def test_an_added_source_checks_only_its_statements(multi_source: Path, whole_checks: list[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    validate_graph(multi_source)
    whole_checks.clear()
    add_source(multi_source, "source-fixture-delta", "id:ivan-petrov")
    report = validate_graph(multi_source)
    assert whole_checks == []
    assert "quotes and rules re-checked for 2 added files" in report.shacl
    assert problems(multi_source) == uncached(multi_source, monkeypatch)


@pytest.mark.parametrize("case", sorted(BREAKING_ADDITIONS))
def test_an_addition_that_breaks_what_was_there_is_reported(
        case: str, multi_source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    turtle, expected = BREAKING_ADDITIONS[case]
    validate_graph(multi_source)
    add_file(multi_source, turtle)
    found = problems(multi_source)
    assert any(expected in problem for problem in found), found
    assert found == uncached(multi_source, monkeypatch)
    assert problems(multi_source) == found  # a failed validation vouches for nothing


def test_a_merge_means_a_whole_check(multi_source: Path, whole_checks: list[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """owl:sameAs moves statements between nodes: the added ones cannot be judged alone."""
    validate_graph(multi_source)
    whole_checks.clear()
    add_file(multi_source, 'id:kzo a schema:Person ; schema:name "K. Z. Oo" ;\n'
                           "    owl:sameAs id:kyaw-zin-oo .")
    report = validate_graph(multi_source)
    assert whole_checks == ["quotes", "rules"] and "quotes and rules" not in report.shacl
    assert problems(multi_source) == uncached(multi_source, monkeypatch)


def test_an_edited_source_text_rechecks_every_quote(multi_source: Path, whole_checks: list[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored text is no Turtle file, yet each of its quotes depends on it."""
    validate_graph(multi_source)
    whole_checks.clear()
    text = multi_source / "sources" / "source-fixture-alpha.txt"
    text.write_text(text.read_text("utf-8").replace("Moscow", "Kazan"), "utf-8")
    found = problems(multi_source)
    assert whole_checks[:2] == ["quotes", "rules"]
    assert any("is not in the source text" in problem for problem in found), found
    assert found == uncached(multi_source, monkeypatch)


def test_a_removed_file_means_a_whole_check(multi_source: Path, whole_checks: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    add_file(multi_source, "id:ev-alpha-visit oa:motivatedBy oa:describing .")
    validate_graph(multi_source)
    whole_checks.clear()
    (multi_source / "data" / "source-fixture-alpha" / "more.ttl").unlink()
    validate_graph(multi_source)
    assert whole_checks == ["quotes", "rules"]


def test_no_cache_checks_whole_every_time(multi_source: Path, whole_checks: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRU_GRAPH_CACHE", "0")
    validate_graph(multi_source)
    report = validate_graph(multi_source)
    assert whole_checks == ["quotes", "rules"] * 2 and "quotes and rules" not in report.shacl
