// Print buttons on the call-out roster: no inline handlers, so the page keeps a strict CSP.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
