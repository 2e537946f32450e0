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

  form.addEventListener("input", updateAll);
  form.addEventListener("change", updateAll);
  updateAll();
})();
