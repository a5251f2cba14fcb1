"""Names an analyst types resolve to the entity they mean, or fail clearly."""

from __future__ import annotations

import pytest
from rdflib import Graph

from mmru_graph import find_candidates, resolve_name
from mmru_graph.analysis.resolve import ACTORS, normalize
from mmru_graph.errors import NameResolutionError
from mmru_graph.namespaces import ID

MAH = str(ID["min-aung-hlaing"])
KASATONOV = str(ID["vladimir-kasatonov"])
PUTIN = str(ID["vladimir-putin"])


@pytest.mark.parametrize("text", [
    "Min Aung Hlaing", "min aung hlaing", "MIN AUNG HLAING", "Snr. Gen. Min Aung Hlaing",
    "Senior General Min Aung Hlaing", "the coup leader", "coup leader", "  Coup   Leader ",
    "Mín Áung Hláing", "id:min-aung-hlaing", MAH,
])
def test_name_alias_case_accents_and_iri(graph: Graph, text: str) -> None:
    assert resolve_name(graph, text) == MAH


@pytest.mark.parametrize(("text", "slug"), [
    ("Kasatonov", "vladimir-kasatonov"),
    ("Vice-Admiral Vladimir Kasatonov", "vladimir-kasatonov"),
    ("vice admiral kasatonov", "vladimir-kasatonov"),
    ("Fomin", "alexander-fomin"),
    ("the Colonel General", "alexander-fomin"),
    ("Minnikhanov", "rustam-minnikhanov"),
    ("Suu Kyi", "aung-san-suu-kyi"),
    ("Sitagu", "sitagu-sayadaw"),
    ("Putin", "vladimir-putin"),
])
def test_unique_parts(graph: Graph, text: str, slug: str) -> None:
    assert resolve_name(graph, text, kinds=ACTORS) == str(ID[slug])


def test_curly_and_straight_apostrophes_match(graph: Graph) -> None:
    curly = [c.iri for c in find_candidates(graph, "Myanmar’s military")]
    straight = [c.iri for c in find_candidates(graph, "Myanmar's military")]
    assert curly == straight and len(curly) == 1
    assert normalize("Myanmar’s") == normalize("myanmar's")


def test_ambiguous_name_lists_the_candidates(graph: Graph) -> None:
    with pytest.raises(NameResolutionError) as caught:
        resolve_name(graph, "Vladimir")
    error = caught.value
    assert set(error.candidates) == {PUTIN, KASATONOV}
    assert "Vladimir Putin" in str(error) and "Vladimir Kasatonov" in str(error)
    assert "ambiguous" in str(error)


def test_unknown_name_suggests_the_closest(graph: Graph) -> None:
    with pytest.raises(NameResolutionError) as caught:
        resolve_name(graph, "Kasatonof", kinds=ACTORS)
    assert "Vladimir Kasatonov" in str(caught.value)
    assert caught.value.candidates == []
    with pytest.raises(NameResolutionError, match="Minnikhanov"):
        resolve_name(graph, "Minikhanov")


def test_nothing_close_is_still_a_clear_error(graph: Graph) -> None:
    with pytest.raises(NameResolutionError, match="no entity named 'qqqqzzzz'"):
        resolve_name(graph, "qqqqzzzz")
    with pytest.raises(NameResolutionError):
        resolve_name(graph, "   ")


def test_kinds_filter_keeps_to_actors(graph: Graph) -> None:
    # "Kazan" is a place; as an actor it means nothing exactly.
    assert resolve_name(graph, "Kazan") == str(ID.kazan)
    found = find_candidates(graph, "Kazan", kinds=ACTORS)
    assert all(c.kind in ACTORS for c in found)
    with pytest.raises(NameResolutionError):
        resolve_name(graph, "id:kazan", kinds=ACTORS)


def test_whole_names_win_over_parts(graph: Graph) -> None:
    # "Russia" is the country's name, though many other names contain the word.
    assert resolve_name(graph, "Russia") == str(ID.russia)


def test_entities_win_over_events_that_mention_them(graph: Graph) -> None:
    # Event names mention Kasatonov too; the person is meant.
    assert resolve_name(graph, "Kasatonov") == KASATONOV
    assert resolve_name(graph, "Kasaton") == KASATONOV
