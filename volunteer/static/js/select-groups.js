// "Select all" boxes: each [data-select-group] box ticks the boxes of its group (the review
// queue: one person's records; the people list: everyone on the page), and shows itself
// part-ticked when only some of them are.
for (const master of document.querySelectorAll("[data-select-group]")) {
  const group = master.dataset.selectGroup;
  const boxes = [...document.querySelectorAll(`input[data-group="${group}"]`)];
  master.closest(".select-all").hidden = false;
  master.addEventListener("change", () => {
    for (const box of boxes) box.checked = master.checked;
  });
  for (const box of boxes) {
    box.addEventListener("change", () => {
      const ticked = boxes.filter((b) => b.checked).length;
      master.checked = ticked === boxes.length;
      master.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }
}
