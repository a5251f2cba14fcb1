"""The duplicate-entity check compares blocks of names, not every pair, and finds the same.

The reference is the plain all-pairs comparison written out here; the
blocked check must agree with it on names one typo apart (the case it is
for), and names that differ only in their numbers are two entities.
"""

from __future__ import annotations

import difflib
import random

from rdflib import Literal

from mmru_graph.namespaces import ID, RDF, SCHEMA
from mmru_graph.sources.identity import NEAR, _digits, duplicate_warnings
from mmru_graph.store.loading import new_graph


def people(names: list[str]):  # type: ignore[no-untyped-def]
    graph = new_graph()
    for number, name in enumerate(names):
        graph.add((ID[f"p-{number:03d}"], RDF.type, SCHEMA.Person))
        graph.add((ID[f"p-{number:03d}"], SCHEMA.name, Literal(name)))
    return graph


def all_pairs(names: list[str]) -> set[tuple[str, str]]:
    found = set()
    folded = [n.lower() for n in names]
    for j, b in enumerate(folded):
        for i, a in enumerate(folded[:j]):
            if a == b or (_digits(a) == _digits(b)
                          and difflib.SequenceMatcher(None, a, b).ratio() >= NEAR):
                found.add((f"id:p-{i:03d}", f"id:p-{j:03d}"))
    return found


def flagged(names: list[str]) -> set[tuple[str, str]]:
    return {(w.focus, w.message.split("same as ", 1)[1].split(" ", 1)[0])
            for w in duplicate_warnings(people(names))}


def test_typos_anywhere_are_found_as_by_comparing_all_pairs() -> None:
    rng = random.Random(7)
    first = ["Aung", "Min", "Kyaw", "Soe", "Than", "Sergei", "Dmitry", "Viktor", "Yuri"]
    last = ["Hlaing", "Naing", "Lwin", "Shoigu", "Lavrov", "Fomin", "Petrov", "Thein"]
    names = sorted({f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
                    for _ in range(150)})
    typos = []
    for name in names[::3]:  # one character changed, dropped or doubled, anywhere
        at = rng.randrange(len(name))
        typos.append(rng.choice([name[:at] + "x" + name[at + 1:], name[:at] + name[at + 1:],
                                 name[:at] + name[at] + name[at:]]))
    every = names + typos
    expected = all_pairs(every)
    assert len(expected) > 20
    assert flagged(every) == expected


def test_numbers_make_two_entities_and_shared_names_one() -> None:
    found = flagged(["Russian Trade Union 4", "Russian Trade Union 74",
                     "Min Aung Hlaing", "Min Aung Hliang", "Xin Aung Hlaing",
                     "Brigade 33", "Brigade 33"])
    assert found == {("id:p-002", "id:p-003"), ("id:p-002", "id:p-004"),
                     ("id:p-005", "id:p-006")}
