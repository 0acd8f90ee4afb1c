// Renders a coded document (docs/output.md) as text with its actors, event triggers and quotes
// marked, and a side panel of its events. Shared by the article view and the Code text page.
// Article strings only ever go into textContent: no text from an article becomes markup.
"use strict";

const Coded = (() => {
  const QUADS = ["", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function signed(value) {
    if (value === null || value === undefined) return "?";
    return (value > 0 ? "+" : "") + Number(value).toFixed(1);
  }

  function placeName(coded, placeId) {
    const place = (coded.places || []).find((p) => p.id === placeId);
    return place ? place.name : null;
  }

  function eventLabel(coded, ev) {
    return {
      title: `${ev.cameo} ${ev.description || ""}`.trim(),
      lines: [
        `${ev.source_code || "?"} → ${ev.target_code || "—"}`,
        `Goldstein ${signed(ev.goldstein)} · ${QUADS[ev.quad_class] || ""}${ev.plover ? " · " + ev.plover : ""}`,
        `${ev.date || "undated"}${placeName(coded, ev.place) ? " · " + placeName(coded, ev.place) : ""}` +
          (ev.negated ? " · negated" : ""),
      ],
    };
  }

  // Every span as an annotation; the text is cut at every span edge into segments, and each
  // segment gets the classes of the annotations covering it.
  function annotations(coded) {
    const out = [];
    (coded.actors || []).forEach((actor) => {
      (actor.mentions || []).forEach(([start, end]) => out.push({
        kind: "actor", start, end,
        label: { title: actor.code || "no code", lines: [actor.name + (actor.role ? ` (${actor.role})` : ""), actor.type] },
      }));
    });
    (coded.quotes || []).forEach((quote) => {
      const [start, end] = quote.span;
      out.push({
        kind: "quote", start, end,
        label: { title: `Quote · ${quote.speaker_name || "unknown speaker"}`,
                 lines: [`${quote.kind}${quote.cue ? " · " + quote.cue : ""}${quote.via ? " · via " + quote.via : ""}`] },
      });
    });
    (coded.events || []).forEach((ev, index) => {
      out.push({ kind: "trigger", start: ev.trigger[0], end: ev.trigger[1], event: index, quad: ev.quad_class,
                 label: eventLabel(coded, ev) });
      out.push({ kind: "sentence", start: ev.sentence[0], end: ev.sentence[1], event: index });
    });
    return out.filter((a) => a.end > a.start);
  }

  function renderText(container, coded) {
    const text = coded.text || "";
    const marks = annotations(coded);
    const cuts = new Set([0, text.length]);
    marks.forEach((a) => { cuts.add(Math.max(0, Math.min(a.start, text.length))); cuts.add(Math.max(0, Math.min(a.end, text.length))); });
    const edges = [...cuts].sort((x, y) => x - y);
    const fragment = document.createDocumentFragment();
    const firstOfSentence = new Set();
    for (let i = 0; i + 1 < edges.length; i++) {
      const start = edges[i], end = edges[i + 1];
      const words = text.slice(start, end);
      const covering = marks.filter((a) => a.start <= start && a.end >= end);
      if (!covering.length) { fragment.appendChild(document.createTextNode(words)); continue; }
      const span = el("span", "", words);
      const classes = new Set(), sentences = [], labels = [];
      covering.forEach((a) => {
        if (a.kind === "sentence") { sentences.push(a.event); return; }
        classes.add("ann-" + a.kind);
        if (a.kind === "trigger") { classes.add("quad-" + a.quad); span.dataset.event = a.event; }
        labels.push(a);
      });
      span.className = [...classes].join(" ");
      if (sentences.length) span.dataset.sentences = " " + sentences.join(" ") + " ";
      sentences.forEach((index) => {
        if (!firstOfSentence.has(index)) { firstOfSentence.add(index); span.id = span.id || `sentence-${coded.events[index].id}`; }
      });
      if (labels.length) span._labels = labels.sort((x, y) => "trigger actor quote".indexOf(x.kind) - "trigger actor quote".indexOf(y.kind));
      fragment.appendChild(span);
    }
    container.replaceChildren(fragment);
    container.classList.add("rendered");
  }

  function attachTooltip(container, tooltip) {
    container.addEventListener("mouseover", (e) => {
      const span = e.target.closest("span");
      if (!span || !span._labels) { tooltip.hidden = true; return; }
      tooltip.replaceChildren();
      span._labels.forEach((a) => {
        const block = el("div", "tip-" + a.kind);
        block.appendChild(el("strong", "", a.label.title));
        a.label.lines.filter(Boolean).forEach((line) => block.appendChild(el("div", "", line)));
        tooltip.appendChild(block);
      });
      tooltip.hidden = false;
      const box = span.getBoundingClientRect();
      tooltip.style.left = `${Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + window.innerWidth - tooltip.offsetWidth - 8))}px`;
      tooltip.style.top = `${window.scrollY + box.bottom + 6}px`;
    });
    container.addEventListener("mouseleave", () => { tooltip.hidden = true; });
  }

  // Highlight one event's sentence (and its trigger) and bring it into view.
  function focusEvent(container, panel, index) {
    container.querySelectorAll(".sentence-focus").forEach((s) => s.classList.remove("sentence-focus"));
    panel.querySelectorAll(".event-item.selected").forEach((s) => s.classList.remove("selected"));
    const parts = container.querySelectorAll(`span[data-sentences*=" ${index} "]`);
    parts.forEach((s) => s.classList.add("sentence-focus"));
    const item = panel.querySelector(`.event-item[data-index="${index}"]`);
    if (item) item.classList.add("selected");
    if (parts.length) parts[0].scrollIntoView({ block: "center" });
  }

  function renderPanel(panel, container, coded) {
    panel.replaceChildren();
    const events = coded.events || [];
    panel.appendChild(el("h2", "", `${events.length} event${events.length === 1 ? "" : "s"}`));
    if (!events.length) panel.appendChild(el("p", "muted", "No events were coded in this text."));
    const list = el("ol", "event-list");
    events.forEach((ev, index) => {
      const item = el("li", "event-item");
      item.dataset.index = index;
      if (ev.event_id) item.dataset.eventId = ev.event_id;
      const head = el("div", "event-head");
      head.appendChild(el("span", `quad quad-${ev.quad_class}`, ev.cameo));
      head.appendChild(el("span", "event-desc", ev.description || ""));
      item.appendChild(head);
      item.appendChild(el("div", "event-dyad", `${ev.source_code || "?"} → ${ev.target_code || "—"}  ·  Goldstein ${signed(ev.goldstein)}`));
      const where = placeName(coded, ev.place);
      item.appendChild(el("div", "event-when", `${ev.date || "undated"}${where ? " · " + where : ""}`));
      item.tabIndex = 0;
      item.addEventListener("click", () => focusEvent(container, panel, index));
      item.addEventListener("keydown", (e) => { if (e.key === "Enter") focusEvent(container, panel, index); });
      list.appendChild(item);
    });
    panel.appendChild(list);
    const quotes = coded.quotes || [];
    if (quotes.length) panel.appendChild(el("p", "muted", `${quotes.length} quote${quotes.length === 1 ? "" : "s"} in the text.`));
  }

  function render(container, panel, tooltip, coded) {
    renderText(container, coded);
    renderPanel(panel, container, coded);
    if (!container._tooltip) { attachTooltip(container, tooltip); container._tooltip = true; }
  }

  return { render, focusEvent, el, signed };
})();
