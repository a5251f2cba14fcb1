"""evidence_index on tiny graphs built here, against quotes written out by hand.

The expectations are the Web Annotation rules of docs/data-model.md, spelled
out per case; no second implementation of the reading is used as an oracle.
"""

from __future__ import annotations

from mmru_graph.evidence import evidence_index
from mmru_graph.namespaces import ID
from mmru_graph.store.loading import new_graph

HEAD = """
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .
@prefix id: <https://w3id.org/mmru-graph/id/> .
"""
SRC, OTHER = str(ID.src), str(ID.other)


def index_of(turtle: str) -> dict:
    return {str(node): items for node, items in
            evidence_index(new_graph().parse(format="turtle", data=HEAD + turtle)).items()}


def annotation(name: str, bodies: str, exact: str, start: int | None = None,
               end: int | None = None, source: str = "id:src") -> str:
    """One annotation in the project's shape (quote and position selectors)."""
    text = (f"id:{name} a oa:Annotation ; oa:hasBody {bodies} ; oa:hasTarget id:{name}-t .\n"
            f"id:{name}-t a oa:SpecificResource ; oa:hasSource {source} ;\n"
            f"    oa:hasSelector id:{name}-q"
            + (f", id:{name}-p .\n" if start is not None else " .\n")
            + f"id:{name}-q a oa:TextQuoteSelector ; oa:exact \"{exact}\" .\n")
    if start is not None:
        text += f"id:{name}-p a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .\n"
    return text


def test_a_quote_with_its_offsets_source_and_title() -> None:
    found = index_of('id:src schema:headline "Headline" ; schema:name "Name" ;\n'
                     '    schema:publisher id:paper ; schema:datePublished "2021-11-02" .\n'
                     'id:paper schema:name "The Paper" .\n'
                     + annotation("ev-1", "id:parade", "attends the parade", 4, 22))
    assert found == {str(ID.parade): [{"quote": "attends the parade", "start": 4, "end": 22,
                                       "source": SRC, "source_title": "Headline",
                                       "publisher": "The Paper", "published": "2021-11-02"}]}


def test_the_title_falls_back_to_the_name_and_to_nothing() -> None:
    found = index_of('id:src schema:name "Only a name" .\n'
                     + annotation("ev-1", "id:a", "one", 0, 3)
                     + annotation("ev-2", "id:b", "two", 4, 7, source="id:other"))
    assert found[str(ID.a)][0]["source_title"] == "Only a name"
    assert (found[str(ID.b)][0]["source"], found[str(ID.b)][0]["source_title"]) == (OTHER, "")


def test_several_annotations_sorted_by_source_then_position() -> None:
    found = index_of(annotation("ev-9", "id:talks", "late", 90, 94)
                     + annotation("ev-1", "id:talks", "early", 10, 15)
                     + annotation("ev-5", "id:talks", "other source", 0, 12, source="id:other")
                     + annotation("ev-3", "id:talks", "middle", 40, 46))
    # by source IRI (".../id/other" before ".../id/src"), then by offset
    assert [(i["source"], i["quote"]) for i in found[str(ID.talks)]] == [
        (OTHER, "other source"), (SRC, "early"), (SRC, "middle"), (SRC, "late")]


def test_one_sentence_for_several_bodies_and_no_duplicates() -> None:
    found = index_of(annotation("ev-1", "id:visit, id:fomin", "Fomin visits", 0, 12)
                     # the same quote at the same place, annotated twice
                     + annotation("ev-2", "id:visit", "Fomin visits", 0, 12))
    assert found[str(ID.visit)] == found[str(ID.fomin)] == [
        {"quote": "Fomin visits", "start": 0, "end": 12, "source": SRC, "source_title": "",
         "publisher": "", "published": ""}]


def test_the_same_words_at_two_places_are_two_quotes() -> None:
    found = index_of(annotation("ev-1", "id:x", "the junta", 5, 14)
                     + annotation("ev-2", "id:x", "the junta", 80, 89))
    assert [(i["start"], i["end"]) for i in found[str(ID.x)]] == [(5, 14), (80, 89)]


def test_a_quote_without_position_has_no_offsets_and_sorts_first() -> None:
    found = index_of(annotation("ev-1", "id:x", "placed", 3, 9)
                     + annotation("ev-2", "id:x", "unplaced"))
    assert [(i["quote"], i["start"], i["end"]) for i in found[str(ID.x)]] == [
        ("unplaced", None, None), ("placed", 3, 9)]


def test_untyped_selectors_are_read_by_their_properties() -> None:
    found = index_of("""
        id:ev-1 oa:hasBody id:x ; oa:hasTarget id:ev-1-t .
        id:ev-1-t oa:hasSource id:src ; oa:hasSelector id:ev-1-q, id:ev-1-p .
        id:ev-1-q oa:exact "words" .
        id:ev-1-p oa:start 7 ; oa:end 12 .
    """)
    assert found[str(ID.x)] == [{"quote": "words", "start": 7, "end": 12, "source": SRC,
                                 "source_title": "", "publisher": "", "published": ""}]


def test_an_annotation_without_a_quote_gives_no_evidence() -> None:
    found = index_of("""
        id:ev-1 oa:hasBody id:x ; oa:hasTarget id:ev-1-t .
        id:ev-1-t oa:hasSource id:src ; oa:hasSelector id:ev-1-p .
        id:ev-1-p a oa:TextPositionSelector ; oa:start 7 ; oa:end 12 .
    """ + annotation("ev-2", "id:y", "kept", 1, 5))
    assert found.get(str(ID.x), []) == []
    assert [i["quote"] for i in found[str(ID.y)]] == ["kept"]
