/* Renders each [data-chart] with vega-embed, using Vega's CSP-safe expression interpreter
   (no eval), and folds the chart's table away once the chart is drawn. */
(function () {
  "use strict";
  function render(root) {
    if (!window.vegaEmbed || !window.vegaInterpreter) return;
    root.querySelectorAll("[data-chart]:not([data-rendered])").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) return;
      el.setAttribute("data-rendered", "pending");
      var spec = JSON.parse(source.textContent);
      // On a phone, long category labels would squeeze the bars to nothing.
      if (el.clientWidth < 600) {
        var limit = Math.max(90, Math.floor(el.clientWidth * 0.4));
        spec.config.axis.labelLimit = limit;
        spec.config.legend.labelLimit = el.clientWidth - 40;
        if (spec.encoding && spec.encoding.y && spec.encoding.y.axis) {
          spec.encoding.y.axis.labelLimit = limit;
        }
      }
      window
        .vegaEmbed(el, spec, {
          ast: true,
          expr: window.vegaInterpreter,
          actions: false,
          renderer: "svg",
          defaultStyle: false,
          tooltip: false,
        })
        .then(function () {
          el.setAttribute("data-rendered", "true");
          var svg = el.querySelector("svg");
          if (svg) svg.setAttribute("aria-hidden", "true");
          var details = el.parentNode.querySelector("details.chart-table");
          if (details) details.removeAttribute("open");
        })
        .catch(function (error) {
          el.setAttribute("data-rendered", "failed");
          el.hidden = true;
          if (window.console) console.error(error);
        });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
})();
