/* The time strip: a histogram of the view's events by month, with a brush.
 * The page hands it (setEvents) the events its other filters show (the
 * kind checkboxes), so the bars follow them; not the dates, which it sets.
 *
 * Drag across the strip to choose a range of months (drag its edges to
 * resize it, its middle to move it; a click picks one month, a click on the
 * chosen month alone clears). From the keyboard, once the strip has focus:
 * ←/→ move the range by a month, Shift+←/→ move its end, Home/End jump to
 * the first/last month, Escape clears. Each change calls onChange(since,
 * until) with ISO days ("" and "" when cleared), which drives the page's
 * date filter; setRange() moves the brush when the dates are typed instead.
 *
 * A bar's dark part counts the events dated within that month; its light
 * part the events whose dates only overlap it (dated to the year, or a
 * longer span): the events that choosing that month alone keeps. A year
 * whose events are dated no closer than the year is one bar, and years
 * without events are left out (a gap marks them), so a few old meetings do
 * not squeeze the months that matter. Everything is built with
 * createElementNS and textContent: no markup from strings.
 */
const mmruTimeStrip = (function () {
  "use strict";

  const NS = "http://www.w3.org/2000/svg";
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const PAD = 10, BARS_H = 38, AXIS_H = 16, EDGE_GRAB = 6, GAP = 0.6;

  function svg(tag, attrs) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }
  const pad = (n, w) => String(n).padStart(w, "0");
  const monthOf = (iso) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
  const yearOf = (m) => Math.floor(m / 12);
  const firstDay = (m) => pad(yearOf(m), 4) + "-" + pad((m % 12) + 1, 2) + "-01";
  function lastDay(m) {
    const days = new Date(Date.UTC(yearOf(m), (m % 12) + 1, 0)).getUTCDate();
    return pad(yearOf(m), 4) + "-" + pad((m % 12) + 1, 2) + "-" + pad(days, 2);
  }
  const monthName = (m) => MONTHS[m % 12] + " " + yearOf(m);
  const isoMonth = (m) => pad(yearOf(m), 4) + "-" + pad((m % 12) + 1, 2);

  function createTimeStrip(root, onChange) {
    const strip = { bins: [], sel: null, undated: 0, total: 0 };
    const readout = document.createElement("span");
    readout.className = "strip-readout";
    readout.setAttribute("aria-live", "polite");
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "link strip-clear";
    clear.textContent = "all dates";
    clear.hidden = true;
    const head = document.createElement("div");
    head.className = "strip-head";
    const title = document.createElement("span");
    title.className = "strip-title";
    title.textContent = "Events by month";
    head.append(title, readout, clear);
    const box = document.createElement("div");
    box.className = "strip-box";
    box.tabIndex = 0;
    box.setAttribute("role", "slider");
    box.setAttribute("aria-label", "Date range: drag across the months, or use the arrow keys (Shift to resize, Escape to clear)");
    const canvas = svg("svg", { class: "strip-svg", height: BARS_H + AXIS_H });
    box.append(canvas);
    root.replaceChildren(head, box);

    // Bins: {m0, m1} (first and last month), a month or a whole year.
    function binOf(month) {
      const bins = strip.bins;
      for (let k = 0; k < bins.length; k++) if (month <= bins[k].m1) return month >= bins[k].m0 ? k : k - 0.5;
      return bins.length - 0.5;
    }
    const isYear = (b) => strip.bins[b].m1 > strip.bins[b].m0;
    function binLabel(b) { return isYear(b) ? String(yearOf(strip.bins[b].m0)) : monthName(strip.bins[b].m0); }

    /* events: [{lo, hi}] ISO days; undated ones have lo === "". */
    strip.setEvents = function (events) {
      const dated = events.filter((e) => e.lo).map((e) => [monthOf(e.lo), monthOf(e.hi)]);
      strip.undated = events.length - dated.length;
      strip.total = events.length;
      const years = new Map();  // year -> detailed (an event dated within less than the year)
      for (const [a, b] of dated) {
        for (let y = yearOf(a); y <= yearOf(b); y++) years.set(y, years.get(y) || b - a < 11);
      }
      strip.bins = [];
      for (const y of [...years.keys()].sort((p, q) => p - q)) {
        const gap = strip.bins.length > 0 && yearOf(strip.bins[strip.bins.length - 1].m1) !== y - 1;
        if (years.get(y)) for (let m = 0; m < 12; m++) strip.bins.push({ m0: y * 12 + m, m1: y * 12 + m, gap: gap && m === 0 });
        else strip.bins.push({ m0: y * 12, m1: y * 12 + 11, gap });
      }
      for (const bin of strip.bins) { bin.exact = 0; bin.spread = 0; }
      for (const [a, b] of dated) {
        const k0 = Math.ceil(binOf(a)), k1 = Math.floor(binOf(b));
        if (k0 === k1) strip.bins[k0].exact++;
        else for (let k = k0; k <= k1; k++) strip.bins[k].spread++;
      }
      const n = strip.bins.length;
      strip.sel = strip.sel && n ? [Math.min(strip.sel[0], n - 1), Math.min(strip.sel[1], n - 1)] : null;
      render();
    };

    /* Move the brush to cover the ISO days since..until ("" for open). */
    strip.setRange = function (since, until) {
      if (!strip.bins.length || (!since && !until)) { strip.sel = null; render(); return; }
      const n = strip.bins.length;
      const a = since ? Math.max(0, Math.ceil(binOf(monthOf(since)))) : 0;
      const b = until ? Math.min(n - 1, Math.floor(binOf(monthOf(until)))) : n - 1;
      strip.sel = a <= b ? [a, b] : null;
      render();
    };

    strip.range = function () {
      if (!strip.sel) return ["", ""];
      return [firstDay(strip.bins[strip.sel[0]].m0), lastDay(strip.bins[strip.sel[1]].m1)];
    };

    function commit() { render(); onChange(...strip.range()); }

    function counted(a, b) {
      // Events a range of bins keeps: dated inside it, or overlapping it.
      let inside = 0;
      for (let k = a; k <= b; k++) inside += strip.bins[k].exact;
      return inside;
    }

    function geometry() {
      const width = Math.max(120, box.clientWidth || 600);
      const gaps = strip.bins.filter((b) => b.gap).length;
      const bw = (width - 2 * PAD) / Math.max(1, strip.bins.length + GAP * gaps);
      const xs = [];
      let x = PAD;
      for (const bin of strip.bins) { if (bin.gap) x += GAP * bw; xs.push(x); x += bw; }
      return { width, bw, xs };
    }

    function render() {
      const { width, bw, xs } = geometry();
      canvas.setAttribute("width", width);
      canvas.setAttribute("viewBox", "0 0 " + width + " " + (BARS_H + AXIS_H));
      canvas.replaceChildren();
      const top = Math.max(1, ...strip.bins.map((b) => b.exact + b.spread));
      let lastLabelEnd = -Infinity;
      strip.bins.forEach((bin, k) => {
        const x = xs[k], w = Math.max(1, bw - 1.5);
        const inSel = strip.sel && k >= strip.sel[0] && k <= strip.sel[1];
        const room = bw > 16 ? BARS_H - 14 : BARS_H - 4;  // headroom for the count
        const hExact = (bin.exact / top) * room, hSpread = (bin.spread / top) * room;
        const group = svg("g", { class: "strip-bin" + (inSel ? " in" : "") + (isYear(k) ? " year" : ""),
          "data-bin": k, "data-month": isYear(k) ? String(yearOf(bin.m0)) : isoMonth(bin.m0),
          "data-exact": bin.exact, "data-spread": bin.spread });
        const hit = svg("rect", { x, y: 0, width: bw, height: BARS_H, class: "strip-hit" });
        const tip = svg("title");
        tip.textContent = binLabel(k) + ": " + bin.exact + " event" + (bin.exact === 1 ? "" : "s") + " dated within"
          + (bin.spread ? "; " + bin.spread + " more dated only more coarsely may fall in it" : "");
        hit.append(tip);
        group.append(hit);
        if (bin.spread) group.append(svg("rect", { x, y: BARS_H - hExact - hSpread, width: w, height: hSpread, class: "strip-spread" }));
        if (bin.exact) group.append(svg("rect", { x, y: BARS_H - hExact, width: w, height: hExact, class: "strip-bar" }));
        if (bin.exact && bw > 16) {
          const count = svg("text", { x: x + w / 2, y: BARS_H - hExact - hSpread - 3, class: "strip-count", "text-anchor": "middle" });
          count.textContent = String(bin.exact);
          group.append(count);
        }
        canvas.append(group);
        if (bin.gap) {
          const gx = x - (GAP * bw) / 2 - 1;
          const mark = svg("text", { x: gx - 3, y: BARS_H - 2, class: "strip-gap" });
          mark.textContent = "…";
          canvas.append(mark);
        }
        // A year's first bar carries the year; other months their initial or name, where there is room.
        const first = isYear(k) || bin.m0 % 12 === 0 || k === 0 || bin.gap;
        const label = first ? (isYear(k) ? String(yearOf(bin.m0)) : (bw > 30 ? MONTHS[bin.m0 % 12] + " " : "") + yearOf(bin.m0))
          : bw > 26 ? MONTHS[bin.m0 % 12] : bw > 11 ? MONTHS[bin.m0 % 12][0] : "";
        const labelWidth = label.length * 6.2;
        if (label && x >= lastLabelEnd + 3) {
          const text = svg("text", { x: x + 1, y: BARS_H + 12, class: "strip-axis" + (first ? " year" : "") });
          text.textContent = label;
          canvas.append(text);
          lastLabelEnd = x + 1 + labelWidth;
        }
      });
      canvas.append(svg("line", { x1: PAD, x2: width - PAD, y1: BARS_H + 0.5, y2: BARS_H + 0.5, class: "strip-base" }));
      if (strip.sel) {
        const x0 = xs[strip.sel[0]], x1 = xs[strip.sel[1]] + bw;
        canvas.append(svg("rect", { x: x0, y: 0.5, width: x1 - x0, height: BARS_H, class: "strip-brush" }));
        for (const x of [x0, x1]) canvas.append(svg("rect", { x: x - 2, y: 6, width: 4, height: BARS_H - 12, rx: 2, class: "strip-handle" }));
      }
      const text = strip.sel
        ? binLabel(strip.sel[0]) + (strip.sel[1] !== strip.sel[0] ? " – " + binLabel(strip.sel[1]) : "")
          + ": " + counted(strip.sel[0], strip.sel[1]) + " event" + (counted(strip.sel[0], strip.sel[1]) === 1 ? "" : "s") + " dated within"
        : strip.bins.length ? "all dates · drag across the months to filter" : "no dated events in this view";
      readout.textContent = text + (strip.undated ? " · " + strip.undated + " undated" : "");
      box.setAttribute("aria-valuemin", "0");
      box.setAttribute("aria-valuemax", String(Math.max(0, strip.bins.length - 1)));
      box.setAttribute("aria-valuenow", String(strip.sel ? strip.sel[0] : 0));
      box.setAttribute("aria-valuetext", strip.sel ? text : "all dates");
      clear.hidden = !strip.sel;
    }

    /* ---------- pointer: drag to brush ---------- */
    let drag = null;
    function binAt(clientX) {
      const { bw, xs } = geometry();
      const x = clientX - box.getBoundingClientRect().left;
      let bin = 0;
      for (let k = 0; k < xs.length; k++) if (x >= xs[k]) bin = k;
      return { bin, x, xs, bw };
    }
    box.addEventListener("pointerdown", (event) => {
      if (!strip.bins.length || event.button !== 0) return;
      const { bin, x, xs, bw } = binAt(event.clientX);
      let mode = "new";
      if (strip.sel) {
        const x0 = xs[strip.sel[0]], x1 = xs[strip.sel[1]] + bw;
        if (Math.abs(x - x0) <= EDGE_GRAB) mode = "start";
        else if (Math.abs(x - x1) <= EDGE_GRAB) mode = "end";
        else if (x > x0 && x < x1) mode = "move";
      }
      drag = { mode, anchor: bin, before: strip.sel ? strip.sel.slice() : null, moved: false };
      if (mode === "new") strip.sel = [bin, bin];
      box.setPointerCapture(event.pointerId);
      box.focus();
      render();
      event.preventDefault();
    });
    box.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const { bin } = binAt(event.clientX);
      if (bin !== drag.anchor) drag.moved = true;
      const n = strip.bins.length, [a, b] = drag.before || [bin, bin];
      if (drag.mode === "new") strip.sel = [Math.min(drag.anchor, bin), Math.max(drag.anchor, bin)];
      else if (drag.mode === "start") strip.sel = [Math.min(bin, b), Math.max(bin, b)];
      else if (drag.mode === "end") strip.sel = [Math.min(a, bin), Math.max(a, bin)];
      else {
        const shift = Math.max(-a, Math.min(n - 1 - b, bin - drag.anchor));
        strip.sel = [a + shift, b + shift];
      }
      render();
    });
    function endDrag() {
      if (!drag) return;
      const { before, moved, anchor } = drag;
      drag = null;
      // A click: pick that month, or clear when it alone was picked.
      if (!moved) strip.sel = before && before[0] === anchor && before[1] === anchor ? null : [anchor, anchor];
      commit();
    }
    box.addEventListener("pointerup", endDrag);
    box.addEventListener("pointercancel", endDrag);

    /* ---------- keyboard ---------- */
    box.addEventListener("keydown", (event) => {
      const n = strip.bins.length;
      if (!n) return;
      let [a, b] = strip.sel || [-1, -1];
      const step = event.key === "ArrowLeft" || event.key === "ArrowDown" ? -1
        : event.key === "ArrowRight" || event.key === "ArrowUp" ? 1 : 0;
      if (step) {
        if (!strip.sel) { a = b = step > 0 ? 0 : n - 1; }
        else if (event.shiftKey) b = Math.max(a, Math.min(n - 1, b + step));
        else if (a + step >= 0 && b + step < n) { a += step; b += step; }
      } else if (event.key === "Home") { const w = strip.sel ? b - a : 0; a = 0; b = w; }
      else if (event.key === "End") { const w = strip.sel ? b - a : 0; a = n - 1 - w; b = n - 1; }
      else if (event.key === "Escape" && strip.sel) { strip.sel = null; commit(); event.preventDefault(); return; }
      else return;
      strip.sel = [a, b];
      commit();
      event.preventDefault();
    });
    clear.addEventListener("click", () => { strip.sel = null; commit(); });
    if (typeof ResizeObserver === "function") new ResizeObserver(() => render()).observe(box);
    render();
    return strip;
  }

  return { createTimeStrip };
})();
