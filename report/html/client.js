// The HTML report's page script (render-html.ts inlines it): the timeline on
// canvas (one draw per frame however many items: no DOM node per segment),
// its zoom and pan, the concurrency strip, and the item table with its
// filter, search and details. Reads the run from <script id="data">.
/* global document, window, requestAnimationFrame */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const items = data.report.items;
  const end = Math.max(1, data.report.durationMs || 0, ...items.map((i) => i.lambdaEndedMs || i.childEndedMs || 0));
  const COLORS = { wait: "#c9d6e8", lambda: "#2f6fd6", retry: "#f0b54a", failed: "#d64545", child: "#7a9cc6" };

  // --- the timeline: x is time (zoom and pan), y is the item (pan) ---------------
  const canvas = document.getElementById("timeline");
  const strip = document.getElementById("concurrency");
  const view = { from: 0, to: end, top: 0, rowHeight: Math.max(1, Math.min(14, 360 / Math.max(1, items.length))) };
  let pending = false;
  const redraw = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      drawTimeline();
      drawStrip();
    });
  };
  const xOf = (ms, width) => ((ms - view.from) / (view.to - view.from)) * width;

  function segments(item) {
    const out = [];
    if (item.waitStartedMs != null) out.push([item.waitStartedMs, item.waitEndedMs ?? item.lambdaStartedMs ?? end, COLORS.wait]);
    const runs = item.runs || [];
    runs.forEach((run, k) => {
      if (k > 0 && runs[k - 1].endedMs != null) out.push([runs[k - 1].endedMs, run.startedMs, COLORS.retry]);
      out.push([run.startedMs, run.endedMs ?? end, run.error ? COLORS.failed : COLORS.lambda]);
    });
    if (runs.length === 0 && item.childStartedMs != null)
      out.push([item.childStartedMs, item.childEndedMs ?? end, item.status === "FAILED" ? COLORS.failed : COLORS.child]);
    return out;
  }

  function drawTimeline() {
    const ctx = canvas.getContext("2d");
    const { width, height } = canvas;
    ctx.clearRect(0, 0, width, height);
    const first = Math.max(0, Math.floor(view.top / view.rowHeight));
    const last = Math.min(items.length, Math.ceil((view.top + height) / view.rowHeight));
    const h = Math.max(1, view.rowHeight - (view.rowHeight > 4 ? 2 : 0));
    for (let k = first; k < last; k++) {
      const y = k * view.rowHeight - view.top;
      for (const [a, b, color] of segments(items[k])) {
        const x1 = xOf(a, width);
        const x2 = xOf(b, width);
        if (x2 < 0 || x1 > width) continue;
        ctx.fillStyle = color;
        // A Lambda run or a failure stays visible however short: at least 3 px wide.
        ctx.fillRect(x1, y, Math.max(color === COLORS.wait || color === COLORS.retry ? 1 : 3, x2 - x1), h);
      }
      if (items[k].status === "FAILED") {
        ctx.fillStyle = COLORS.failed;
        ctx.fillRect(0, y, 4, Math.max(h, 2));
      }
    }
    ctx.strokeStyle = "#7b3fb3";
    for (const mark of data.executions) {
      const x = xOf(mark.startMs, width);
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height);
      ctx.stroke();
    }
    document.getElementById("axis").textContent = `${fmt(view.from)} … ${fmt(view.to)}  (items ${first}–${Math.max(first, last - 1)})`;
  }

  function drawStrip() {
    const ctx = strip.getContext("2d");
    const { width, height } = strip;
    const running = new Float64Array(width);
    for (const item of items) {
      for (const [a, b, color] of segments(item)) {
        if (color === COLORS.wait || color === COLORS.retry) continue;
        const x1 = Math.max(0, Math.floor(xOf(a, width)));
        const x2 = Math.min(width, Math.ceil(xOf(b, width)));
        for (let x = x1; x < Math.max(x2, x1 + 1); x++) running[x]++;
      }
    }
    const peak = Math.max(1, ...running);
    ctx.clearRect(0, 0, width, height);
    const scale = (n) => (n / peak) * height;
    ctx.fillStyle = COLORS.lambda;
    running.forEach((n, x) => ctx.fillRect(x, height - scale(n), 1, scale(n)));
    document.getElementById("peak").textContent = `peak ${peakRunning} running at once`;
  }

  /** The most Lambda runs (or child executions) at once, from their times: a run ending as another starts does not overlap it. */
  function peakOf() {
    const edges = [];
    for (const item of items) {
      for (const [a, b, color] of segments(item)) if (color !== COLORS.wait && color !== COLORS.retry) edges.push([a, 1], [b, -1]);
    }
    edges.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    let now = 0;
    let most = 0;
    for (const [, d] of edges) most = Math.max(most, (now += d));
    return most;
  }
  const peakRunning = peakOf();

  const fmt = (ms) => `${(ms / 1000).toFixed(3)}s`;

  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const factor = e.deltaY > 0 ? 1.25 : 0.8;
    if (e.shiftKey) {
      view.rowHeight = Math.min(40, Math.max(0.05, view.rowHeight / factor));
    } else {
      const at = view.from + (e.offsetX / canvas.width) * (view.to - view.from);
      const span = Math.max(1, (view.to - view.from) * factor);
      view.from = Math.max(0, at - ((at - view.from) / (view.to - view.from)) * span);
      view.to = Math.min(end, view.from + span);
    }
    redraw();
  });
  let drag = null;
  canvas.addEventListener("mousedown", (e) => (drag = { x: e.clientX, y: e.clientY, from: view.from, to: view.to, top: view.top }));
  window.addEventListener("mouseup", () => (drag = null));
  window.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const shift = ((drag.x - e.clientX) / canvas.width) * (drag.to - drag.from);
    const span = drag.to - drag.from;
    view.from = Math.min(Math.max(0, drag.from + shift), end - span);
    view.to = view.from + span;
    view.top = Math.max(0, drag.top + (drag.y - e.clientY));
    redraw();
  });
  document.getElementById("reset").addEventListener("click", () => {
    Object.assign(view, { from: 0, to: end, top: 0 });
    redraw();
  });

  // --- the item table: filter, search, details ------------------------------------
  const PAGE = 200;
  const text = (v) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
  const haystack = items.map((i) => [text(i.input), text(i.output), i.error || "", i.cause || ""].join("\n").toLowerCase());
  const statusBox = document.getElementById("status-filter");
  const searchBox = document.getElementById("search");
  const rows = document.getElementById("rows");
  let shown = PAGE;

  function matches() {
    const status = statusBox.value;
    const query = searchBox.value.trim().toLowerCase();
    const out = [];
    items.forEach((item, k) => {
      if (status && item.status !== status) return;
      if (query && !haystack[k].includes(query)) return;
      out.push(item);
    });
    return out;
  }

  function cell(tr, value, cls) {
    const td = document.createElement("td");
    td.textContent = value;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function renderTable() {
    const found = matches();
    rows.replaceChildren();
    for (const item of found.slice(0, shown)) {
      const tr = document.createElement("tr");
      tr.dataset.index = String(item.index);
      cell(tr, String(item.index));
      cell(tr, item.status, `status ${item.status}`);
      cell(tr, String(item.attempts ?? ""));
      cell(tr, text(item.input));
      cell(tr, item.status === "FAILED" ? `${item.error || ""}: ${item.cause || ""}` : text(item.output));
      tr.addEventListener("click", () => showItem(item));
      rows.appendChild(tr);
    }
    document.getElementById("count").textContent = `${found.length.toLocaleString("en-US")} of ${items.length.toLocaleString("en-US")} items`;
    document.getElementById("more").hidden = found.length <= shown;
  }

  function showItem(item) {
    const logs = data.logs.filter((l) => l.index === item.index).map((l) => `${fmt(l.atMs)}  ${l.line}`);
    const runs = (item.runs || []).map(
      (r, k) => `attempt ${k + 1}: ${fmt(r.startedMs)} → ${r.endedMs == null ? "…" : fmt(r.endedMs)}${r.error ? `  ${r.error}: ${r.cause || ""}` : ""}`,
    );
    const lines = [`item ${item.index}  ${item.status}`, `input   ${text(item.input)}`, `output  ${text(item.output)}`];
    if (item.error) lines.push(`error   ${item.error}`, `cause   ${item.cause || ""}`);
    document.getElementById("details").textContent = [...lines, "", ...runs, "", logs.length ? "log lines:" : "no log lines", ...logs].join("\n");
  }

  statusBox.addEventListener("change", () => ((shown = PAGE), renderTable()));
  searchBox.addEventListener("input", () => ((shown = PAGE), renderTable()));
  document.getElementById("more").addEventListener("click", () => ((shown += PAGE), renderTable()));

  redraw();
  renderTable();
  document.body.dataset.ready = "true";
})();
