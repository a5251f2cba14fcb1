"""Names an analyst types resolve to the entity they mean, or fail clearly.

Library tests on a small invented graph built here (one entity per rule of
:mod:`mmru_graph.analysis.resolve`); nothing here is a fact of any source.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from mmru_graph import find_candidates, resolve_name
from mmru_graph.analysis.resolve import ACTORS, normalize
from mmru_graph.errors import NameResolutionError
from mmru_graph.namespaces import ID, TURTLE_PREFIXES
from mmru_graph.store.loading import new_graph

NAMES = TURTLE_PREFIXES + """
id:peru a schema:Country ; schema:name "Peru" .
id:lima a schema:City ; schema:name "Lima" ; schema:containedInPlace id:peru .
id:rojas a schema:Person ; schema:name "Ana María Rojas" ;
    schema:alternateName "Gen. Ana María Rojas", "General Ana María Rojas", "the defense chief" .
id:vera a schema:Person ; schema:name "Pablo Vera" ;
    schema:alternateName "Vice-Admiral Pablo Vera" .
id:ruiz a schema:Person ; schema:name "Pablo Ruiz" .
id:paz a schema:Person ; schema:name "Tomás Paz" ; schema:alternateName "the Colonel General" .
id:quispe-cusi a schema:Person ; schema:name "Mateo Quispe Cusi" .
id:navy a mmru:ArmedForces ; schema:name "Peru’s navy" .
id:talks a mmru:Talks ; schema:name "Rojas–Vera talks in Peru" ;
    schema:attendee id:rojas, id:vera .
id:expo a mmru:Exhibition ; schema:name "Lima arms fair" ; schema:location id:lima .
"""
ROJAS, VERA, RUIZ = str(ID.rojas), str(ID.vera), str(ID.ruiz)


@pytest.fixture(scope="module")
def names() -> Graph:
    return new_graph().parse(data=NAMES, format="turtle")


@pytest.mark.parametrize("text", [
    "Ana María Rojas", "ana maría rojas", "ANA MARÍA ROJAS", "Gen. Ana María Rojas",
    "General Ana María Rojas", "the defense chief", "defense chief", "  Defense   Chief ",
    "Ána Maria Rójas", "id:rojas", ROJAS,
])
def test_name_alias_case_accents_and_iri(names: Graph, text: str) -> None:
    assert resolve_name(names, text) == ROJAS


@pytest.mark.parametrize(("text", "slug"), [
    ("Vera", "vera"),                       # a whole word of a name
    ("Vice-Admiral Pablo Vera", "vera"),    # a whole alias
    ("vice admiral vera", "vera"),          # every word of an alias, hyphen or not
    ("Paz", "paz"),
    ("the Colonel General", "paz"),
    ("Colonel General", "paz"),             # the alias without its "the"
    ("Quispe Cusi", "quispe-cusi"),         # a run of whole words
    ("Cusi Mateo", "quispe-cusi"),          # every word, in any order
    ("Ruiz", "ruiz"),
])
def test_unique_parts(names: Graph, text: str, slug: str) -> None:
    assert resolve_name(names, text, kinds=ACTORS) == str(ID[slug])


def test_curly_and_straight_apostrophes_match(names: Graph) -> None:
    curly = [c.iri for c in find_candidates(names, "Peru’s navy")]
    straight = [c.iri for c in find_candidates(names, "Peru's navy")]
    assert curly == straight == [str(ID.navy)]
    assert normalize("Peru’s") == normalize("peru's")


def test_ambiguous_name_lists_the_candidates(names: Graph) -> None:
    with pytest.raises(NameResolutionError) as caught:
        resolve_name(names, "Pablo")
    error = caught.value
    assert set(error.candidates) == {VERA, RUIZ}
    assert "Pablo Vera" in str(error) and "Pablo Ruiz" in str(error)
    assert "ambiguous" in str(error)


def test_unknown_name_suggests_the_closest(names: Graph) -> None:
    with pytest.raises(NameResolutionError) as caught:
        resolve_name(names, "Pablo Verra", kinds=ACTORS)
    assert "Pablo Vera" in str(caught.value)
    assert caught.value.candidates == []
    with pytest.raises(NameResolutionError, match="Tomás Paz"):
        resolve_name(names, "Tomas Pax")


def test_nothing_close_is_still_a_clear_error(names: Graph) -> None:
    with pytest.raises(NameResolutionError, match="no entity named 'qqqqzzzz'"):
        resolve_name(names, "qqqqzzzz")
    with pytest.raises(NameResolutionError):
        resolve_name(names, "   ")


def test_kinds_filter_keeps_to_actors(names: Graph) -> None:
    # "Lima" is a place (and a word of an event's name); as an actor it means nothing.
    assert resolve_name(names, "Lima") == str(ID.lima)
    assert find_candidates(names, "Lima", kinds=ACTORS) == []
    found = find_candidates(names, "Pablo", kinds=ACTORS)
    assert {c.kind for c in found} == {"person"} and len(found) == 2
    with pytest.raises(NameResolutionError):
        resolve_name(names, "id:lima", kinds=ACTORS)


def test_whole_names_win_over_parts(names: Graph) -> None:
    # "Peru" is the country's name, though the navy's and an event's names contain it.
    assert resolve_name(names, "Peru") == str(ID.peru)


def test_entities_win_over_events_that_mention_them(names: Graph) -> None:
    # The talks' name mentions Rojas too; the person is meant, by a word or a part of one.
    assert resolve_name(names, "Rojas") == ROJAS
    assert resolve_name(names, "Roja") == ROJAS
    # A name only an event holds resolves to the event.
    assert resolve_name(names, "arms fair") == str(ID.expo)
