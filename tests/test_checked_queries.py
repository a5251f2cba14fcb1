"""The guard's memory of passed queries (store/checked.py): the same verdicts, less parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mmru_graph.errors import QueryError
from mmru_graph.store import checked, query_check
from mmru_graph.store.query_check import checked_kind


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MMRU_GRAPH_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("MMRU_GRAPH_CACHE", raising=False)
    return tmp_path / "checked-queries.json"


def counting_parser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the texts that reach rdflib's parser through prepare_query."""
    calls: list[str] = []
    real = query_check.prepare_query

    def counted(text: str, **kwargs: object) -> object:
        calls.append(text)
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(query_check, "prepare_query", counted)
    return calls


@pytest.mark.parametrize(("text", "kind"), [
    ("SELECT ?n { ?p schema:name ?n }", "SELECT"),
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c }", "CONSTRUCT"),
    ("DESCRIBE id:ana", "DESCRIBE"),
])
def test_a_passed_query_is_parsed_once(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                       text: str, kind: str) -> None:
    calls = counting_parser(monkeypatch)
    assert checked_kind(text) == kind
    assert checked_kind(text) == kind
    assert calls == [text]
    assert cache.is_file()


@pytest.mark.parametrize(("text", "refusal"), [
    ("SELECT * { SERVICE <http://example.org/q> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <http://example.org/g> { ?s ?p ?o }", "FROM"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("SELECT ?x WHERE { ?x ?y }", "malformed"),
])
def test_a_refused_query_is_refused_every_time(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                               text: str, refusal: str) -> None:
    calls = counting_parser(monkeypatch)
    for _ in range(2):
        with pytest.raises(QueryError, match=refusal):
            checked_kind(text)
    assert calls == [text, text]
    assert not cache.exists() or json.loads(cache.read_text()) == {}


def test_a_changed_text_or_prefix_is_checked_again(cache: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting_parser(monkeypatch)
    checked_kind("ASK { ?s ?p ?o }")
    checked_kind("ASK { ?s ?p ?o . }")
    assert query_check.checked_kind("ASK { ex:a ?p ?o }",
                                    prefixes={"ex": "http://example.org/"}) == "ASK"
    with pytest.raises(QueryError, match="ex"):
        checked_kind("ASK { ex:a ?p ?o }")  # the same text without the prefix
    assert len(calls) == 4


def test_a_damaged_or_tampered_memory_is_not_trusted(cache: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    text = "SELECT * { SERVICE <http://example.org/q> { ?s ?p ?o } }"
    cache.write_text("{not json")
    with pytest.raises(QueryError, match="SERVICE"):
        checked_kind(text)
    # An entry that is not one of the four kinds is ignored, not believed.
    cache.write_text(json.dumps({checked._key(text, {}): "SERVICE-OK"}))
    with pytest.raises(QueryError, match="SERVICE"):
        checked_kind(text)


def test_turned_off_it_remembers_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMRU_GRAPH_CACHE", "0")
    calls = counting_parser(monkeypatch)
    checked_kind("ASK {}")
    checked_kind("ASK {}")
    assert len(calls) == 2
    assert not cache.exists()


def test_it_keeps_at_most_its_limit(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked, "LIMIT", 3)
    for n in range(5):
        checked_kind(f"ASK {{ ?s ?p {n} }}")
    kept = json.loads(cache.read_text())
    assert len(kept) == 3
    assert checked._key("ASK { ?s ?p 4 }", {}) in kept
    assert checked._key("ASK { ?s ?p 0 }", {}) not in kept
