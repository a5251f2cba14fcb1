"""Write a synthetic graph directory of about N triples in the project's vocabulary.

    python bench/make_corpus.py --triples 200000 --out /tmp/corpus-200k

The directory is a real graph directory that ``mmru-graph validate`` accepts:
the project's ontology, shapes and named queries, and many *sources*, each
a plain-text article of dated sentences ("On 2022-03-05 Anton Orlov met
Min Thu in Mandalay.") with its ``schema:NewsArticle`` description. Every
event and every first mention of an actor or place in a source carries a
W3C Web Annotation whose quote is the sentence at its real code-point
offsets. Actors are reused across sources with a heavy tail (a few appear in
most sources, most in one or two: Zipf-like weights), as in a news corpus.
Deterministic for a given ``--triples`` and ``--seed``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "graph"

PREFIXES = """@prefix id: <https://w3id.org/mmru-graph/id/> .
@prefix mmru: <https://w3id.org/mmru-graph/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""

FIRST = ["Anton", "Boris", "Dmitry", "Igor", "Oleg", "Pavel", "Sergei", "Viktor", "Yuri",
         "Aung", "Kyaw", "Min", "Myo", "Soe", "Than", "Thura", "Tun", "Zaw"]
LAST = ["Orlov", "Volkov", "Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Petrov",
        "Htun", "Naing", "Oo", "Lwin", "Win", "Myint", "Shwe", "Thein", "Hlaing", "Tint"]
ORG_KINDS = ["Ministry of Trade", "Defense Industry Council", "Shipping Company",
             "Energy Corporation", "Trade Union", "Research Institute", "Investment Bank"]
CITIES = [("Moscow", "russia"), ("Saint Petersburg", "russia"), ("Kazan", "russia"),
          ("Novosibirsk", "russia"), ("Yangon", "myanmar"), ("Mandalay", "myanmar"),
          ("Naypyitaw", "myanmar"), ("Bago", "myanmar")]
TOPICS = ["arms purchases", "energy projects", "trade in rice", "a nuclear research centre",
          "military training", "port access", "satellite services", "tourism"]
EVENTS = [("mmru:Meeting", "met"), ("mmru:Talks", "held talks with"),
          ("mmru:Conference", "attended a conference with"),
          ("mmru:Forum", "spoke at a forum with")]
#: Triples written per event with its annotation (measured on the output).
TRIPLES_PER_EVENT = 24
EVENTS_PER_SOURCE = 50
#: How many events the bench's "typical actor" is in.
TYPICAL_EVENTS = 30


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Actors:
    """A pool of persons and organizations, drawn with Zipf-like weights."""

    def __init__(self, count: int, rng: random.Random) -> None:
        self.items = []
        for i in range(count):
            side = "russia" if i % 2 == 0 else "myanmar"
            if i % 5 == 4:
                country = "Russian" if side == "russia" else "Myanmar"
                name = f"{country} {ORG_KINDS[i % len(ORG_KINDS)]} {i}"
                self.items.append((f"org-{i}", name, "schema:Organization", side))
            else:
                half = len(FIRST) // 2
                first = FIRST[(i // 2) % half + (0 if side == "russia" else half)]
                last = LAST[(i // 7) % half + (0 if side == "russia" else half)]
                self.items.append((f"person-{i}", f"{first} {last} {i}", "schema:Person", side))
        # Cumulative once: random.choices given weights sums them again at every call
        # (a pass over every actor per event made 10M take an hour); the same draws.
        self.cum_weights = list(itertools.accumulate(1.0 / (rank + 1) ** 1.1
                                                     for rank in range(count)))
        self.rng = rng

    def pick(self, k: int) -> list[tuple[str, str, str, str]]:
        chosen: dict[str, tuple[str, str, str, str]] = {}
        while len(chosen) < k:
            for item in self.rng.choices(self.items, cum_weights=self.cum_weights, k=k):
                chosen.setdefault(item[0], item)
        return list(chosen.values())[:k]


def write_corpus(triples: int, out: Path, seed: int = 11) -> dict[str, Any]:
    """Write the graph directory; return counts of sources, events and actors,
    and the names of the two most reused actors (``first``, ``second``)."""
    rng = random.Random(seed)
    events_total = max(triples // TRIPLES_PER_EVENT, 10)
    sources = max(1, events_total // EVENTS_PER_SOURCE)
    actors = Actors(max(20, events_total // 4), rng)
    if out.exists():
        shutil.rmtree(out)
    (out / "sources").mkdir(parents=True)
    (out / "data").mkdir()
    shutil.copyfile(GRAPH / "ontology.ttl", out / "ontology.ttl")
    shutil.copyfile(GRAPH / "shapes.ttl", out / "shapes.ttl")
    shutil.copytree(GRAPH / "queries", out / "queries")

    places: dict[str, str] = {}
    for slug, name in (("russia", "Russia"), ("myanmar", "Myanmar")):
        places[slug] = (f"id:{slug} a schema:Country ; schema:name {q(name)} ;\n"
                        "    prov:wasDerivedFrom id:source-0 .\n")
    for name, country in CITIES:
        places[slug_of(name)] = (f"id:{slug_of(name)} a schema:City ; schema:name {q(name)} ;\n"
                                 f"    schema:containedInPlace id:{country} ; "
                                 "prov:wasDerivedFrom id:source-0 .\n")
    mentioned_places: set[str] = set()
    mentioned_actors: set[str] = set()
    actor_sources: dict[str, list[int]] = {}
    day0 = date(2021, 2, 1)
    event_number = 0
    per_source = [events_total // sources + (1 if i < events_total % sources else 0)
                  for i in range(sources)]
    for source, count in enumerate(per_source):
        # Each source's facts are its own named graph (data/<source-id>/), as
        # add-source lays out a real source; shared entities stay in data/*.ttl.
        folder = out / "data" / f"source-{source}"
        folder.mkdir()
        with (folder / "events.ttl").open("w", encoding="utf-8") as events, \
                (folder / "evidence.ttl").open("w", encoding="utf-8") as evidence:
            events.write(PREFIXES)
            evidence.write(PREFIXES)
            text_parts: list[str] = [f"Bench wire report {source}.\n\n"]
            offset = len(text_parts[0])
            for _ in range(count):
                event_number += 1
                cls, verb = EVENTS[event_number % len(EVENTS)]
                people = actors.pick(rng.choice((2, 2, 3, 4)))
                city, country = CITIES[rng.randrange(len(CITIES))]
                when = day0 + timedelta(days=rng.randrange(5 * 365))
                topic = TOPICS[rng.randrange(len(TOPICS))]
                others = ", ".join(p[1] for p in people[1:-1])
                party = f"{others} and {people[-1][1]}" if others else people[-1][1]
                sentence = (f"On {when.isoformat()}, {people[0][1]} {verb} {party} "
                            f"in {city} to discuss {topic}.")
                start, end = offset, offset + len(sentence)
                text_parts.append(sentence + "\n")
                offset = end + 1
                event = f"event-{event_number}"
                attendees = " , ".join(f"id:{p[0]}" for p in people)
                events.write(
                    f"id:{event} a {cls} ;\n"
                    f"    schema:name {q(f'{people[0][1]} {verb} {party} in {city}')} ;\n"
                    f"    schema:description {q(f'They discuss {topic}.')} ;\n"
                    f'    schema:startDate "{when.isoformat()}"^^xsd:date ;\n'
                    f"    schema:location id:{slug_of(city)} ;\n"
                    f"    schema:attendee {attendees} ;\n"
                    f"    prov:wasDerivedFrom id:source-{source} .\n\n")
                bodies = [f"id:{event}"]
                for person in people:
                    actor_sources.setdefault(person[0], []).append(source)
                    if person[0] not in mentioned_actors:
                        mentioned_actors.add(person[0])
                        bodies.append(f"id:{person[0]}")
                if slug_of(city) not in mentioned_places:
                    mentioned_places.add(slug_of(city))
                    bodies.append(f"id:{slug_of(city)}")
                    if country not in mentioned_places:
                        mentioned_places.add(country)
                        bodies.append(f"id:{country}")
                ann = f"ev-{event_number}"
                evidence.write(
                    f"id:{ann} a oa:Annotation ;\n"
                    f"    oa:hasBody {' , '.join(bodies)} ;\n"
                    f"    oa:hasTarget id:{ann}-target ;\n"
                    f"    prov:wasDerivedFrom id:source-{source} .\n"
                    f"id:{ann}-target a oa:SpecificResource ;\n"
                    f"    oa:hasSource id:source-{source} ;\n"
                    f"    oa:hasSelector id:{ann}-quote , id:{ann}-pos .\n"
                    f"id:{ann}-quote a oa:TextQuoteSelector ; oa:exact {q(sentence)} .\n"
                    f"id:{ann}-pos a oa:TextPositionSelector ; oa:start {start} ; "
                    f"oa:end {end} .\n\n")
            (out / "sources" / f"source-{source}.txt").write_text("".join(text_parts),
                                                                  encoding="utf-8")
            (out / "sources" / f"source-{source}.ttl").write_text(
                PREFIXES + f"id:source-{source} a schema:NewsArticle ;\n"
                f"    schema:name {q(f'Bench wire report {source}')} ;\n"
                f"    schema:headline {q(f'Bench wire report {source}')} ;\n"
                f"    schema:publisher id:bench-wire ;\n"
                f'    schema:url "https://example.org/bench/{source}"^^xsd:anyURI ;\n'
                f'    mmru:textFile "source-{source}.txt" .\n', encoding="utf-8")
    # A place no sentence mentions would have no quote: it is left out.
    kept_places = [text for slug, text in places.items() if slug in mentioned_places]
    (out / "data" / "places.ttl").write_text(PREFIXES + "\n".join(kept_places) + "\n"
                                             + publisher(), encoding="utf-8")
    with (out / "data" / "actors.ttl").open("w", encoding="utf-8") as handle:
        handle.write(PREFIXES)
        for slug, name, cls, side in actors.items:
            if slug not in actor_sources:
                continue
            first_source = actor_sources[slug][0]
            handle.write(f"id:{slug} a {cls} ;\n    schema:name {q(name)} ;\n"
                         f"    mmru:side id:{side} ;\n"
                         f"    prov:wasDerivedFrom id:source-{first_source} .\n\n")
    used = [item for item in actors.items if item[0] in actor_sources]
    # A typical actor is in a few dozen events, not thousands, at every size:
    # the one nearest TYPICAL_EVENTS (a fixed rank would be a hub at 2M).
    typical = min(used, key=lambda item: abs(len(actor_sources[item[0]]) - TYPICAL_EVENTS))
    return {"sources": sources, "events": event_number, "actors": len(actor_sources),
            "first": actors.items[0][1], "second": actors.items[1][1],
            "typical": typical[1],
            "typical_events": len(actor_sources[typical[0]])}


def publisher() -> str:
    return ('\nid:bench-wire a schema:NewsMediaOrganization ; schema:name "Bench Wire" ;\n'
            "    prov:wasDerivedFrom id:source-0 .\n")


def slug_of(name: str) -> str:
    return name.lower().replace(" ", "-")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, required=True, help="about how many triples")
    parser.add_argument("--out", type=Path, required=True, help="the graph directory to write")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    counts = write_corpus(args.triples, args.out, args.seed)
    print(f"wrote {args.out}: {counts['sources']} sources, {counts['events']} events, "
          f"{counts['actors']} actors")


if __name__ == "__main__":
    main()
