// Code text: posts the pasted article to POST /api/code and shows the answer like the article view.
"use strict";
(() => {
  const form = document.getElementById("code-form");
  const status = document.getElementById("code-status");
  const result = document.getElementById("code-result");
  const container = document.getElementById("coded-text");
  const panel = document.getElementById("side-panel");
  const tooltip = document.getElementById("tooltip");

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = { text: form.elements.text.value, headline: form.elements.headline.checked };
    if (form.elements.published.value) body.published = form.elements.published.value;
    status.className = "status";
    status.textContent = "Coding…";
    form.elements.submit.disabled = true;
    try {
      const response = await fetch("/api/code", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({ message: `the server answered ${response.status}` }));
      if (!response.ok) throw new Error(answer.message || `the server answered ${response.status}`);
      result.hidden = false;
      Coded.render(container, panel, tooltip, answer);
      const n = answer.events.length;
      status.textContent = `${n} event${n === 1 ? "" : "s"}, ${answer.actors.length} actors, ${answer.quotes.length} quotes.`;
      document.body.dataset.coded = "true";
    } catch (error) {
      status.className = "status error";
      status.textContent = `Could not code this text: ${error.message}`;
    } finally {
      form.elements.submit.disabled = false;
    }
  });
})();
