/* Name matching with the command line's rules (analysis/resolve.py).
 *
 * normalize() folds a name as resolve.normalize does: straight apostrophes,
 * no accents, no case, words only. candidates() ranks every entity by the
 * same tiers: the whole name or alias; the same without a leading "the"; a
 * run of whole words in an entity's name (not an event's); every word in
 * one name; a run of words in an event's name; any part of a word. The
 * first tier with a match wins, and several entities there make the input
 * ambiguous, as `mmru-graph met coup` reports it.
 */
const mmruMatch = (function () {
  "use strict";

  const APOSTROPHES = /[\u2019\u2018\u02bc`\u00b4]/g;
  const NOT_WORD = /[^\p{L}\p{N}_']+/gu;
  // str.casefold() beyond toLowerCase(), for the letters names use.
  const CASEFOLD = { "ß": "ss", "ẞ": "ss", "ς": "σ", "ſ": "s", "ﬁ": "fi", "ﬂ": "fl" };

  function normalize(text) {
    const plain = String(text).replace(APOSTROPHES, "'").normalize("NFKD").replace(/\p{Mn}/gu, "")
      .toLowerCase().replace(/[ßẞςſﬁﬂ]/g, (c) => CASEFOLD[c]);
    let s = plain.replace(NOT_WORD, " ").split(" ' ").join(" ").split(/\s+/).filter(Boolean).join(" ");
    s = s.replace(/^'+|'+$/g, "");
    return s;
  }
  const withoutArticle = (s) => (s.startsWith("the ") ? s.slice(4) : s);

  /* entities: the page's entity table; ids: the entity numbers to search. */
  function createMatcher(entities) {
    const folded = new Map();
    function labels(id) {
      if (!folded.has(id)) {
        const e = entities[id];
        folded.set(id, [e.name, ...e.aliases].map((label) => [label, normalize(label)]));
      }
      return folded.get(id);
    }
    function tierOf(q, bare, padded, words, f, event) {
      if (f === q) return 0;
      if (withoutArticle(f) === bare) return 1;
      if ((" " + f + " ").includes(padded)) return event ? 4 : 2;
      const own = new Set(f.split(" "));
      if (words.every((w) => own.has(w))) return event ? 4 : 3;
      if (f.includes(q)) return event ? 6 : 5;
      return -1;
    }
    /* Every match as {id, tier, matched}, best tier first, then by name. */
    function ranked(query, ids) {
      const q = normalize(query);
      if (!q) return [];
      const bare = withoutArticle(q), padded = " " + q + " ", words = q.split(" ");
      const found = [];
      for (const id of ids) {
        const event = entities[id].kind === "event";
        let best = -1, matched = "";
        for (const [label, f] of labels(id)) {
          const tier = tierOf(q, bare, padded, words, f, event);
          if (tier < 0) continue;
          // Within a tier, the entity's own name before an alias.
          if (best < 0 || tier < best || (tier === best && label === entities[id].name)) { best = tier; matched = label; }
        }
        if (best >= 0) found.push({ id, tier: best, matched });
      }
      const key = (x) => entities[x.id].name.toLowerCase();
      found.sort((x, y) => (x.tier - y.tier) || (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0)
        || (entities[x.id].iri < entities[y.id].iri ? -1 : 1));
      return found;
    }
    /* The matches of the best tier only: one is an answer, several are ambiguous. */
    function candidates(query, ids) {
      const all = ranked(query, ids);
      return all.filter((m) => m.tier === all[0].tier);
    }
    return { ranked, candidates };
  }

  return { normalize, createMatcher };
})();
