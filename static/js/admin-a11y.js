// Django admin, WCAG 2.1 AA: names for what Django's widgets draw without one.
// - autocomplete fields (select2) draw a combobox named only by its current choice: it gets
//   the field's label;
// - the filter boxes of many-to-many fields draw an icon span with aria-label, which a span
//   may not have: it becomes an image;
// - a table that scrolls inside its box can be reached with the keyboard.
(function () {
  "use strict";

  // The element that names `select`: its label, or (in a tabular inline, which has none) a
  // hidden element holding its aria-label.
  function namingId(select) {
    const label = select.id && document.querySelector("label[for='" + select.id + "']");
    if (label) {
      label.id = label.id || select.id + "-label";
      return label.id;
    }
    const text = select.getAttribute("aria-label");
    if (!text || !select.id) return "";
    if (document.getElementById(select.id + "-name")) return select.id + "-name";
    const hidden = document.createElement("span");
    hidden.id = select.id + "-name";
    hidden.hidden = true;
    hidden.textContent = text;
    select.after(hidden);
    return hidden.id;
  }

  function name(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const box = select.parentElement.querySelector(".select2-selection[role='combobox']");
      const shown = box && box.querySelector(".select2-selection__rendered");
      const id = box && namingId(select);
      if (!id) return;
      // Named by the field's label and then the current choice; the choice itself is text.
      box.setAttribute("aria-labelledby", shown && shown.id ? id + " " + shown.id : id);
      if (shown) {
        shown.removeAttribute("role");
        shown.removeAttribute("aria-readonly");
      }
    });
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    root.querySelectorAll(".module:has(> #change-history)").forEach(function (box) {
      box.setAttribute("tabindex", "0");
    });
    // A tabular inline wider than the screen scrolls inside its box.
    root.querySelectorAll(".tabular.inline-related:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
    });
  }

  // select2 and the filter boxes are drawn by other scripts, when they are ready, and again
  // for each inline row added: name whatever appears.
  let pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    queueMicrotask(function () {
      pending = false;
      name(document);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { name(document); });
  window.addEventListener("load", function () { name(document); });
})();
