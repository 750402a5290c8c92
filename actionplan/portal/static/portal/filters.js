/* The project list's filters: open beside the results on a wide screen (and without
   JavaScript), folded on a phone so that the results come first. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (window.matchMedia("(min-width: 992px)").matches) return;
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (d) {
      d.removeAttribute("open");
    });
  });
})();
