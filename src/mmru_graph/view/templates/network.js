/* The network page's behaviour: views, filters, search, cards, paths.
 *
 * Safety rule: every string that comes from the data is put in the page as
 * text (textContent, option.text, input.value, vis labels drawn on a canvas,
 * tooltips built as DOM elements). Nothing here writes markup from a string.
 */
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("mmru-data").textContent);
  // Empty fields are left out of the data to keep large pages small.
  const ENTITY_DEFAULTS = { cls: "", side: "", aliases: [], offices: [], unnamed: false, date: "",
    approximate: false, lo: "", hi: "", place: "", evidence: [], related: [], contact: "" };
  const ENT = DATA.entities.map((e) => Object.assign({}, ENTITY_DEFAULTS, e));
  const EVID = DATA.evidence;
  const ROLES = DATA.roles;
  const KIND_LABEL = { person: "person", organization: "organization", place: "place", event: "event", other: "other" };
  // The sides are the graph's data (in order, then "other"): labels, order, tag colours.
  const SIDE = {};
  DATA.sides.forEach((s, i) => { SIDE[s.key] = Object.assign({ order: i }, s); });
  const sideLabel = (key) => key === "other" ? "other side" : (SIDE[key] ? SIDE[key].label : key);
  const DIM_NODE = { color: "#e4e7eb", font: { color: "#c3cad2" } };
  const DIM_EDGE = { color: "#edf0f3", highlight: "#edf0f3", hover: "#cbd2d9" };
  const PATH_EDGE = { color: "#e03131", highlight: "#e03131", hover: "#e03131" };

  const $ = (id) => document.getElementById(id);
  const container = $("network");
  const card = $("card");

  const state = {
    view: null, nodes: null, edges: null, network: null,
    base: {}, baseEdges: {}, positions: {}, captions: {}, degree0: {},
    highlighted: false, path: null, selected: null, ready: false, settleMs: null,
  };

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

  /* ---------- text matching: case and accent insensitive ---------- */
  function fold(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

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
    return tip;
  }

  /* ---------- evidence ---------- */
  function quoteBlock(ref) {
    const ev = EVID[ref];
    const fig = el("figure", "quote");
    append(fig, el("blockquote", null, "“" + ev.quote + "”"));
    const where = [ev.title || ev.source];
    if (ev.start !== null && ev.start !== undefined) where.push("characters " + ev.start + "–" + ev.end);
    append(fig, el("figcaption", null, where.filter(Boolean).join(" · ")));
    return fig;
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
    append(card, tags);
    if (ent.kind === "event" || ent.date || ent.place) {
      const facts = el("p");
      if (ent.date) append(facts, el("strong", null, "Date: "), document.createTextNode(ent.date + (ent.approximate ? " (approximate)" : "")));
      if (ent.date && ent.place) append(facts, el("br"));
      if (ent.place) append(facts, el("strong", null, "Place: "), document.createTextNode(ent.place));
      if (!ent.date && !ent.place) append(facts, el("span", "muted", "No date or place in the source."));
      append(card, facts);
    }
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
    evidenceSection(card, ent.evidence, ent.kind === "event" ? "Evidence" : "First mention");
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
      append(card, tags);
      for (const ref of edge.events) {
        const ev = ENT[ref];
        const contact = ev.contact;
        const block = el("div", "event-block");
        const title = el("p");
        append(title, el("strong", null, ""));
        title.firstChild.appendChild(entityLink(ref));
        append(block, title);
        append(block, el("div", "when", [ev.date || "no date", ev.place, contact === "direct" ? "direct contact" : "co-attendance"].filter(Boolean).join(" · ")));
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
      append(card, tags);
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

  /* ---------- highlight: neighbourhood and path ---------- */
  function restoreStyles() {
    if (!state.highlighted) return;
    state.nodes.update(state.nodes.getIds().map((id) => ({ id, color: state.base[id].color, font: state.base[id].font })));
    state.edges.update(state.edges.getIds().map((id) => ({ id, color: state.baseEdges[id].color, width: state.baseEdges[id].width })));
    state.highlighted = false;
  }
  function applyHighlight(keepNodes, keepEdges, pathEdges) {
    restoreStyles();
    const nodeUpdates = [];
    for (const id of state.nodes.getIds()) if (!keepNodes.has(id)) nodeUpdates.push({ id, color: DIM_NODE.color, font: DIM_NODE.font });
    const edgeUpdates = [];
    for (const id of state.edges.getIds()) {
      if (pathEdges && pathEdges.has(id)) edgeUpdates.push({ id, color: PATH_EDGE, width: 5 });
      else if (!keepEdges.has(id)) edgeUpdates.push({ id, color: DIM_EDGE });
    }
    state.nodes.update(nodeUpdates);
    state.edges.update(edgeUpdates);
    state.highlighted = true;
  }
  function highlightNeighbourhood(id) {
    const keepNodes = new Set([id]);
    const keepEdges = new Set();
    for (const e of state.network.getConnectedEdges(id)) {
      const edge = state.edges.get(e);
      if (!edge || edge.hidden) continue;
      keepEdges.add(e);
      keepNodes.add(edge.from);
      keepNodes.add(edge.to);
    }
    state.path = null;
    applyHighlight(keepNodes, keepEdges, null);
  }

  function selectNode(id, centre) {
    state.selected = id;
    state.network.selectNodes([id]);
    highlightNeighbourhood(id);
    showEntity(id);
    if (centre) state.network.focus(id, { scale: Math.max(state.network.getScale(), 1.0), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }
  function clearSelection() {
    state.selected = null;
    state.path = null;
    state.network.unselectAll();
    restoreStyles();
  }

  /* Breadth-first search over the links visible in the current view. */
  function shortestPath(a, b) {
    const adjacency = new Map();
    for (const edge of state.edges.get({ filter: (e) => !e.hidden })) {
      if (!adjacency.has(edge.from)) adjacency.set(edge.from, []);
      if (!adjacency.has(edge.to)) adjacency.set(edge.to, []);
      adjacency.get(edge.from).push([edge.to, edge.id]);
      adjacency.get(edge.to).push([edge.from, edge.id]);
    }
    const previous = new Map([[a, null]]);
    const queue = [a];
    for (let i = 0; i < queue.length && !previous.has(b); i++) {
      for (const [next, edgeId] of adjacency.get(queue[i]) || []) {
        if (!previous.has(next)) { previous.set(next, [queue[i], edgeId]); queue.push(next); }
      }
    }
    if (!previous.has(b)) return null;
    const nodes = [b], edges = [];
    for (let step = previous.get(b); step; step = previous.get(step[0])) { nodes.unshift(step[0]); edges.unshift(step[1]); }
    return { nodes, edges };
  }

  function showPath() {
    const a = Number($("path-from").value), b = Number($("path-to").value);
    if (Number.isNaN(a) || Number.isNaN(b) || $("path-from").value === "" || $("path-to").value === "") return;
    const found = a === b ? { nodes: [a], edges: [] } : shortestPath(a, b);
    clearCard();
    state.network.unselectAll();
    if (!found) {
      restoreStyles();
      state.path = null;
      append(card, el("h2", null, "No path"));
      append(card, el("p", null, ENT[a].name + " and " + ENT[b].name + " are not connected in this view with the current filters."));
      return;
    }
    state.path = found;
    applyHighlight(new Set(found.nodes), new Set(), new Set(found.edges));
    append(card, el("h2", null, "Path: " + (found.nodes.length - 1) + " step" + (found.nodes.length === 2 ? "" : "s")));
    append(card, el("p", "muted", "Shortest path in the current view. Click a step to see its evidence."));
    const ol = el("ol", "entries path-steps");
    found.edges.forEach((edgeId, i) => {
      const edge = state.edges.get(edgeId);
      const li = el("li");
      append(li, entityLink(found.nodes[i]), document.createTextNode(" — "), entityLink(found.nodes[i + 1]));
      const how = edge.events ? (edge.style === "direct" ? "direct contact" : "same event") + ": " + edge.events.map((r) => ENT[r].name).join("; ") : ROLES[edge.rel];
      append(li, el("div", "when"));
      li.lastChild.appendChild(linkButton(how, () => showEdge(edgeId)));
      append(ol, li);
    });
    append(card, ol);
    state.network.fit({ nodes: found.nodes, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }

  /* ---------- filters: kind and date ---------- */
  function checkedKinds() {
    return new Set([...document.querySelectorAll("#kinds input:checked")].map((i) => i.value));
  }
  function filtersActive() {
    return Boolean($("since").value || $("until").value) || document.querySelectorAll("#kinds input:not(:checked)").length > 0;
  }
  function applyFilters() {
    const kinds = checkedKinds();
    const since = $("since").value, until = $("until").value;
    const dated = Boolean(since || until);
    const keepUndated = $("undated").checked;
    const inRange = (ent) => {
      if (!ent.lo) return !dated || keepUndated;
      return (!since || ent.hi >= since) && (!until || ent.lo <= until);
    };
    const visible = new Map();
    for (const node of state.nodes.get()) {
      const ent = ENT[node.id];
      visible.set(node.id, kinds.has(ent.kind) && (ent.kind !== "event" || inRange(ent)));
    }
    const edgeVisible = new Map();
    const linked = new Set();
    for (const edge of state.edges.get()) {
      let show = visible.get(edge.from) && visible.get(edge.to);
      if (show && edge.events) show = edge.events.length ? edge.events.some((r) => inRange(ENT[r])) : (!dated || keepUndated);
      edgeVisible.set(edge.id, show);
      if (show) { linked.add(edge.from); linked.add(edge.to); }
    }
    // With a filter on, "hide unlinked" leaves only what the filter keeps
    // connected: also the actors that never had a link (the block beside
    // the graph), which say nothing about the chosen period or kinds.
    state.unlinkedHidden = $("hide-isolated").checked && filtersActive();
    if (state.unlinkedHidden) {
      for (const [id, shown] of visible) {
        if (shown && !linked.has(id) && ENT[id].kind !== "event") visible.set(id, false);
      }
    }
    const nodeUpdates = [], edgeUpdates = [];
    for (const node of state.nodes.get({ fields: ["id", "hidden"] })) {
      const hide = !visible.get(node.id);
      if (Boolean(node.hidden) !== hide) nodeUpdates.push({ id: node.id, hidden: hide });
    }
    for (const edge of state.edges.get({ fields: ["id", "hidden"] })) {
      const hide = !edgeVisible.get(edge.id);
      if (Boolean(edge.hidden) !== hide) edgeUpdates.push({ id: edge.id, hidden: hide });
    }
    state.nodes.update(nodeUpdates);
    state.edges.update(edgeUpdates);
    if (state.path) showPath();
    else if (state.selected !== null) highlightNeighbourhood(state.selected);
    updateStatus();
  }

  function updateStatus() {
    const shownNodes = state.nodes.get({ filter: (n) => !n.hidden }).length;
    const shownEdges = state.edges.get({ filter: (e) => !e.hidden }).length;
    const total = state.nodes.length, totalEdges = state.edges.length;
    $("status").textContent = shownNodes === total && shownEdges === totalEdges
      ? "" : "Showing " + shownNodes + " of " + total + " nodes, " + shownEdges + " of " + totalEdges + " links";
  }

  /* ---------- search ---------- */
  function search(query) {
    const q = fold(query);
    if (!q) return null;
    let best = 0, matches = [];
    for (const node of state.nodes.get({ fields: ["id", "degree"] })) {
      const ent = ENT[node.id];
      let score = 0;
      for (const name of [ent.name, ...ent.aliases]) {
        const f = fold(name);
        const s = f === q ? 3 : (f.startsWith(q) || f.includes(" " + q)) ? 2 : f.includes(q) ? 1 : 0;
        if (s > score) score = s;
      }
      if (score > best) { best = score; matches = [node]; } else if (score && score === best) matches.push(node);
    }
    // Equally good matches: people and organizations before places, places
    // before events ("Kasatonov" is the admiral, not the meeting named after him).
    const rank = { person: 0, organization: 0, place: 1, other: 2, event: 3 };
    const kindRank = (n) => rank[ENT[n.id].kind] ?? 2;
    matches.sort((x, y) => (kindRank(x) - kindRank(y)) || (y.degree - x.degree)
      || ENT[x.id].name.localeCompare(ENT[y.id].name));
    return matches.map((n) => n.id);
  }
  function runSearch(event) {
    if (event) event.preventDefault();
    const query = $("search").value;
    const found = search(query);
    if (found === null) return;
    if (!found.length) {
      clearCard();
      append(card, el("h2", null, "Not found"));
      append(card, el("p", null, "No name or alias in this view matches “" + query + "”."));
      return;
    }
    selectNode(found[0], true);
    if (found.length > 1) {
      append(card, el("h3", null, "Other matches"));
      const ul = el("ul", "entries");
      for (const id of found.slice(1, 30)) append(ul, append(el("li"), entityLink(id)));
      append(card, ul);
    }
  }

  /* ---------- controls that depend on the view ---------- */
  function fillControls() {
    const inView = state.nodes.get({ fields: ["id"] }).map((n) => n.id);
    const names = new Set();
    for (const id of inView) { names.add(ENT[id].name); for (const a of ENT[id].aliases) names.add(a); }
    const list = $("search-names");
    list.replaceChildren(...[...names].sort((x, y) => x.localeCompare(y)).slice(0, 5000).map((n) => { const o = document.createElement("option"); o.value = n; return o; }));
    const actors = inView.filter((id) => ENT[id].kind === "person" || ENT[id].kind === "organization")
      .sort((x, y) => ENT[x].name.localeCompare(ENT[y].name));
    for (const [selectId, prompt] of [["path-from", "from…"], ["path-to", "to…"]]) {
      const select = $(selectId);
      const previous = select.value;
      const first = new Option(prompt, "");
      select.replaceChildren(first, ...actors.map((id) => new Option(ENT[id].name, String(id))));
      if (previous && actors.includes(Number(previous))) select.value = previous;
    }
    const present = new Set(inView.map((id) => ENT[id].kind));
    for (const box of document.querySelectorAll("#kinds .kind-box")) {
      const kind = box.querySelector("input").value;
      box.classList.toggle("absent", !present.has(kind));
      box.querySelector("input").disabled = !present.has(kind);
    }
  }

  /* ---------- views ---------- */
  function summaryText() {
    const actorsView = DATA.views.actors, fullView = DATA.views.full;
    const parts = [];
    if (actorsView) parts.push(actorsView.nodes.length + " people & organizations");
    const events = ENT.filter((e) => e.kind === "event").length;
    if (events) parts.push(events + " events");
    return parts.join(" · ") + (fullView && !actorsView ? " · " + fullView.nodes.length + " nodes" : "");
  }

  function loadView(name, onReady) {
    if (!DATA.views[name]) return;
    if (state.network && state.view) state.positions[state.view] = state.network.getPositions();
    const spec = DATA.views[name];
    const cached = state.positions[name];
    state.view = name;
    state.ready = false;
    state.highlighted = false;
    state.path = null;
    state.selected = null;
    state.base = {};
    state.baseEdges = {};
    state.degree0 = {};
    const nodes = spec.nodes.map((n) => {
      const kind = ENT[n.id].kind;
      const node = Object.assign({ font: DATA.fonts[kind] }, n, { title: entityTip(ENT[n.id]) });
      if (DATA.scaling[kind]) node.scaling = DATA.scaling[kind];
      if (cached && cached[n.id]) { node.x = cached[n.id].x; node.y = cached[n.id].y; }
      state.base[n.id] = { color: node.color, font: node.font };
      state.degree0[n.id] = n.degree;
      return node;
    });
    const edges = spec.edges.map((e) => {
      const edge = Object.assign({}, DATA.edgeStyles[e.style], e);
      edge.title = edgeTip(edge);
      if (edge.width === undefined) edge.width = 1.5;
      state.baseEdges[e.id] = { color: edge.color, width: edge.width };
      return edge;
    });
    state.nodes = new vis.DataSet(nodes);
    state.edges = new vis.DataSet(edges);
    const options = JSON.parse(JSON.stringify(spec.options));
    const physics = options.physics.enabled && !cached;
    options.physics.enabled = physics;
    document.body.dataset.view = name;
    for (const b of document.querySelectorAll("#view-toggle button")) b.setAttribute("aria-pressed", String(b.dataset.view === name));
    const started = performance.now();
    const finish = () => {
      if (state.ready) return;
      state.network.setOptions({ physics: { enabled: false } });
      if (!cached) arrangeUnlinked();
      fitWithRoom(false);
      state.settleMs = performance.now() - started;
      state.ready = true;
      document.body.dataset.ready = "true";
      if (onReady) onReady();
    };
    document.body.dataset.ready = "false";
    if (!state.network) {
      state.network = new vis.Network(container, {}, options);
      bindNetwork();
    }
    // Listen before the data goes in: stabilization starts as soon as it does.
    state.network.setOptions(options);
    if (physics) state.network.once("stabilizationIterationsDone", finish);
    else state.network.once("afterDrawing", finish);
    state.network.setData({ nodes: state.nodes, edges: state.edges });
    fillControls();
    applyFilters();
    showIntro();
  }

  /* Nodes without any link in the view would float around the edges and
   * shrink everything else: line them up in a block beside or under the
   * linked ones, whichever lets the whole fit the canvas at a larger scale. */
  function arrangeUnlinked() {
    delete state.captions[state.view];
    const ids = state.nodes.getIds();
    const unlinked = ids.filter((id) => state.degree0[id] === 0);
    const linked = ids.filter((id) => state.degree0[id] > 0);
    if (!unlinked.length || !linked.length) return;
    const pos = state.network.getPositions(linked);
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const id of linked) {
      minX = Math.min(minX, pos[id].x); maxX = Math.max(maxX, pos[id].x);
      minY = Math.min(minY, pos[id].y); maxY = Math.max(maxY, pos[id].y);
    }
    const order = (key) => SIDE[key] ? SIDE[key].order : DATA.sides.length;
    unlinked.sort((a, b) => (order(ENT[a].side) - order(ENT[b].side)) || ENT[a].name.localeCompare(ENT[b].name));
    const gapX = 175, gapY = 82, n = unlinked.length;
    const width = maxX - minX, height = maxY - minY;
    const box = container.getBoundingClientRect();
    const aspect = box.width && box.height ? box.width / box.height : 1.4;
    const belowCols = Math.max(4, Math.floor(width / gapX) + 1);
    const below = { cols: belowCols, w: Math.max(width, belowCols * gapX), h: height + 120 + Math.ceil(n / belowCols) * gapY };
    const rightRows = Math.max(2, Math.floor(height / gapY) + 1);
    const right = { rows: rightRows, w: width + 170 + Math.ceil(n / rightRows) * gapX, h: Math.max(height, rightRows * gapY) };
    const fitScale = (w, h) => Math.min(aspect / w, 1 / h);
    let x0, y0, place;
    if (fitScale(right.w, right.h) > fitScale(below.w, below.h)) {
      x0 = maxX + 170; y0 = minY + 30;
      place = (i) => [x0 + Math.floor(i / right.rows) * gapX, y0 + (i % right.rows) * gapY];
    } else {
      x0 = minX; y0 = maxY + 120;
      place = (i) => [x0 + (i % below.cols) * gapX, y0 + Math.floor(i / below.cols) * gapY];
    }
    // One DataSet update, not moveNode per node: every moveNode schedules its
    // own re-fit and full redraw (minutes for a few hundred nodes on a large graph).
    state.nodes.update(unlinked.map((id, i) => { const [x, y] = place(i); return { id, x, y }; }));
    state.captions[state.view] = { x: x0 - 40, y: y0 - 45, text: "Not linked to anyone in this view (" + n + ")" };
  }

  function fitWithRoom(animate) {
    state.network.fit({ animation: animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false });
  }

  function bindNetwork() {
    const network = state.network;
    network.on("afterDrawing", (ctx) => {
      const caption = state.captions[state.view];
      if (!caption || state.unlinkedHidden) return;
      ctx.save();
      ctx.font = "600 15px system-ui, sans-serif";
      ctx.fillStyle = "#7b8794";
      ctx.fillText(caption.text, caption.x, caption.y);
      ctx.restore();
    });
    network.on("click", (params) => {
      if (params.nodes.length) selectNode(params.nodes[0], false);
      else if (params.edges.length) { state.selected = null; showEdge(params.edges[0]); }
      else if (!state.path) clearSelection();
    });
  }

  /* ---------- wiring ---------- */
  function resetAll() {
    for (const input of document.querySelectorAll("#kinds input")) input.checked = true;
    $("since").value = ""; $("until").value = ""; $("undated").checked = false; $("search").value = "";
    $("path-from").value = ""; $("path-to").value = "";
    clearSelection();
    applyFilters();
    showIntro();
    fitWithRoom(true);
  }

  $("search-form").addEventListener("submit", runSearch);
  $("path-go").addEventListener("click", showPath);
  $("reset").addEventListener("click", resetAll);
  for (const id of ["since", "until", "undated", "hide-isolated"]) $(id).addEventListener("change", applyFilters);
  $("kinds").addEventListener("change", applyFilters);
  for (const b of document.querySelectorAll("#view-toggle button")) {
    if (!DATA.views[b.dataset.view]) b.hidden = true;
    b.addEventListener("click", () => { if (b.dataset.view !== state.view) loadView(b.dataset.view); });
  }
  if (Object.keys(DATA.views).length < 2) $("view-toggle").hidden = true;
  $("summary").textContent = summaryText();
  if (DATA.initial.since) $("since").value = DATA.initial.since;
  if (DATA.initial.until) $("until").value = DATA.initial.until;

  const focus = DATA.initial.focus;
  loadView(DATA.initial.view, () => { if (focus !== null && focus !== undefined && nodeInView(focus)) selectNode(focus, true); });

  /* For tests and for analysts at the console: read-only views of the state. */
  window.mmruView = {
    data: DATA,
    get network() { return state.network; },
    get nodes() { return state.nodes; },
    get edges() { return state.edges; },
    get view() { return state.view; },
    get ready() { return state.ready; },
    get settleMs() { return state.settleMs; },
    get path() { return state.path; },
    get selected() { return state.selected; },
    counts() {
      return { nodes: state.network.body.nodeIndices.length, edges: state.network.body.edgeIndices.length,
        dataNodes: state.nodes.length, dataEdges: state.edges.length };
    },
    setView(name) { if (name !== state.view) loadView(name); },
  };
})();
