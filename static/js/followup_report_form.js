// Live calculated values in the report form. Each <output data-calc> names the inputs of its
// numerator and denominator (and their status selects) in data attributes. The server computes
// the same values on save, so the page is correct without JavaScript too.
(function () {
  const form = document.querySelector("[data-report-form]");
  if (!form) return;

  function parse(text) {
    const cleaned = (text || "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (cleaned === "" || !/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
    return Number(cleaned);
  }

  // As Indicator.calculate on the server: "uppgift saknas" in either part wins over
  // "ej aktuellt" in either part.
  const STATUS_PRECEDENCE = ["uppgift-saknas", "ej-aktuellt"];

  function part(id, statusId) {
    const input = document.getElementById(id);
    const status = document.getElementById(statusId);
    if (status && status.value !== "rapporterad") {
      return { status: status.value, label: status.options[status.selectedIndex].text };
    }
    return { number: input ? parse(input.value) : null };
  }

  function statusLabel(parts) {
    for (const status of STATUS_PRECEDENCE) {
      const found = parts.find((p) => p.status === status);
      if (found) return found.label;
    }
    return null;
  }

  function format(number, suffix) {
    const rounded = Math.round(number * 10) / 10;
    return rounded.toLocaleString("sv-SE", { maximumFractionDigits: 1, useGrouping: false }) + suffix;
  }

  function update(output) {
    const d = output.dataset;
    const numerator = part(d.numerator, d.numeratorStatus);
    const denominator = part(d.denominator, d.denominatorStatus);
    const label = statusLabel([numerator, denominator]);
    if (label) {
      output.textContent = label;
    } else if (numerator.number === null || denominator.number === null) {
      output.textContent = "–";
    } else if (denominator.number === 0) {
      output.textContent = d.msgZero;
    } else {
      output.textContent = format((numerator.number / denominator.number) * Number(d.factor), d.suffix);
    }
  }

  function updateAll() {
    form.querySelectorAll("output[data-calc]").forEach(update);
  }

  // The goal index: how many values of each goal are given (a number, or a status other than
  // rapporterad), counted as the server counts them.
  function countGoal(fieldset) {
    const rows = fieldset.querySelectorAll("[name^='number_']");
    let filled = 0;
    rows.forEach(function (input) {
      const status = form.querySelector("[name='status_" + input.name.slice(7) + "']");
      if (input.value.trim() !== "" || (status && status.value !== "rapporterad")) filled += 1;
    });
    const counter = document.querySelector("[data-index-count='" + fieldset.id + "']");
    if (counter) {
      counter.textContent = fieldset.dataset.msgCount
        .replace("%(filled)s", filled)
        .replace("%(total)s", rows.length);
    }
  }

  function updateCounts(event) {
    const fieldset = event.target.closest("[data-goal-fields]");
    if (fieldset) countGoal(fieldset);
  }

  form.addEventListener("input", updateAll);
  form.addEventListener("change", updateAll);
  form.addEventListener("input", updateCounts);
  form.addEventListener("change", updateCounts);
  updateAll();

  // A field that takes focus is never left under the sticky save bar. CSS scroll-padding does
  // this when the browser scrolls to a field; a field already on screen but under the bar
  // (the browser does not scroll then) is brought up here.
  const bar = form.querySelector(".report-actions");
  form.addEventListener("focusin", function (event) {
    if (!bar || bar.contains(event.target)) return;
    const field = event.target.getBoundingClientRect();
    const top = bar.getBoundingClientRect().top;
    if (field.bottom > top - 8) {
      window.scrollBy({ top: field.bottom - top + 16, behavior: "instant" });
    }
  });

  // After a failed save the error summary takes focus (a screen reader reads it at once), and
  // its links move focus to the field, not only the view.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[href^='#']");
      const target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      target.focus();
    });
  }
})();
