/* The side panel's cards and the tooltips: entities, links, evidence, and
 * who says so (each quote's source with its publisher and date, whom a
 * report or claim is attributed to, how many sources support an event or a
 * link and what sources dispute, both sides with their quotes). Everything from the data is put in the
 * page as text (textContent, text nodes): nothing here writes markup.
 *
 * mmruCards.createCards(env) takes the page's shared pieces (env.DATA, ENT,
 * card, state and selectNode) and returns the functions network.js uses.
 */
const mmruCards = (function () {
  "use strict";

  // What each kind of dispute (mmru_graph.sources.conflicts) is about, as a reader says it.
  const DISPUTE_WHAT = { date: "the date", place: "the place", ordinal: "the number in a series",
    participants: "who took part", happened: "whether it happened" };
  const KIND_LABEL = { person: "person", organization: "organization", place: "place", event: "event", other: "other" };
  // The sides are the graph's data (DATA.sides, in order, then "other"): no
  // country is named here.
  function sideTable(DATA) {
    const SIDE = {};
    (DATA.sides || []).forEach((s, i) => { SIDE[s.key] = Object.assign({ order: i }, s); });
    const label = (key) => key === "other" ? "other side" : (SIDE[key] ? SIDE[key].label : key);
    return { SIDE, label };
  }

  function createCards(env) {
    const { DATA, ENT, card, state, selectNode } = env;
    const { SIDE, label: sideLabel } = sideTable(DATA);
    const EVID = DATA.evidence;
    const ROLES = DATA.roles;
    const SOURCES = DATA.sourceInfo || {};
    const CLAIMS = DATA.claims || [];
    const DISPUTES = DATA.disputes || [];
    const SUPPORT_SOURCES = DATA.supportSources || [];
    // The legend's "disputed by sources" shows only where something is.
    if (DISPUTES.length) document.body.dataset.disputes = "true";
    const BY_IRI = new Map(ENT.map((e, i) => [e.iri, i]));

    /* ---------- DOM helpers: text only ---------- */
    function el(tag, className, text) {
      const node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined && text !== null) node.textContent = String(text);
      return node;
    }
    function append(parent, ...children) {
      for (const child of children) if (child) parent.appendChild(child);
      return parent;
    }
    function linkButton(text, onClick) {
      const b = el("button", "link", text);
      b.type = "button";
      b.addEventListener("click", onClick);
      return b;
    }
    function tag(text, extra) { return el("span", "tag" + (extra ? " " + extra : ""), text); }

    /* ---------- tooltips, built as elements so vis never parses markup ---------- */
    function entityTip(ent) {
      const tip = el("div", "tip");
      append(tip, el("div", "tip-name", ent.name));
      const bits = [KIND_LABEL[ent.kind] || ent.kind];
      if (ent.side) bits.push(sideLabel(ent.side));
      if (ent.date) bits.push(ent.date);
      append(tip, el("div", "tip-line", bits.join(" · ")));
      if (ent.aliases.length) append(tip, el("div", "tip-line", "also: " + ent.aliases.slice(0, 3).join("; ") + (ent.aliases.length > 3 ? "; …" : "")));
      if (ent.offices.length) append(tip, el("div", "tip-line", ent.offices[0]));
      if (ent.support) append(tip, el("div", "tip-line", supportText(ent.support)));
      if (ent.disputes) append(tip, el("div", "tip-line disputed-text", "disputed by sources"));
      return tip;
    }
    function edgeTip(edge) {
      const tip = el("div", "tip");
      const a = ENT[edge.from].name, b = ENT[edge.to].name;
      if (edge.events) {
        append(tip, el("div", "tip-name", a + " — " + b));
        append(tip, el("div", "tip-line", (edge.style === "direct" ? "direct contact" : "took part in the same event") + " · " + edge.events.length + " event" + (edge.events.length === 1 ? "" : "s")));
        for (const ref of edge.events.slice(0, 3)) append(tip, el("div", "tip-line", (ENT[ref].date ? ENT[ref].date + ": " : "") + ENT[ref].name));
      } else {
        append(tip, el("div", "tip-name", a + " → " + ROLES[edge.rel] + " → " + b));
        if (edge.style === "inferred") append(tip, el("div", "tip-line", "inferred"));
      }
      if (edge.support) append(tip, el("div", "tip-line", supportText(edge.support)));
      if (edge.disputes) append(tip, el("div", "tip-line disputed-text", "disputed by sources"));
      return tip;
    }

    /* ---------- evidence ---------- */
    /* Who says so: the quote's source (title, publisher, date) under every quote. */
    function sourceLine(ev) {
      const info = SOURCES[ev.source] || {};
      const publisher = ev.publisher || info.publisher, date = ev.published || info.date;
      const parts = [ev.title || info.title || ev.source];
      parts.push(publisher ? "published by " + publisher : "publisher not recorded");
      parts.push(date ? "published " + date : "publication date not given");
      return parts.filter(Boolean).join(" · ");
    }
    function quoteBlock(ref) {
      const ev = EVID[ref];
      const fig = el("figure", "quote");
      append(fig, el("blockquote", null, "“" + ev.quote + "”"));
      const caption = el("figcaption");
      append(caption, el("span", "source", sourceLine(ev)));
      if (ev.start !== null && ev.start !== undefined) append(caption, document.createTextNode(" · characters " + ev.start + "–" + ev.end));
      append(fig, caption);
      return fig;
    }
    /* ---------- how many sources, and what they dispute ---------- */
    /* "2 sources (2 independent)": independent sources have distinct publishers. */
    function supportText(support) {
      const n = support.sources.length;
      if (!n) return "no one source names both";
      return n + " source" + (n === 1 ? "" : "s") + (n > 1 ? " (" + support.independent + " independent)" : "");
    }
    function sourceName(iri, fallback) {
      const info = SOURCES[iri] || {};
      return info.title || fallback || iri;
    }
    /* Which sources say so: count, then each source with its publisher and date. */
    function supportBlock(support) {
      const block = el("div", "support");
      append(block, el("p", "support-count", support.sources.length ? "Supported by " + supportText(support)
        : "No one source names both: the link joins what different sources say (see each event)"));
      const ul = el("ul", "support-sources");
      for (const k of support.sources) {
        const iri = SUPPORT_SOURCES[k];
        const info = SOURCES[iri] || {};
        const bits = [sourceName(iri), info.publisher ? "published by " + info.publisher : "publisher not recorded",
          info.date ? "published " + info.date : "publication date not given"];
        append(ul, el("li", null, bits.join(" · ")));
      }
      append(block, ul);
      return block;
    }
    /* Each dispute: what sources disagree on, and every side with its value,
     * source, publisher, publication date and quotes. Nothing is resolved. */
    function disputesSection(parent, refs, heading) {
      if (!refs || !refs.length) return;
      append(parent, el("h3", "disputed-heading", heading || "Disputed by sources"));
      for (const ref of refs) {
        const dispute = DISPUTES[ref];
        const block = el("div", "dispute");
        block.dataset.kind = dispute.kind;
        append(block, el("p", "dispute-what", "Sources disagree on " + (DISPUTE_WHAT[dispute.kind] || "the " + dispute.kind) + (dispute.name ? ": " + dispute.name : "")));
        for (const claim of dispute.claims) {
          const side = el("div", "dispute-claim");
          append(side, el("p", "dispute-value", claim.values.join("; ")));
          const info = SOURCES[claim.source] || {};
          const bits = ["per " + sourceName(claim.source, claim.id), claim.publisher ? "published by " + claim.publisher : "publisher not recorded",
            claim.published ? "published " + claim.published : "publication date not given"];
          append(side, el("p", "source dispute-source", bits.join(" · ")));
          if (!claim.published && claim.asOf) append(side, el("p", "muted", claim.asOf));
          for (const q of claim.quotes) {
            const fig = el("figure", "quote");
            append(fig, el("blockquote", null, "“" + q.quote + "”"));
            if (q.start !== null && q.start !== undefined) append(fig, el("figcaption", null, "characters " + q.start + "–" + q.end));
            append(side, fig);
          }
          if (info.url) append(side, el("p", "muted", info.url));
          append(block, side);
        }
        append(block, el("p", "muted dispute-note", dispute.note));
        append(parent, block);
      }
    }
    function supportTags(tags, item) {
      if (item.support) append(tags, tag(supportText(item.support), "support"));
      if (item.disputes) append(tags, tag("disputed", "disputed"));
    }

    /* "according to …": whom the source attributes a report or claim to. */
    function attributionLine(pairs, lead) {
      const p = el("p", "attribution");
      append(p, el("strong", null, lead || "According to: "));
      pairs.forEach(([name, iri], k) => {
        if (k) append(p, document.createTextNode("; "));
        const ref = BY_IRI.get(iri);
        append(p, ref === undefined ? document.createTextNode(name) : entityLink(ref));
      });
      return p;
    }
    function claimsSection(parent, ent) {
      const about = CLAIMS.filter((c) => c.about.some(([, iri]) => iri === ent.iri));
      const made = CLAIMS.filter((c) => c.attributed.some(([, iri]) => iri === ent.iri) && !about.includes(c));
      for (const [list, heading] of [[about, "Claims about " + ent.name], [made, "Claims attributed to " + ent.name]]) {
        if (!list.length) continue;
        append(parent, el("h3", null, heading));
        for (const claim of list) {
          const block = el("div", "claim");
          append(block, el("p", "claim-name", claim.name));
          if (claim.negative) append(block, el("p", "muted", "What the source says did not happen"));
          if (claim.disputes) append(block, tag("disputed", "disputed"));
          if (claim.attributed.length) append(block, attributionLine(claim.attributed, "Attributed to: "));
          else if (!claim.negative) append(block, el("p", "muted", "No attribution recorded"));
          for (const ref of claim.evidence) append(block, quoteBlock(ref));
          disputesSection(block, claim.disputes);
          append(parent, block);
        }
      }
    }
    function evidenceSection(parent, refs, heading) {
      if (!refs || !refs.length) return;
      append(parent, el("h3", null, heading || "Evidence"));
      for (const ref of refs) append(parent, quoteBlock(ref));
    }

    /* ---------- cards in the side panel ---------- */
    function clearCard() { card.replaceChildren(); card.scrollTop = 0; }
    function nodeInView(ref) { return state.nodes && state.nodes.get(ref) !== null; }
    function entityLink(ref) {
      return linkButton(ENT[ref].name, () => { if (nodeInView(ref)) selectNode(ref, true); else showEntity(ref); });
    }

    function showEntity(ref) {
      const ent = ENT[ref];
      clearCard();
      append(card, el("h2", null, ent.name));
      const tags = el("div", "tags");
      append(tags, tag(KIND_LABEL[ent.kind] + (ent.cls ? " · " + ent.cls : "")));
      if (ent.side) {
        const sideTag = tag(sideLabel(ent.side), "side");
        if (SIDE[ent.side]) {  // a CSSOM property, not markup: the colours are our palette's
          sideTag.style.background = SIDE[ent.side].background;
          sideTag.style.color = SIDE[ent.side].text;
        }
        append(tags, sideTag);
      }
      if (ent.unnamed) append(tags, tag("named only by office", "warn"));
      if (ent.approximate) append(tags, tag("approximate date", "warn"));
      const shown = state.nodes ? state.nodes.get(ref) : null;
      if (shown && shown.hidden) append(tags, tag("hidden by the current filters", "warn"));
      supportTags(tags, ent);
      append(card, tags);
      if (ent.kind === "event" || ent.date || ent.place) {
        const facts = el("p");
        if (ent.date) append(facts, el("strong", null, "Date: "), document.createTextNode(ent.date + (ent.approximate && !/approx/.test(ent.date) ? " (approximate)" : "")));
        if (ent.date && ent.place) append(facts, el("br"));
        if (ent.place) append(facts, el("strong", null, "Place: "), document.createTextNode(ent.place));
        if (!ent.date && !ent.place) append(facts, el("span", "muted", "No date or place in the source."));
        // The projection shows one value; where sources give others, say so at once.
        const contested = (ent.disputes || []).map((r) => DISPUTES[r].kind).filter((k) => k === "date" || k === "place");
        if (contested.length) append(facts, el("br"), el("span", "disputed-text", "Sources disagree on the " + contested.join(" and ") + ": every side is below."));
        append(card, facts);
      }
      disputesSection(card, ent.disputes);
      if (ent.support) append(card, supportBlock(ent.support));
      if (ent.aliases.length) {
        append(card, el("h3", null, "Also called"));
        const ul = el("ul");
        for (const a of ent.aliases) append(ul, el("li", null, a));
        append(card, ul);
      }
      if (ent.offices.length) {
        append(card, el("h3", null, "Offices"));
        const ul = el("ul");
        for (const o of ent.offices) append(ul, el("li", null, o));
        append(card, ul);
      }
      const related = ent.related.map(([r, role]) => [r, ROLES[role]]);
      const events = related.filter(([r]) => ENT[r].kind === "event");
      const others = related.filter(([r]) => ENT[r].kind !== "event");
      if (events.length) {
        append(card, el("h3", null, ent.kind === "event" ? "Related events" : "Events"));
        const ul = el("ul", "entries");
        for (const [r, role] of events) {
          const li = el("li");
          append(li, entityLink(r));
          const when = [ENT[r].date, role].filter(Boolean).join(" · ");
          if (when) append(li, el("div", "when", when));
          append(ul, li);
        }
        append(card, ul);
      }
      if (others.length) {
        append(card, el("h3", null, ent.kind === "event" ? "Taking part and related" : "Links"));
        const ul = el("ul", "entries");
        for (const [r, role] of others) {
          const li = el("li");
          append(li, el("span", "when", role + ": "), entityLink(r));
          append(ul, li);
        }
        append(card, ul);
      }
      if (ent.attributed.length) {
        append(card, el("h3", null, "Who says so"));
        append(card, attributionLine(ent.attributed, "Reported according to: "));
      }
      evidenceSection(card, ent.evidence, ent.kind === "event" ? "Evidence" : "First mention");
      claimsSection(card, ent);
      append(card, el("div", "iri", ent.iri));
    }

    function showEdge(edgeId) {
      const edge = state.edges.get(edgeId);
      if (!edge) return;
      clearCard();
      if (edge.events) {
        const h = el("h2");
        append(h, entityLink(edge.from), document.createTextNode(" — "), entityLink(edge.to));
        append(card, h);
        const tags = el("div", "tags");
        append(tags, tag(edge.style === "direct" ? "direct contact" : "same event (co-attendance)"));
        append(tags, tag(edge.events.length + " shared event" + (edge.events.length === 1 ? "" : "s")));
        supportTags(tags, edge);
        append(card, tags);
        if (edge.support) append(card, supportBlock(edge.support));
        for (const ref of edge.events) {
          const ev = ENT[ref];
          const contact = ev.contact;
          const block = el("div", "event-block");
          const title = el("p");
          append(title, el("strong", null, ""));
          title.firstChild.appendChild(entityLink(ref));
          append(block, title);
          append(block, el("div", "when", [ev.date || "no date", ev.place, contact === "direct" ? "direct contact" : "co-attendance"].filter(Boolean).join(" · ")));
          if (ev.attributed.length) append(block, attributionLine(ev.attributed, "Reported according to: "));
          if (ev.support) append(block, el("p", "support-count", "This event: " + supportText(ev.support)));
          disputesSection(block, ev.disputes, "Disputed: this event");
          evidenceSection(block, ev.evidence);
          append(card, block);
        }
      } else {
        const h = el("h2");
        append(h, entityLink(edge.from), document.createTextNode(" → " + ROLES[edge.rel] + " → "), entityLink(edge.to));
        append(card, h);
        const tags = el("div", "tags");
        append(tags, tag("statement"));
        if (edge.style === "inferred") append(tags, tag("inferred", "warn"));
        supportTags(tags, edge);
        append(card, tags);
        if (edge.support) append(card, supportBlock(edge.support));
        disputesSection(card, edge.disputes);
        if (edge.evidence.length) evidenceSection(card, edge.evidence);
        else append(card, el("p", "muted", "No quote is attached to this statement."));
      }
    }

    function showIntro() {
      clearCard();
      append(card, el("h2", null, "How to read this"));
      append(card, el("p", null, "Click a person, organization or event to see its card; click a link to see the events and the verbatim quotes behind it. Hover for a summary."));
      append(card, el("p", null, "“Who met whom” joins two actors when they took part in the same event: solid lines are direct contact (meetings, talks, interviews), dashed lines are attendance at the same event. “Full graph” shows every entity, event and statement."));
      if (DATA.sources.length) {
        append(card, el("h3", null, "Source"));
        const ul = el("ul");
        for (const s of DATA.sources) append(ul, el("li", null, s));
        append(card, ul);
      }
    }

    return { el, append, linkButton, tag, entityTip, edgeTip, clearCard, nodeInView, entityLink,
      showEntity, showEdge, showIntro };
  }

  return { createCards, sideTable, KIND_LABEL };
})();
