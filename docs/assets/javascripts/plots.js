/* modelzoo-docs: draws the Pareto plots, <div class="mz-plot" data-figure="{plotly figure JSON}">.
 *
 * - Loaded on every page (it is small). The vendored plotly.js is fetched once, and only when a page has
 *   a plot; it is served by the site itself (assets/vendor/plotly/), never from a CDN.
 * - Runs for every page Material shows, instant navigation included (document$), and marks each drawn
 *   plot with data-rendered="true". Until then the <p> inside says what the plot would show.
 * - Colours come from Material's CSS variables and follow the palette toggle (MutationObserver on the
 *   body's data-md-color-* attributes); trace roles are in each trace's `meta`.
 * - A click on a point goes to the model's row: customdata holds the row's anchor.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var PLOTLY = new URL("../vendor/plotly/plotly-basic.min.js", script ? script.src : location.href).href;
  var SELECTOR = ".mz-plot[data-figure]";
  var STYLE =
    ".md-typeset .mz-plot{margin:1em 0 .6em}" +
    ".md-typeset .mz-plot-source{max-width:32rem}" +
    ".md-typeset .mz-plot[data-rendered=true]{margin-bottom:.2em}";

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

  /* Material's instant navigation (#anchor links included) drops every <head> child that the new page
   * does not have: our style and plotly's global style (its rules are inserted with insertRule, so
   * plotly's layers lose their positioning). Keep a text copy of plotly's rules and put both back. */
  var PLOTLY_STYLE = "plotly.js-style-global";
  var plotlyCss = "";

  function putStyle(id, css) {
    if (!css || document.getElementById(id)) return;
    var style = document.createElement("style");
    style.id = id;
    style.textContent = css;
    document.head.appendChild(style);
  }

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
    if (!document.querySelector(SELECTOR)) return;
    putStyle("mz-plot-style", STYLE);
    putStyle(PLOTLY_STYLE, plotlyCss);
  }

  /* The palette's colours, resolved to rgb()/rgba() through a hidden probe element. */
  function palette() {
    var probe = document.createElement("span");
    probe.style.display = "none";
    document.body.appendChild(probe);
    function resolve(name) {
      probe.style.color = "var(" + name + ")";
      return getComputedStyle(probe).color;
    }
    var c = {
      scheme: document.body.getAttribute("data-md-color-scheme") || "default",
      fg: resolve("--md-default-fg-color"),
      light: resolve("--md-default-fg-color--light"),
      lighter: resolve("--md-default-fg-color--lighter"),
      lightest: resolve("--md-default-fg-color--lightest"),
      bg: resolve("--md-default-bg-color"),
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

  function goToRow(anchor) {
    var row = document.getElementById(anchor);
    if (!row) return;
    if (location.hash === "#" + anchor) row.scrollIntoView();
    else location.hash = anchor;
  }

  function draw(Plotly, el, c) {
    if (!el.isConnected) return Promise.resolve();
    var figure = el._mzFigure;
    assign(figure.layout, layoutTheme(c));
    figure.data.forEach(function (trace) {
      var u = traceTheme(trace.meta, c);
      if (u) assign(trace, u);
    });
    var text = el.textContent.replace(/\s+/g, " ").trim();
    el.textContent = "";
    el.setAttribute("role", "figure");
    el.setAttribute("aria-label", text);
    return Plotly.newPlot(el, figure.data, figure.layout, figure.config).then(function () {
      el.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && typeof point.customdata === "string") goToRow(point.customdata);
      });
      el.on("plotly_legendclick", function (event) {
        return event.data[event.curveNumber].meta !== "key"; // the QAT key has no points to hide
      });
      el.on("plotly_legenddoubleclick", function (event) {
        return event.data[event.curveNumber].meta !== "key";
      });
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

  function forget() {
    drawn = drawn.filter(function (el) {
      if (el.isConnected) return true;
      if (window.Plotly) window.Plotly.purge(el);
      return false;
    });
  }

  function renderAll() {
    forget();
    var pending = Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (el) {
      return !el.hasAttribute("data-rendered");
    });
    if (!pending.length) return;
    restoreStyles();
    pending = pending.filter(function (el) {
      try {
        el._mzFigure = JSON.parse(el.getAttribute("data-figure"));
      } catch (error) {
        el.setAttribute("data-rendered", "error");
        console.warn("modelzoo: invalid figure JSON in #" + el.id, error);
        return false;
      }
      el.setAttribute("data-rendered", "loading");
      el.style.minHeight = (el._mzFigure.layout.height || 300) + "px";
      return true;
    });
    loadPlotly()
      .then(function (Plotly) {
        var c = palette();
        return pending.reduce(function (chain, el) {
          return chain.then(function () {
            return draw(Plotly, el, c);
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
    drawn.reduce(function (chain, el) {
      return chain.then(function () {
        return retheme(window.Plotly, el, c);
      });
    }, Promise.resolve());
  }

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
