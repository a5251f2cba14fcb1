/* Node labels drawn by the page, not by vis-network: at a fixed size on
 * screen (never smaller than the kind's size, however far the graph is
 * zoomed out) and only where they fit, most important first. vis-network
 * draws a label at its font size times the zoom, so on a graph fitted to
 * the canvas every label was 5–8 px, and event titles were hidden until the
 * analyst zoomed in.
 *
 * createLabelLayer(network, info) returns { draw(ctx), placed, labelAt(x, y),
 * invalidate() }. info(id) gives { text, px, weight, colour, rank, listed,
 * dated, short } or null, where rank orders the labels (lower first), dated
 * says the last line is a date, dropped first when the whole label does not
 * fit, and short is a one-line form of an event's title, tried next. Labels
 * are drawn as text on the canvas: nothing from the data becomes markup.
 */
const mmruLabels = (function () {
  "use strict";

  const CELL = 48;          // px, the side of a cell of the collision grid
  const MAX_TRIES = 4000;   // labels tried per frame (large graphs zoomed out)
  const GAP = 2;            // px between a node and its label

  function grid() {
    const cells = new Map();
    const key = (cx, cy) => cx * 100003 + cy;
    return {
      add(box) {
        for (let cx = Math.floor(box.x0 / CELL); cx <= Math.floor(box.x1 / CELL); cx++)
          for (let cy = Math.floor(box.y0 / CELL); cy <= Math.floor(box.y1 / CELL); cy++) {
            const k = key(cx, cy);
            if (!cells.has(k)) cells.set(k, []);
            cells.get(k).push(box);
          }
      },
      hits(box, ignore) {
        for (let cx = Math.floor(box.x0 / CELL); cx <= Math.floor(box.x1 / CELL); cx++)
          for (let cy = Math.floor(box.y0 / CELL); cy <= Math.floor(box.y1 / CELL); cy++) {
            for (const other of cells.get(key(cx, cy)) || []) {
              if (other.id === ignore) continue;
              if (other.x0 < box.x1 && box.x0 < other.x1 && other.y0 < box.y1 && box.y0 < other.y1) return true;
            }
          }
        return false;
      },
    };
  }

  function createLabelLayer(network, info) {
    const widths = new Map();   // font and text -> line widths
    let order = null;           // node ids by rank, recomputed on invalidate()
    const layer = { placed: [], scale: 1 };

    function measure(ctx, font, lines) {
      const key = font + "|" + lines.join("\n");
      if (!widths.has(key)) {
        ctx.font = font;
        widths.set(key, lines.map((line) => ctx.measureText(line).width));
      }
      return widths.get(key);
    }

    layer.invalidate = function () { order = null; };

    /* extra: boxes {x0, y0, x1, y1} in DOM pixels that labels must not cover. */
    layer.draw = function (ctx, extra) {
      const body = network.body;
      const scale = network.getScale();
      const tr = body.view.translation;
      const canvas = network.canvas.frame.canvas;
      const W = canvas.clientWidth, H = canvas.clientHeight;
      const ratio = network.canvas.pixelRatio || 1;
      if (order === null) {
        const infos = new Map();
        for (const id of Object.keys(body.nodes)) {
          const node = body.nodes[id];
          const i = info(node.id);
          if (i) infos.set(node.id, i);
        }
        order = [...infos.keys()].sort((a, b) => infos.get(a).rank - infos.get(b).rank);
        layer.infos = infos;
      }
      // Labels grow a little as the analyst zooms in, never shrink below their size.
      const grow = Math.min(1.5, Math.max(1, scale));
      const obstacles = grid();
      for (const id of body.nodeIndices) {
        const node = body.nodes[id];
        const sx = node.x * scale + tr.x, sy = node.y * scale + tr.y;
        const r = Math.max(2, (node.options.size || 10) * scale);
        if (sx + r < 0 || sy + r < 0 || sx - r > W || sy - r > H) continue;
        obstacles.add({ id: node.id, x0: sx - r, y0: sy - r, x1: sx + r, y1: sy + r });
      }
      for (const box of extra || []) obstacles.add(Object.assign({ id: null }, box));
      const placed = [];
      const visible = new Set(body.nodeIndices.map(String));
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      let tries = 0;
      for (const id of order) {
        if (tries >= MAX_TRIES) break;
        if (!visible.has(String(id))) continue;
        const node = body.nodes[id];
        if (!node) continue;
        const sx = node.x * scale + tr.x, sy = node.y * scale + tr.y;
        if (sx < -200 || sy < -60 || sx > W + 200 || sy > H + 60) continue;
        tries++;
        const i = layer.infos.get(id);
        const px = Math.round(i.px * grow * 10) / 10;
        const font = i.weight + " " + px + "px system-ui, -apple-system, 'Segoe UI', sans-serif";
        const r = Math.max(2, (node.options.size || 10) * scale);
        const lineH = Math.round(px * 1.2);
        // The whole label where it fits; else an event's title without its
        // date line; else its first line, shortened.
        const forms = [i.text.split("\n")];
        if (i.dated && forms[0].length > 1) forms.push(forms[0].slice(0, -1));
        if (i.short && i.short !== forms[0][0]) forms.push([i.short]);
        if (forms[0].length > 1) forms.push([forms[0][0].replace(/[,;:]?$/, "…")]);
        else for (const cut of [22, 15]) if (forms[0][0].length > cut + 2) forms.push([forms[0][0].slice(0, cut).replace(/[\s,;:]+$/, "") + "…"]);
        let done = false;
        for (const lines of forms) {
          if (done) break;
          const lw = measure(ctx, font, lines);
          const width = Math.max(...lw), height = lineH * lines.length;
          const below = [sx - width / 2, sy + r + GAP], above = [sx - width / 2, sy - r - GAP - height];
          const right = [sx + r + GAP + 2, sy - height / 2], left = [sx - r - GAP - 2 - width, sy - height / 2];
          // Beside the node first, then at its corners: a crowded graph
          // still finds a free spot for most labels.
          const corners = [[sx + r * 0.7, sy + r * 0.7 + GAP], [sx - r * 0.7 - width, sy + r * 0.7 + GAP],
            [sx + r * 0.7, sy - r * 0.7 - GAP - height], [sx - r * 0.7 - width, sy - r * 0.7 - GAP - height]];
          const spots = i.listed ? [right] : [below, above, right, left, ...corners];
          for (const [x, y] of spots) {
          const box = { id, x0: x - 1, y0: y, x1: x + width + 1, y1: y + height };
          if (box.x0 < 0 || box.y0 < 0 || box.x1 > W || box.y1 > H) continue;
          if (obstacles.hits(box, id)) continue;
          obstacles.add(box);
          ctx.font = font;
          ctx.lineWidth = 3;
          ctx.strokeStyle = "rgba(255,255,255,0.92)";
          ctx.fillStyle = i.colour;
          lines.forEach((line, k) => {
            const lx = x + (width - lw[k]) / 2, ly = y + k * lineH;
            ctx.strokeText(line, lx, ly);
            ctx.fillText(line, lx, ly);
          });
          placed.push({ id, text: lines.join("\n"), full: i.text, px, x: box.x0, y: box.y0, w: box.x1 - box.x0, h: height });
          done = true;
          break;
          }
        }
      }
      ctx.restore();
      layer.placed = placed;
      layer.scale = scale;
    };

    /* The node whose drawn label is at (x, y) in the canvas's DOM pixels, or undefined. */
    layer.labelAt = function (x, y) {
      for (const p of layer.placed) if (x >= p.x && x <= p.x + p.w && y >= p.y && y <= p.y + p.h) return p.id;
      return undefined;
    };
    return layer;
  }

  return { createLabelLayer };
})();
