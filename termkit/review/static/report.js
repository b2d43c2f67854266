// termkit review report: show only the beads still to review, or all of them.
"use strict";
for (const box of document.querySelectorAll("input.only-open")) {
  box.addEventListener("change", () => {
    const table = document.getElementById(box.dataset.table);
    table.classList.toggle("only-open", box.checked);
  });
}
