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
    approximate: false, lo: "", hi: "", place: "", evidence: [], related: [], contact: "",
    attributed: [] };
  const ENT = DATA.entities.map((e) => Object.assign({}, ENTITY_DEFAULTS, e));
  const ROLES = DATA.roles;
  const KIND_LABEL = mmruCards.KIND_LABEL;
  // The sides are the graph's data (in order, then "other"): labels, order, tag colours.
  const { SIDE, label: sideLabel } = mmruCards.sideTable(DATA);
  const DIM_NODE = { color: "#e4e7eb", font: { color: "#aab4be" } };
  const DIM_EDGE = { color: "#edf0f3", highlight: "#edf0f3", hover: "#cbd2d9" };
  const PATH_EDGE = { color: "#e03131", highlight: "#e03131", hover: "#e03131" };

  const $ = (id) => document.getElementById(id);
  const container = $("network");
  const card = $("card");

  const state = {
    view: null, nodes: null, edges: null, network: null,
    base: {}, baseEdges: {}, positions: {}, captions: {}, degree0: {}, nodeText: {},
    highlighted: false, path: null, selected: null, ready: false, settleMs: null,
    keep: null, pathRequest: null, labels: null, candidates: null,
  };
  const matcher = mmruMatch.createMatcher(ENT);

  /* Cards, tooltips and the DOM helpers (text only): cards.js. */
  const { el, append, linkButton, entityTip, edgeTip, clearCard, nodeInView, entityLink,
    showEntity, showEdge, showIntro } = mmruCards.createCards({ DATA, ENT, card, state,
    selectNode: (id, centre) => selectNode(id, centre) });

  /* ---------- highlight: neighbourhood and path ---------- */
  function restoreStyles() {
    if (!state.highlighted) return;
    state.nodes.update(state.nodes.getIds().map((id) => ({ id, color: state.base[id].color })));
    state.edges.update(state.edges.getIds().map((id) => ({ id, color: state.baseEdges[id].color, width: state.baseEdges[id].width })));
    state.highlighted = false;
    state.keep = null;
    if (state.labels) state.labels.invalidate();
  }
  function applyHighlight(keepNodes, keepEdges, pathEdges) {
    restoreStyles();
    const nodeUpdates = [];
    for (const id of state.nodes.getIds()) if (!keepNodes.has(id)) nodeUpdates.push({ id, color: DIM_NODE.color });
    const edgeUpdates = [];
    for (const id of state.edges.getIds()) {
      if (pathEdges && pathEdges.has(id)) edgeUpdates.push({ id, color: PATH_EDGE, width: 5 });
      else if (!keepEdges.has(id)) edgeUpdates.push({ id, color: DIM_EDGE });
    }
    state.highlighted = true;
    state.keep = keepNodes;
    if (state.labels) state.labels.invalidate();
    state.nodes.update(nodeUpdates);
    state.edges.update(edgeUpdates);
  }
  function isHidden(id) { const node = state.nodes.get(id); return !node || Boolean(node.hidden); }
  function highlightNeighbourhood(id) {
    state.path = null;
    // A selection the filters hide keeps its card but dims nothing: the
    // visible graph would otherwise be all grey.
    if (isHidden(id)) { restoreStyles(); return; }
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
    state.pathRequest = null;
    state.candidates = null;
    state.network.selectNodes([id]);
    highlightNeighbourhood(id);
    showEntity(id);
    if (centre) state.network.focus(id, { scale: Math.max(state.network.getScale(), 1.0), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }
  function clearSelection() {
    state.selected = null;
    state.path = null;
    state.pathRequest = null;
    state.candidates = null;
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

  /* The path between the two picked actors, in the view as filtered now.
   * The request stays while filters change: the path is looked for again
   * each time, and a filter that cuts it dims nothing. */
  function showPath(refit) {
    const a = state.pickers.from.value(), b = state.pickers.to.value();
    if (a === null || b === null) {
      clearCard();
      append(card, el("h2", null, "Path"));
      append(card, el("p", null, "Pick both ends: type part of a name in each box and choose from the list."));
      return;
    }
    state.pathRequest = [a, b];
    state.selected = null;
    state.candidates = null;
    const hiddenEnds = [a, b].filter(isHidden);
    const found = hiddenEnds.length ? null : a === b ? { nodes: [a], edges: [] } : shortestPath(a, b);
    clearCard();
    state.network.unselectAll();
    if (!found) {
      restoreStyles();
      state.path = null;
      append(card, el("h2", null, "No path"));
      const why = hiddenEnds.length
        ? hiddenEnds.map((r) => ENT[r].name).join(" and ") + (hiddenEnds.length > 1 ? " are" : " is") + " hidden by the current filters."
        : ENT[a].name + " and " + ENT[b].name + " are not connected in this view" + (filtersActive() ? " with the current filters." : ".");
      append(card, el("p", null, why));
      if (filtersActive()) append(card, el("p", "muted", "The path comes back when the filters allow it."));
      return;
    }
    state.path = found;
    applyHighlight(new Set(found.nodes), new Set(), new Set(found.edges));
    append(card, el("h2", null, "Path: " + (found.nodes.length - 1) + " step" + (found.nodes.length === 2 ? "" : "s")));
    append(card, el("p", "muted", "Shortest path in the current view" + (filtersActive() ? ", with the current filters" : "") + ". Click a step to see its evidence."));
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
    if (refit !== false) state.network.fit({ nodes: found.nodes, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
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
    state.unlinkedHidden = $("hide-isolated").checked && filtersActive();
    // The full graph with a date range: a person, organization or place
    // stays only if it is tied to an event of the range; offices, places'
    // containment and other undated statements do not keep it on their own.
    const edges = state.edges.get();
    let inPeriod = null;
    if (dated && state.unlinkedHidden && state.view === "full") {
      inPeriod = new Set();
      for (const edge of edges) {
        const from = ENT[edge.from], to = ENT[edge.to];
        if (from.kind === "event" && to.kind !== "event" && inRange(from)) inPeriod.add(edge.to);
        if (to.kind === "event" && from.kind !== "event" && inRange(to)) inPeriod.add(edge.from);
      }
    }
    const visible = new Map();
    for (const node of state.nodes.get({ fields: ["id"] })) {
      const ent = ENT[node.id];
      let show = kinds.has(ent.kind) && (ent.kind === "event" ? inRange(ent) : !inPeriod || inPeriod.has(node.id));
      visible.set(node.id, show);
    }
    const edgeVisible = new Map();
    const linked = new Set();
    for (const edge of edges) {
      let show = visible.get(edge.from) && visible.get(edge.to);
      if (show && edge.events) show = edge.events.length ? edge.events.some((r) => inRange(ENT[r])) : (!dated || keepUndated);
      edgeVisible.set(edge.id, show);
      if (show) { linked.add(edge.from); linked.add(edge.to); }
    }
    // With a filter on, "hide the rest" leaves only what the filter keeps
    // connected: also the actors that never had a link (the block beside
    // the graph), which say nothing about the chosen period or kinds.
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
    if (state.strip) {
      // The strip counts what the other filters show (not the dates: it is
      // the date control), then its brush is set to the dates again.
      const shown = shownEvents(kinds, edges);
      if (shown.key !== state.stripKey) { state.stripKey = shown.key; state.strip.setEvents(shown.events); }
      state.strip.setRange(since, until);
    }
    // Highlights are recomputed on what is visible now: a path is looked for
    // again, a neighbourhood keeps only its visible links.
    if (state.pathRequest) showPath(false);
    else if (state.candidates) highlightCandidates(state.candidates);
    else if (state.selected !== null) highlightNeighbourhood(state.selected);
    else restoreStyles();
    updateStatus();
  }

  function updateStatus() {
    const shownNodes = state.nodes.get({ filter: (n) => !n.hidden }).length;
    const shownEdges = state.edges.get({ filter: (e) => !e.hidden }).length;
    const total = state.nodes.length, totalEdges = state.edges.length;
    $("status").textContent = shownNodes === total && shownEdges === totalEdges
      ? "" : "Showing " + shownNodes + " of " + total + " nodes, " + shownEdges + " of " + totalEdges + " links";
  }

  /* ---------- search: the command line's matching rules ---------- */
  function idsInView() { return state.nodes.getIds(); }
  function describe(match) {
    // As the CLI lists candidates: "Name (kind, as “alias”)".
    const ent = ENT[match.id];
    return (KIND_LABEL[ent.kind] || ent.kind) + (match.matched !== ent.name ? ", as “" + match.matched + "”" : "");
  }
  function highlightCandidates(ids) {
    const visibleIds = ids.filter((id) => !isHidden(id));
    if (!visibleIds.length) { restoreStyles(); return; }
    applyHighlight(new Set(visibleIds), new Set(), null);
  }
  function runSearch(event) {
    if (event) event.preventDefault();
    const query = $("search").value;
    if (!mmruMatch.normalize(query)) return;
    const found = matcher.candidates(query, idsInView());
    if (!found.length) {
      clearCard();
      append(card, el("h2", null, "Not found"));
      append(card, el("p", null, "No name or alias in this view matches “" + query + "”."));
      return;
    }
    if (found.length === 1) { selectNode(found[0].id, true); return; }
    // Ambiguous: say so and list the candidates, as `mmru-graph met` does;
    // the analyst picks one. They stay highlighted meanwhile.
    clearSelection();
    state.candidates = found.map((m) => m.id);
    clearCard();
    append(card, el("h2", null, "“" + query + "” is ambiguous"));
    append(card, el("p", null, found.length + " names in this view match it equally well. Pick one:"));
    const ul = el("ul", "entries candidates");
    for (const match of found) {
      const li = el("li");
      append(li, entityLink(match.id), el("div", "when", describe(match) + (isHidden(match.id) ? " · hidden by the current filters" : "")));
      append(ul, li);
    }
    append(card, ul);
    highlightCandidates(state.candidates);
    const shown = state.candidates.filter((id) => !isHidden(id));
    if (shown.length) state.network.fit({ nodes: shown, animation: { duration: 350, easingFunction: "easeInOutQuad" } });
  }

  /* ---------- controls that depend on the view ---------- */
  function fillControls() {
    const inView = state.nodes.get({ fields: ["id"] }).map((n) => n.id);
    const names = new Set();
    for (const id of inView) { names.add(ENT[id].name); for (const a of ENT[id].aliases) names.add(a); }
    const list = $("search-names");
    list.replaceChildren(...[...names].sort((x, y) => x.localeCompare(y)).slice(0, 5000).map((n) => { const o = document.createElement("option"); o.value = n; return o; }));
    // The path pickers offer the actors of this view; a pick that is not one is dropped.
    state.actorIds = inView.filter((id) => ENT[id].kind === "person" || ENT[id].kind === "organization")
      .sort((x, y) => ENT[x].name.localeCompare(ENT[y].name));
    const actorSet = new Set(state.actorIds);
    for (const picker of [state.pickers.from, state.pickers.to]) {
      if (picker.value() !== null && !actorSet.has(picker.value())) picker.set(null, "");
    }
    const present = new Set(inView.map((id) => ENT[id].kind));
    for (const box of document.querySelectorAll("#kinds .kind-box")) {
      const kind = box.querySelector("input").value;
      box.classList.toggle("absent", !present.has(kind));
      box.querySelector("input").disabled = !present.has(kind);
    }
  }

  /* What a path picker lists for what is typed: every actor of the view
   * that matches, best tier first (or all of them, by name, for nothing typed). */
  function pathPicked() {
    if (state.pickers.from.value() !== null && state.pickers.to.value() !== null) showPath();
  }
  function pathCandidates(query) {
    const ids = state.actorIds || [];
    if (!mmruMatch.normalize(query)) return ids.slice(0, 200).map((id) => ({ id, name: ENT[id].name, note: (ENT[id].side ? sideLabel(ENT[id].side) : "") }));
    return matcher.ranked(query, ids).map((m) => ({ id: m.id, name: ENT[m.id].name,
      note: [(ENT[m.id].side ? sideLabel(ENT[m.id].side) : ""), m.matched !== ENT[m.id].name ? "as “" + m.matched + "”" : ""].filter(Boolean).join(" · ") }));
  }
  state.pickers = {
    from: mmruPicker.createPicker($("path-from"), pathCandidates, pathPicked),
    to: mmruPicker.createPicker($("path-to"), pathCandidates, pathPicked),
  };

  /* ---------- views ---------- */
  function summaryText() {
    const actorsView = DATA.views.actors, fullView = DATA.views.full;
    const parts = [];
    if (actorsView) parts.push(actorsView.nodes.length + " people & organizations");
    const events = ENT.filter((e) => e.kind === "event").length;
    if (events) parts.push(events + " events");
    return parts.join(" · ") + (fullView && !actorsView ? " · " + fullView.nodes.length + " nodes" : "");
  }

  /* The events the kind filters leave in the view, whatever the dates: the
   * event nodes of a checked kind, and the events of every link whose two
   * ends are of checked kinds (who met whom: unticking organizations leaves
   * the events between persons). The time strip counts these. */
  function shownEvents(kinds, edges) {
    const refs = new Set();
    for (const node of state.nodes.get({ fields: ["id"] })) {
      if (ENT[node.id].kind === "event" && kinds.has("event")) refs.add(node.id);
    }
    for (const edge of edges) {
      if (!edge.events || !kinds.has(ENT[edge.from].kind) || !kinds.has(ENT[edge.to].kind)) continue;
      for (const r of edge.events) refs.add(r);
    }
    const sorted = [...refs].sort((a, b) => a - b);
    return { key: state.view + ":" + sorted.join(","), events: sorted.map((r) => ({ lo: ENT[r].lo, hi: ENT[r].hi })) };
  }

  /* The events the view draws or links by: the time strip counts these. */
  function viewEvents(spec) {
    const refs = new Set();
    for (const n of spec.nodes) if (ENT[n.id].kind === "event") refs.add(n.id);
    for (const e of spec.edges) for (const r of e.events || []) refs.add(r);
    return [...refs].map((r) => ({ lo: ENT[r].lo, hi: ENT[r].hi }));
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
    state.pathRequest = null;
    state.candidates = null;
    state.keep = null;
    state.base = {};
    state.baseEdges = {};
    state.degree0 = {};
    state.nodeText = {};
    state.nodeShort = {};
    const nodes = spec.nodes.map((n) => {
      const kind = ENT[n.id].kind;
      // The page draws the labels itself (labels.js): vis-network gets none.
      const node = Object.assign({}, n, { title: entityTip(ENT[n.id]) });
      delete node.label;
      state.nodeText[n.id] = n.label || "";
      state.nodeShort[n.id] = n.short || "";
      delete node.short;
      if (cached && cached[n.id]) { node.x = cached[n.id].x; node.y = cached[n.id].y; }
      state.base[n.id] = { color: node.color };
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
    if (state.labels) state.labels.invalidate();
    state.strip.setEvents(viewEvents(spec));
    state.stripKey = null;
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
    // Each node's name is drawn to its right (labels.js): columns far enough apart.
    const gapX = 460, gapY = 66, n = unlinked.length;
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
    state.captions[state.view] = { x: x0 - 20, y: y0 - 50, text: "Not linked to anyone in this view (" + n + ")" };
  }

  /* After a change of dates: fill the canvas with what is left, unless a
   * path, a selection or search candidates hold the analyst's attention. */
  function fitVisible() {
    if (state.pathRequest || state.selected !== null || state.candidates) return;
    const shown = state.nodes.get({ filter: (n) => !n.hidden, fields: ["id"] }).map((n) => n.id);
    if (!shown.length) return;
    state.network.fit({ nodes: shown, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
  }

  /* Fit the view to the canvas, keeping room on the right for the names
   * drawn beside the rightmost nodes (the block of unlinked ones). */
  const NAME_ROOM = 190;
  function fitWithRoom(animate) {
    const animation = animate ? { duration: 300, easingFunction: "easeInOutQuad" } : false;
    const network = state.network;
    const ids = state.nodes.get({ filter: (n) => !n.hidden, fields: ["id"] }).map((n) => n.id);
    if (!state.captions[state.view] || state.unlinkedHidden || !ids.length) { network.fit({ animation }); return; }
    const pos = network.getPositions(ids);
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (const id of ids) {
      const r = (state.nodes.get(id).size || 10) + 30;  // the node and a line of label below
      minX = Math.min(minX, pos[id].x - r); maxX = Math.max(maxX, pos[id].x + r);
      minY = Math.min(minY, pos[id].y - r); maxY = Math.max(maxY, pos[id].y + r);
    }
    const W = container.clientWidth, H = container.clientHeight;
    const scale = Math.max(0.02, Math.min((W - NAME_ROOM - 20) / (maxX - minX || 1), (H - 30) / (maxY - minY || 1)));
    const right = maxX + NAME_ROOM / scale;
    network.moveTo({ position: { x: (minX + right) / 2, y: (minY + maxY) / 2 }, scale, animation });
  }

  /* What labels.js draws for a node: its text, size, colour and rank.
   * Highlighted nodes (a path, a neighbourhood, search candidates) first,
   * then the most connected; events count as much as actors (the full
   * graph is read by its events: most of their labels show at the default
   * zoom), places a little less. */
  const ACTOR_BONUS = { person: 1.5, organization: 1.5, place: 0.5, event: 1.5, other: 0 };
  function labelInfo(id) {
    let text = state.nodeText[id];
    if (!text) return null;
    const ent = ENT[id], font = DATA.fonts[ent.kind] || DATA.fonts.other;
    const dim = state.keep !== null && !state.keep.has(id);
    // In the block of unlinked nodes a label reads as a list: one line, to the right.
    const listed = !state.degree0[id];
    if (listed) text = text.replace(/\n/g, " ");
    // An event's label ends with its date line (view/style.event_label).
    const dated = ent.kind === "event" && /^\d{4}/.test(ent.date || "") && text.includes("\n");
    return { text, listed, dated, short: listed ? "" : state.nodeShort[id], px: font.size, weight: font.weight || 400, colour: dim ? DIM_NODE.font.color : font.color,
      rank: (dim ? 1e6 : 0) - 2 * ((state.degree0[id] || 0) + ACTOR_BONUS[ent.kind]) - (state.selected === id ? 1e5 : 0) };
  }

  function hideTooltip() {
    // vis-network hides its tooltip only on a pointer move inside the canvas:
    // leaving the canvas, zooming or dragging left it standing.
    const handler = state.network && state.network.interactionHandler;
    if (!handler) return;
    if (handler.popupTimer !== undefined) { clearTimeout(handler.popupTimer); handler.popupTimer = undefined; }
    if (handler.popup) handler.popup.hide();
    handler.popupObj = undefined;
  }

  function bindNetwork() {
    const network = state.network;
    state.labels = mmruLabels.createLabelLayer(network, labelInfo);
    // On a large graph, labels wait while the analyst drags or zooms (as the links do).
    let settle = null;
    const moving = () => {
      if (!DATA.views[state.view].large) return;
      state.moving = true;
      clearTimeout(settle);
      settle = setTimeout(() => { state.moving = false; network.redraw(); }, 180);
    };
    network.on("dragging", moving);
    network.on("zoom", moving);
    network.on("afterDrawing", (ctx) => {
      if (state.moving) return;
      const caption = state.captions[state.view];
      if (!caption || state.unlinkedHidden) { state.labels.draw(ctx, []); return; }
      // The caption over the block of unlinked nodes, at a fixed size on
      // screen, kept inside the canvas; labels keep clear of it.
      const ratio = network.canvas.pixelRatio || 1;
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = "600 12px system-ui, sans-serif";
      const width = ctx.measureText(caption.text).width;
      const at = network.canvasToDOM({ x: caption.x, y: caption.y });
      const x = Math.max(4, Math.min(at.x, container.clientWidth - width - 6)), y = Math.max(14, at.y);
      ctx.restore();
      state.labels.draw(ctx, [{ x0: x, y0: y - 12, x1: x + width, y1: y + 3 }]);
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.fillStyle = "#7b8794";
      ctx.fillText(caption.text, x, y);
      ctx.restore();
    });
    network.on("click", (params) => {
      // A label is drawn over the links: a click on it is a click on its node.
      const onLabel = params.nodes.length ? undefined : state.labels.labelAt(params.pointer.DOM.x, params.pointer.DOM.y);
      if (params.nodes.length) selectNode(params.nodes[0], false);
      else if (onLabel !== undefined) { network.selectNodes([onLabel]); selectNode(onLabel, false); }
      else if (params.edges.length) { state.selected = null; showEdge(params.edges[0]); }
      else if (!state.path && !state.candidates) clearSelection();
    });
    for (const name of ["dragStart", "zoom", "blurNode", "blurEdge"]) network.on(name, hideTooltip);
    container.addEventListener("mouseleave", hideTooltip);
    container.addEventListener("pointerleave", hideTooltip);
  }

  /* ---------- wiring ---------- */
  function resetAll() {
    for (const input of document.querySelectorAll("#kinds input")) input.checked = true;
    $("since").value = ""; $("until").value = ""; $("undated").checked = false; $("search").value = "";
    state.pickers.from.set(null, ""); state.pickers.to.set(null, "");
    state.strip.setRange("", "");
    clearSelection();
    applyFilters();
    showIntro();
    fitWithRoom(true);
  }

  $("search-form").addEventListener("submit", runSearch);
  $("path-go").addEventListener("click", () => showPath());
  $("reset").addEventListener("click", resetAll);
  for (const id of ["since", "until", "undated"]) $(id).addEventListener("change", () => { applyFilters(); fitVisible(); });
  $("hide-isolated").addEventListener("change", applyFilters);
  $("kinds").addEventListener("change", applyFilters);
  for (const b of document.querySelectorAll("#view-toggle button")) {
    if (!DATA.views[b.dataset.view]) b.hidden = true;
    b.addEventListener("click", () => { if (b.dataset.view !== state.view) loadView(b.dataset.view); });
  }
  if (Object.keys(DATA.views).length < 2) $("view-toggle").hidden = true;
  // The time strip drives the date inputs, and the filter, as if typed.
  state.strip = mmruTimeStrip.createTimeStrip($("timestrip"), (since, until) => {
    $("since").value = since;
    $("until").value = until;
    applyFilters();
    fitVisible();
  });
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
    get candidates() { return state.candidates; },
    get strip() { return state.strip; },
    /* The labels drawn in the last frame: {id, text, px, x, y, w, h} in the canvas's pixels. */
    labels() { return state.labels.placed.map((p) => Object.assign({}, p)); },
    /* The node whose drawn label is at (x, y) in the canvas's pixels, or undefined. */
    labelAt(x, y) { return state.labels.labelAt(x, y); },
    normalize: mmruMatch.normalize,
    counts() {
      return { nodes: state.network.body.nodeIndices.length, edges: state.network.body.edgeIndices.length,
        dataNodes: state.nodes.length, dataEdges: state.edges.length };
    },
    setView(name) { if (name !== state.view) loadView(name); },
    select(id) { selectNode(id, false); },
    showLink(id) { state.selected = null; showEdge(id); },
  };
})();
