// The source–claim graph: columns of nodes (speakers at the right, then relays or
// claims, then outlets), edges as curves whose width is the number of claims.
// Drawn with createElementNS and textContent only: labels are never parsed as markup.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var COLUMNS = { speaker: 0, relay: 1, claim: 1, outlet: 2 };
  // the words come from the page (data-t-*, the server's message catalogue)
  function words(svg, key) { return svg.getAttribute("data-t-" + key) || ""; }
  var ROW = 34, BOX_H = 26, TOP = 40;

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function short(s, n) { return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  function draw(svg, graph) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var width = Math.max(svg.clientWidth || 900, 640);
    var colW = width / 3, boxW = Math.min(colW - 40, 240);
    var cols = [[], [], []];
    graph.nodes.forEach(function (n) { cols[COLUMNS[n.kind] || 0].push(n); });
    var rows = Math.max(1, cols[0].length, cols[1].length, cols[2].length);
    var height = TOP + rows * ROW + 10;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("height", height);
    var pos = {};
    cols.forEach(function (col, c) {
      var x = width - colW * c - colW / 2;  // right to left
      var offset = TOP + (rows - col.length) * ROW / 2;
      col.forEach(function (n, i) { pos[n.id] = { x: x, y: offset + i * ROW + BOX_H / 2 }; });
    });
    var kinds = {};
    graph.nodes.forEach(function (n) { kinds[COLUMNS[n.kind] || 0] = n.kind; });
    Object.keys(kinds).forEach(function (c) {
      var t = el("text", { x: width - colW * c - colW / 2, y: 18, "text-anchor": "middle", "class": "col-title" }, svg);
      t.textContent = words(svg, kinds[c]);
    });
    var edges = el("g", {}, svg);
    var maxW = 1;
    graph.edges.forEach(function (e) { maxW = Math.max(maxW, e.weight || 1); });
    graph.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (!a || !b) return;
      var x1 = a.x - boxW / 2, x2 = b.x + boxW / 2, mid = (x1 + x2) / 2;
      var p = el("path", {
        d: "M" + x1 + "," + a.y + " C" + mid + "," + a.y + " " + mid + "," + b.y + " " + x2 + "," + b.y,
        "class": "edge" + (e.label === "deny" ? " deny" : ""),
        "stroke-width": 1.5 + 5 * (e.weight || 1) / maxW
      }, edges);
      var tip = el("title", {}, p);
      tip.textContent = (e.label === "deny" || e.label === "assert" ? words(svg, e.label) : e.label || "") +
        (e.weight > 1 ? " × " + e.weight : "");
    });
    graph.nodes.forEach(function (n) {
      var p = pos[n.id];
      var g = el("g", { "class": "node k-" + n.kind + (n.polarity === "deny" ? " deny" : "") }, svg);
      var holder = g;
      if (n.kind === "speaker" && n.key) {
        holder = el("a", { href: "/speaker/" + encodeURIComponent(n.key) }, g);
      }
      el("rect", { x: p.x - boxW / 2, y: p.y - BOX_H / 2, width: boxW, height: BOX_H, rx: 7, "class": "node-box" }, holder);
      var t = el("text", { x: p.x, y: p.y + 5, "text-anchor": "middle" }, holder);
      var label = n.name || n.label;  // an outlet's Arabic name
      t.textContent = short(label, n.kind === "claim" ? 34 : 28);
      var tip = el("title", {}, holder);
      tip.textContent = label + (n.claims ? " (" + n.claims + ")" : "");
    });
  }

  document.querySelectorAll("svg.graph[data-src]").forEach(function (svg) {
    fetch(svg.getAttribute("data-src")).then(function (r) { return r.json(); }).then(function (graph) {
      if (!graph.nodes || graph.nodes.length === 0) {
        var t = el("text", { x: "50%", y: 40, "text-anchor": "middle" }, svg);
        t.textContent = words(svg, "empty");
        return;
      }
      draw(svg, graph);
      window.addEventListener("resize", function () { draw(svg, graph); });
      svg.setAttribute("data-drawn", String(graph.nodes.length));
    });
  });
})();
