// Article view: marks up the stored article and opens on the event named in the address
// (#event-12 for stored event 12, as the dyad view links, or #sentence-e3 for the article's own e3).
"use strict";
(() => {
  const coded = JSON.parse(document.getElementById("coded-data").textContent);
  const container = document.getElementById("coded-text");
  const panel = document.getElementById("side-panel");
  Coded.render(container, panel, document.getElementById("tooltip"), coded);

  function openFromHash() {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    let index = -1;
    if (hash.startsWith("event-")) index = coded.events.findIndex((e) => String(e.event_id) === hash.slice(6));
    else if (hash.startsWith("sentence-")) index = coded.events.findIndex((e) => e.id === hash.slice(9));
    if (index >= 0) Coded.focusEvent(container, panel, index);
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  document.body.dataset.ready = "true";
})();
