/* modelzoo-docs: draws the Pareto plots <div class="mz-plot" data-figure="JSON"> and, for big figures,
 * <div class="mz-plot" data-figure-src="file.json"> (URL relative to the page). On every page; fetches the
 * vendored plotly.js (never a CDN) only for a page with a plot; runs on each page Material shows
 * (document$) and sets data-rendered="true" (the <p> inside is the fallback). Colours: Material's CSS
 * variables, by trace role (`meta`), re-applied on palette change. Click: customdata[0] is "#anchor" or
 * "PAGEKEY#anchor" (the row is on the page of this page's a[data-mz-page="PAGEKEY"]).
 * Metric pickers: <div class="mz-picker" hidden> holds a <button data-mz-show="PLOT-ID"> per metric; each
 * plot sits in a <div class="mz-choice">, all but one hidden. Shown and wired here; a hidden plot is drawn
 * (or resized and re-themed) when it is picked.
 * window.modelzooPlots = {load, palette, theme, drawn}: for explore.js (plotly's stylesheet kept and restored).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var PLOTLY = new URL("../vendor/plotly/plotly-basic.min.js", script ? script.src : location.href).href;
  var SELECTOR = ".mz-plot[data-figure],.mz-plot[data-figure-src]";
  var PICKER = ".mz-picker[hidden]";

  var loading = null;
  var drawn = [];

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY;
        tag.onload = function () {
          resolve(window.Plotly);
        };
        tag.onerror = function () {
          loading = null;
          reject(new Error("modelzoo: could not load " + PLOTLY));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  /* Instant navigation drops <head> children the new page lacks, plotly's style too: keep a copy. */
  var PLOTLY_STYLE = "plotly.js-style-global";
  var plotlyCss = "";

  function keepStyles() {
    var style = document.getElementById(PLOTLY_STYLE);
    if (style && style.sheet && style.sheet.cssRules.length) {
      plotlyCss = Array.prototype.map
        .call(style.sheet.cssRules, function (rule) {
          return rule.cssText;
        })
        .join("\n");
    }
  }

  function restoreStyles() {
    if (!plotlyCss || document.getElementById(PLOTLY_STYLE) || !document.querySelector(".mz-plot,.mz-explorer"))
      return;
    var style = document.createElement("style");
    style.id = PLOTLY_STYLE;
    style.textContent = plotlyCss;
    document.head.appendChild(style);
  }

  /* the palette's colours as rgb() */
  function palette() {
    var probe = document.createElement("span");
    probe.style.display = "none";
    document.body.appendChild(probe);
    function resolve(name) {
      probe.style.color = "var(--md-default-" + name + ")";
      return getComputedStyle(probe).color;
    }
    var c = {
      scheme: document.body.getAttribute("data-md-color-scheme") || "default",
      fg: resolve("fg-color"),
      light: resolve("fg-color--light"),
      lighter: resolve("fg-color--lighter"),
      lightest: resolve("fg-color--lightest"),
      bg: resolve("bg-color"),
      font: getComputedStyle(document.body).fontFamily,
    };
    document.body.removeChild(probe);
    return c;
  }

  /* relayout-style updates ("a.b.c": value) for the layout and for each trace role */
  function layoutTheme(c) {
    var u = {
      "font.color": c.light,
      "font.family": c.font,
      "legend.font.color": c.light,
      "hoverlabel.bgcolor": c.bg,
      "hoverlabel.bordercolor": c.lighter,
      "hoverlabel.font.color": c.fg,
      "hoverlabel.font.family": c.font,
      "modebar.bgcolor": "rgba(0,0,0,0)",
      "modebar.color": c.lighter,
      "modebar.activecolor": c.fg,
    };
    ["xaxis", "yaxis"].forEach(function (axis) {
      u[axis + ".gridcolor"] = c.lightest;
      u[axis + ".linecolor"] = c.lighter;
      u[axis + ".tickcolor"] = c.lighter;
    });
    return u;
  }

  function traceTheme(role, c) {
    if (role === "frontier") return { "line.color": c.light };
    if (role === "faint-frontier") return { "line.color": c.lighter };
    if (role === "models") return { "marker.line.color": c.bg };
    if (role === "key") return { "marker.line.color": c.light };
    if (role === "float") return { "marker.color": c.bg, "marker.line.color": c.light };
    if (role === "dumbbell") return { "line.color": c.lighter };
    return null;
  }

  function assign(target, updates) {
    Object.keys(updates).forEach(function (path) {
      var keys = path.split(".");
      var obj = target;
      for (var i = 0; i < keys.length - 1; i++) {
        if (typeof obj[keys[i]] !== "object" || obj[keys[i]] === null) obj[keys[i]] = {};
        obj = obj[keys[i]];
      }
      obj[keys[keys.length - 1]] = updates[path];
    });
  }

  /* the row when it is on this page, else the page of PAGEKEY */
  function goToRow(link) {
    var i = link.indexOf("#");
    var anchor = link.slice(i + 1);
    var row = document.getElementById(anchor);
    if (row) {
      if (location.hash === "#" + anchor) row.scrollIntoView();
      else location.hash = anchor;
      return;
    }
    var page = i > 0 && document.querySelector('a[data-mz-page="' + CSS.escape(link.slice(0, i)) + '"]');
    if (page) location.assign(page.href.split("#")[0] + "#" + anchor);
  }

  function draw(Plotly, el, c) {
    if (!el.isConnected) return Promise.resolve();
    var figure = theme(el._mzFigure, c);
    var text = el.textContent.replace(/\s+/g, " ").trim();
    el.textContent = "";
    el.setAttribute("role", "figure");
    el.setAttribute("aria-label", text);
    return Plotly.newPlot(el, figure.data, figure.layout, figure.config).then(function () {
      el.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        var data = point && point.customdata;
        if (data && typeof data[0] === "string") goToRow(data[0]);
      });
      function notKey(event) {
        return event.data[event.curveNumber].meta !== "key"; // the QAT key hides nothing
      }
      el.on("plotly_legendclick", notKey);
      el.on("plotly_legenddoubleclick", notKey);
      if (!plotlyCss) keepStyles();
      el.setAttribute("data-scheme", c.scheme);
      el.setAttribute("data-rendered", "true");
      drawn.push(el);
      // the palette may have changed while this plot was being drawn
      if (document.body.getAttribute("data-md-color-scheme") !== c.scheme) {
        return retheme(Plotly, el, palette());
      }
    });
  }

  function retheme(Plotly, el, c) {
    if (el.getAttribute("data-scheme") === c.scheme) return Promise.resolve();
    var byRole = {};
    el.data.forEach(function (trace, i) {
      (byRole[trace.meta] = byRole[trace.meta] || []).push(i);
    });
    var chain = Promise.resolve();
    Object.keys(byRole).forEach(function (role) {
      var u = traceTheme(role, c);
      if (u)
        chain = chain.then(function () {
          return Plotly.restyle(el, u, byRole[role]);
        });
    });
    return chain
      .then(function () {
        return Plotly.relayout(el, layoutTheme(c));
      })
      .then(function () {
        el.setAttribute("data-scheme", c.scheme);
      });
  }

  function shown(el) {
    return !el.closest("[hidden]");
  }

  /* the picked plot's choice shown, the others hidden; then drawn, or fitted to its width and palette */
  function pick(picker, button) {
    Array.prototype.forEach.call(picker.querySelectorAll("button[data-mz-show]"), function (b) {
      var plot = document.getElementById(b.getAttribute("data-mz-show"));
      var choice = plot && plot.closest(".mz-choice");
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
      if (choice) choice.hidden = b !== button;
    });
    var el = document.getElementById(button.getAttribute("data-mz-show"));
    if (el && drawn.indexOf(el) >= 0 && window.Plotly) {
      window.Plotly.Plots.resize(el);
      retheme(window.Plotly, el, palette());
    } else {
      renderAll();
    }
  }

  function wirePickers() {
    Array.prototype.forEach.call(document.querySelectorAll(PICKER), function (picker) {
      Array.prototype.forEach.call(picker.querySelectorAll("button[data-mz-show]"), function (b) {
        b.addEventListener("click", function () {
          pick(picker, b);
        });
      });
      picker.hidden = false;
    });
  }

  function forget() {
    drawn = drawn.filter(function (el) {
      if (el.isConnected) return true;
      if (window.Plotly) window.Plotly.purge(el);
      return false;
    });
  }

  /* parsed from data-figure, or fetched from data-figure-src */
  function figureOf(el) {
    var src = el.getAttribute("data-figure-src");
    if (src === null) return Promise.resolve(el.getAttribute("data-figure")).then(JSON.parse);
    return fetch(new URL(src, location.href)).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " " + response.url);
      return response.json();
    });
  }

  function renderAll() {
    forget();
    wirePickers();
    var pending = Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (el) {
      return !el.hasAttribute("data-rendered") && shown(el);
    });
    if (!pending.length) return;
    restoreStyles();
    var figures = pending.map(function (el) {
      el.setAttribute("data-rendered", "loading");
      return figureOf(el).then(
        function (figure) {
          el._mzFigure = figure;
          el.style.minHeight = (figure.layout.height || 300) + "px";
          return true;
        },
        function (error) {
          el.setAttribute("data-rendered", "error");
          console.warn("modelzoo: no figure for #" + el.id, error);
          return false;
        }
      );
    });
    loadPlotly()
      .then(function (Plotly) {
        var c = palette();
        return pending.reduce(function (chain, el, i) {
          return chain
            .then(function () {
              return figures[i];
            })
            .then(function (ok) {
              if (ok) return draw(Plotly, el, c);
            });
        }, Promise.resolve());
      })
      .catch(function (error) {
        pending.forEach(function (el) {
          if (el.getAttribute("data-rendered") === "loading") el.removeAttribute("data-rendered");
        });
        console.warn(error.message || error);
      });
  }

  function rethemeAll() {
    forget();
    if (!drawn.length || !window.Plotly) return;
    var c = palette();
    drawn.filter(shown).reduce(function (chain, el) {
      return chain.then(function () {
        return retheme(window.Plotly, el, c);
      });
    }, Promise.resolve());
  }

  /* a figure's layout and traces in the palette's colours */
  function theme(figure, c) {
    assign(figure.layout, layoutTheme(c));
    figure.data.forEach(function (trace) {
      var u = traceTheme(trace.meta, c);
      if (u) assign(trace, u);
    });
    return figure;
  }

  window.modelzooPlots = {
    load: loadPlotly,
    palette: palette,
    theme: theme,
    drawn: function () {
      if (!plotlyCss) keepStyles();
      else restoreStyles();
    },
  };

  new MutationObserver(restoreStyles).observe(document.head, { childList: true });
  new MutationObserver(rethemeAll).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"],
  });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
