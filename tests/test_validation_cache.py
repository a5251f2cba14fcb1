"""A rebuild after adding a source re-checks only what changed (SHACL results cache).

Each test validates a copy of the three-source fixture corpus with its own
cache directory, changes it, validates again and reads how much SHACL
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
    assert validate_graph(multi_source).shacl == "SHACL re-checked 0 of 3 sources"
    add_source(multi_source, "source-fixture-delta", "id:ivan-petrov")
    again = validate_graph(multi_source)
    # The new source, and the shared entities (its description is one of them).
    assert again.shacl == "SHACL re-checked 1 of 4 sources and the shared entities"
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
    assert validate_graph(multi_source).shacl == "SHACL re-checked 0 of 3 sources"


def test_a_broken_cache_means_a_full_check(multi_source: Path, tmp_path: Path) -> None:
    validate_graph(multi_source)
    for path in (tmp_path / "cache").glob("validation-*"):
        path.write_bytes(b"\x00garbage")
    assert validate_graph(multi_source).shacl == \
        "SHACL re-checked 3 of 3 sources and the shared entities"
