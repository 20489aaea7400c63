// After a failed submit the page comes back with its mistakes marked aria-invalid (the field
// macro in templates/_macros/forms.html): put the cursor in the first one that is shown, so a
// keyboard or screen-reader user starts where the fix is, and a phone scrolls to it.
const shown = (element) =>
  typeof element.checkVisibility === "function"
    ? element.checkVisibility()
    : element.getClientRects().length > 0;

const focusFirstMistake = () => {
  const invalid = document.querySelectorAll('main [aria-invalid="true"]');
  const first = Array.from(invalid).find(shown);
  if (first) first.focus();
};

// Other modules (registration.js shows one kind's fields) have run by DOMContentLoaded.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", focusFirstMistake);
} else {
  focusFirstMistake();
}
