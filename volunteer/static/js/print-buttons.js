// Print buttons (the call-out roster, the badge sheet, the registration poster): every
// [data-print] prints the page. No inline handlers, so the pages keep a strict CSP.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
