// Map: country outlines from the bundled Natural Earth file (no tile server) and one circle per place.
"use strict";
(() => {
  const places = JSON.parse(document.getElementById("map-data").textContent);
  const box = document.getElementById("map");
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 8, attributionControl: true }).setView([20, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Leaflet · Natural Earth");
  const involved = new Set(places.map((p) => p.country));

  function colour(value) {
    if (value >= 1) return "#27ae60";
    if (value <= -1) return "#c0392b";
    return "#7f8c8d";
  }

  function popup(place) {
    const root = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = `${place.name} · ${place.events} event${place.events === 1 ? "" : "s"}`;
    root.appendChild(title);
    const list = document.createElement("ul");
    place.latest.forEach((ev) => {
      const item = document.createElement("li");
      item.textContent = `${ev.date || "undated"} ${ev.source_code || "?"} ${ev.cameo} ${ev.description} → ${ev.target_code || "—"}`;
      list.appendChild(item);
    });
    root.appendChild(list);
    return root;
  }

  fetch(box.dataset.world).then((r) => r.json()).then((world) => {
    L.geoJSON(world, {
      style: (f) => ({ color: "#8a9bab", weight: 0.7, fillColor: involved.has(f.properties.iso_a3) ? "#f3e7c9" : "#fbfaf6", fillOpacity: 1 }),
      onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name, { sticky: true }),
    }).addTo(map).bringToBack();
    document.body.dataset.world = "true";
  });
  const markers = places.map((place) => L.circleMarker([place.lat, place.lon], {
    radius: 5 + 3 * Math.sqrt(place.events), color: "#222", weight: 1, fillColor: colour(place.mean_goldstein), fillOpacity: 0.85,
  }).bindPopup(popup(place)).addTo(map));
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.4), { maxZoom: 4 });
  document.body.dataset.ready = "true";
})();
