// Review queue: a "select all" box per person ticks that person's records.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-group]").forEach(function (master) {
    var group = master.getAttribute("data-select-group");
    var boxes = document.querySelectorAll('input[data-group="' + group + '"]');
    master.closest(".select-all").hidden = false;
    master.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = master.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
        master.checked = ticked === boxes.length;
        master.indeterminate = ticked > 0 && ticked < boxes.length;
      });
    });
  });
})();
