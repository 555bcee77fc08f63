// The section workbench (/editorial/…/edit/sections/{id}): re-check the section while the author types, and
// take a suggestion in place. Everything here is optional: without it the page works by "Preview and
// check" and by the suggestions' own submit buttons. It sends the box to the page's `…/check` URL, which
// answers with the same fragment the page renders, in the editor's language; no markup is built here.
(() => {
  "use strict";
  const form = document.getElementById("section-form");
  const results = document.getElementById("section-lint");
  if (!form || !results) return;
  const box = form.elements.namedItem("markdown");
  const token = form.elements.namedItem("_csrf_token").value;
  const WAIT_MS = 350; // long enough not to check every keystroke, short enough to feel live
  let timer = 0;
  let latest = 0;

  async function check() {
    const asked = ++latest;
    const body = new URLSearchParams({ markdown: box.value, _csrf_token: token });
    let response;
    try {
      response = await fetch(form.dataset.check, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "x-csrftoken": token },
      });
    } catch {
      return; // offline or the server is restarting: the buttons still work
    }
    if (!response.ok || asked !== latest) return; // an older answer must not replace a newer one
    const fragment = new DOMParser().parseFromString(await response.text(), "text/html");
    results.replaceChildren(...fragment.body.childNodes);
    results.dataset.checked = String(asked);
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, WAIT_MS);
  }

  // A suggestion's value is "line:column:length:replacement", lines and columns from 1, in the box.
  function take(value) {
    const [line, column, length, ...rest] = value.split(":");
    const plain = rest.join(":");
    const lines = box.value.split("\n");
    const index = Number(line) - 1;
    const start = Number(column) - 1;
    const end = start + Number(length);
    if (index < 0 || index >= lines.length || end > lines[index].length) return false;
    lines[index] = lines[index].slice(0, start) + plain + lines[index].slice(end);
    const before = lines.slice(0, index).reduce((total, text) => total + text.length + 1, 0);
    box.value = lines.join("\n");
    box.focus();
    box.setSelectionRange(before + start, before + start + plain.length);
    return true;
  }

  box.addEventListener("input", later);
  results.addEventListener("click", (event) => {
    const button = event.target.closest("button[name=take]");
    if (!button) return;
    event.preventDefault();
    if (take(button.value)) check();
  });
})();
