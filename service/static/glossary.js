// Words to know (reader pages): a term's first use in a section links to its definition in the section's
// "Words to know" list. Without this script the link jumps there and the definition links back. With it,
// the link opens the same definition in a popover beside the text: focus moves into it, Escape (or a
// click outside, or its Close button) closes it and puts focus back on the term. The words are the
// page's own: the definition is copied from the list, the button's label from the list's `data-close`.
(() => {
  "use strict";
  const links = document.querySelectorAll("a.term");
  if (!links.length || !HTMLElement.prototype.hasOwnProperty("popover")) return; // the links still work
  let opener = null;

  function popoverFor(link) {
    const entry = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    const definition = entry && entry.nextElementSibling;
    const list = entry && entry.closest(".words-to-know");
    if (!definition || !list) return null;
    const box = document.createElement("div");
    box.className = "term-popover";
    box.id = `${entry.id}-popover`;
    box.popover = "auto";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-labelledby", `${box.id}-title`);
    box.tabIndex = -1;
    const title = document.createElement("p");
    title.className = "term-popover-title";
    title.id = `${box.id}-title`;
    title.append(...Array.from(entry.childNodes, (node) => node.cloneNode(true)));
    box.append(title);
    for (const part of definition.children) {
      if (!part.classList.contains("term-back")) box.append(part.cloneNode(true));
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "term-popover-close";
    close.textContent = list.dataset.close || "×";
    close.addEventListener("click", () => box.hidePopover());
    box.append(close);
    for (const attribute of ["lang", "dir"]) {
      const value = entry.getAttribute(attribute);
      if (value) box.setAttribute(attribute, value);
    }
    box.addEventListener("toggle", (event) => {
      link.setAttribute("aria-expanded", String(event.newState === "open"));
      if (event.newState === "closed" && opener === link) {
        opener = null;
        link.focus();
      }
    });
    (link.closest("section") || document.getElementById("main")).append(box);
    return box;
  }

  for (const link of links) {
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-haspopup", "dialog");
    link.addEventListener("click", (event) => {
      const box = document.getElementById(`${decodeURIComponent(link.hash.slice(1))}-popover`) || popoverFor(link);
      if (!box) return; // no definition on the page: follow the link
      event.preventDefault();
      opener = link;
      box.showPopover();
      box.focus();
    });
  }
})();
