// Flags bad addresses in the invite box while the admin types. The server checks everything again
// on submit; this only saves a round trip. Messages come localized from data- attributes.
(function () {
  const box = document.getElementById("emails");
  const report = document.getElementById("emails-check");
  if (!box || !report) return;
  const shape = /^[^\s@"(),:;<>\[\]\\]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
  const seatsLeft = parseInt(box.dataset.seatsLeft || "0", 10);
  const format = (template, value) => template.replace("{0}", value);

  function check() {
    const entries = box.value.split(/[,;\s]+/).filter(Boolean);
    const seen = new Set();
    const problems = [];
    for (const entry of entries) {
      const key = entry.toLowerCase();
      if (!shape.test(entry)) problems.push(format(box.dataset.invalidMessage, entry));
      else if (seen.has(key)) problems.push(format(box.dataset.duplicateMessage, entry));
      seen.add(key);
    }
    if (seen.size > seatsLeft) problems.push(format(box.dataset.seatsMessage, String(seatsLeft)));
    report.replaceChildren(...problems.map(text => Object.assign(document.createElement("li"), { textContent: text })));
    box.setAttribute("aria-invalid", problems.length > 0 ? "true" : "false");
  }

  box.addEventListener("input", check);
  check();
})();
