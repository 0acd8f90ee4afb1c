// Network view: countries on a circle, the busiest first; one line per pair with events.
"use strict";
(() => {
  const graph = JSON.parse(document.getElementById("network-data").textContent);
  const svg = document.getElementById("network");
  const NS = "http://www.w3.org/2000/svg";
  const size = 720, centre = size / 2, radius = size / 2 - 90;

  function node(tag, attributes, text) {
    const n = document.createElementNS(NS, tag);
    Object.entries(attributes || {}).forEach(([k, v]) => n.setAttribute(k, v));
    if (text !== undefined) n.textContent = text;
    return n;
  }

  // -10 (red) .. 0 (grey) .. +10 (green)
  function goldsteinColour(value) {
    const t = Math.max(-1, Math.min(1, (value || 0) / 10));
    const mix = (a, b, f) => Math.round(a + (b - a) * f);
    const grey = [150, 150, 150], red = [192, 57, 43], green = [39, 174, 96];
    const end = t < 0 ? red : green, f = Math.abs(t) ** 0.6;
    return `rgb(${mix(grey[0], end[0], f)},${mix(grey[1], end[1], f)},${mix(grey[2], end[2], f)})`;
  }

  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  if (!graph.nodes.length) {
    svg.appendChild(node("text", { x: centre, y: centre, "text-anchor": "middle", class: "muted" }, "No events in these dates."));
    document.body.dataset.ready = "true";
    return;
  }
  const at = {};
  graph.nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / graph.nodes.length - Math.PI / 2;
    at[n.id] = { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle), angle };
  });
  const edges = node("g", { class: "edges" });
  graph.edges.forEach((e) => {
    const link = node("a", { href: `/dyad?a=${encodeURIComponent(e.a)}&b=${encodeURIComponent(e.b)}` });
    const line = node("line", {
      x1: at[e.a].x, y1: at[e.a].y, x2: at[e.b].x, y2: at[e.b].y, class: "edge",
      stroke: goldsteinColour(e.mean_goldstein), "stroke-width": 1.5 + 2 * Math.sqrt(e.events),
    });
    line.appendChild(node("title", {}, `${e.a}–${e.b}: ${e.events} events, mean Goldstein ${e.mean_goldstein}`));
    link.appendChild(line);
    edges.appendChild(link);
  });
  svg.appendChild(edges);
  const nodes = node("g", { class: "nodes" });
  graph.nodes.forEach((n) => {
    const p = at[n.id];
    const group = node("g", { class: "node", "data-country": n.id });
    const circle = node("circle", { cx: p.x, cy: p.y, r: 5 + 2.2 * Math.sqrt(n.events) });
    circle.appendChild(node("title", {}, `${n.name} (${n.id}): ${n.events} events, ${n.domestic} domestic`));
    group.appendChild(circle);
    const out = 18 + 2.2 * Math.sqrt(n.events);
    const anchor = Math.cos(p.angle) > 0.3 ? "start" : Math.cos(p.angle) < -0.3 ? "end" : "middle";
    group.appendChild(node("text", {
      x: p.x + out * Math.cos(p.angle), y: p.y + out * Math.sin(p.angle) + 4, "text-anchor": anchor,
    }, n.id));
    nodes.appendChild(group);
  });
  svg.appendChild(nodes);
  document.body.dataset.ready = "true";
})();
