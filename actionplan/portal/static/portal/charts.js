/* Renders each [data-chart] with vega-embed, using Vega's CSP-safe expression interpreter
   (no eval), folds the chart's table away once the chart is drawn, and offers the drawn
   chart as PNG and SVG (made in the browser: no request leaves the site). */
(function () {
  "use strict";
  var views = {};
  function render(root) {
    if (!window.vegaEmbed || !window.vegaInterpreter) return;
    root.querySelectorAll("[data-chart]:not([data-rendered])").forEach(function (el) {
      var id = el.getAttribute("data-chart");
      var source = document.getElementById(id);
      if (!source) return;
      el.setAttribute("data-rendered", "pending");
      var spec = JSON.parse(source.textContent);
      // On a phone the category labels switch to their shorter forms, cut in Python so
      // that no two read the same (a pixel limit here would cut two alike to one text), and
      // the legend, which starts where the bars do, gets the width left beside the labels.
      if (el.clientWidth < 600) {
        var y = spec.encoding && spec.encoding.y;
        var labelWidth = 0;
        if (y && y.field === "label") {
          y.field = "label_short";
          y.axis = Object.assign({}, y.axis || {}, { labelLimit: 220 });
          labelWidth = 150;
        }
        spec.config.legend.labelLimit = Math.max(100, el.clientWidth - labelWidth - 50);
      }
      var options = {
        ast: true,
        expr: window.vegaInterpreter,
        actions: false,
        renderer: "svg",
        defaultStyle: false,
        tooltip: false,
      };
      var controls = el.getAttribute("data-controls");
      if (controls) options.bind = "#" + controls;
      window
        .vegaEmbed(el, spec, options)
        .then(function (result) {
          views[id] = result.view;
          el.setAttribute("data-rendered", "true");
          var svg = el.querySelector("svg");
          if (svg) svg.setAttribute("aria-hidden", "true");
          var figure = el.closest("figure") || el.parentNode;
          var details = figure.querySelector("details.chart-table");
          if (details) details.removeAttribute("open");
          figure.querySelectorAll("[data-chart-save]").forEach(function (b) { b.hidden = false; });
        })
        .catch(function (error) {
          el.setAttribute("data-rendered", "failed");
          el.hidden = true;
          if (window.console) console.error(error);
        });
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-chart-save]") : null;
    if (!button) return;
    var view = views[button.getAttribute("data-chart-save")];
    if (!view) return;
    var format = button.getAttribute("data-format");
    view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = button.getAttribute("data-filename") + "." + format;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  });
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
})();
