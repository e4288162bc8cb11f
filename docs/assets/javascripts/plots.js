/* modelzoo-docs: draws the Pareto plots <div class="mz-plot" data-figure="JSON"> and, for big figures,
 * <div class="mz-plot" data-figure-src="file.json"> (URL relative to the page). On every page; fetches the
 * vendored plotly.js (never a CDN) only for a page with a plot; runs on each page Material shows
 * (document$) and sets data-rendered="true" (the <p> inside is the fallback). Colours: Material's CSS
 * variables, by trace role (`meta`), re-applied on palette change. Click: customdata[0] is "#anchor" or
 * "PAGEKEY#anchor" (the row is on the page of this page's a[data-mz-page="PAGEKEY"]).
 * Metric pickers: <div class="mz-picker" hidden> holds a <button data-mz-show="PLOT-ID"> per metric; each
 * plot sits in a <div class="mz-choice">, all but one hidden. Shown and wired here; a hidden plot is drawn
 * (or resized and re-themed) when it is picked.
 * Points drawn at the same place (markers overlapping on screen): one hover names them all, a click opens a
 * menu of them (overlaps). The drawn plot is role="figure" (not "img": its toolbar is focusable inside
 * it), labelled by data-summary. Drawn on Material's document$, and on DOMContentLoaded for a page opened from file:// (where document$ never emits).
 * window.modelzooPlots = {load, palette, theme, overlaps, drawn}: for explore.js (plotly's stylesheet kept
 * and restored; overlaps(gd, go) wires a drawn plot's groups and clicks, go(curveNumber, pointNumber)).
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

  /* -- points drawn at the same place: one hover names them all, a click offers each.
   * Points of the "models" traces whose markers overlap on screen form a group (findGroups), recomputed
   * after every redraw (resize, zoom, legend). Each point's hovertext
   * gets the others' names (the figure's hover template shows %{hovertext}; a trace's own hovertext, as
   * the explorer's, is kept before them); a click on a point of a group opens a menu of its models. */
  var GROUP_PX = 13; // a marker's width (10 px, its outline, a diamond's corners)
  var HOVER_NAMES = 12;

  function pixelPoints(gd) {
    var xa = gd._fullLayout.xaxis;
    var ya = gd._fullLayout.yaxis;
    var out = [];
    (gd.calcdata || []).forEach(function (cd, t) {
      var trace = cd[0] && cd[0].trace;
      if (!trace || trace.meta !== "models" || trace.visible !== true) return;
      cd.forEach(function (di, j) {
        var x = xa.c2p(di.x);
        var y = ya.c2p(di.y);
        if (isFinite(x) && isFinite(y)) out.push({ t: t, j: j, x: x, y: y });
      });
    });
    return out;
  }

  /* groups of two or more points, each in drawing order: points whose markers overlap (centres less than
   * GROUP_PX apart), and so on in chains (single linkage over a grid of GROUP_PX cells). Within a marker
   * plotly's hover does not prefer the point under the mouse, so every overlapping pair must share. */
  function findGroups(points) {
    var parent = points.map(function (p, i) {
      return i;
    });
    function root(i) {
      while (parent[i] !== i) i = parent[i] = parent[parent[i]];
      return i;
    }
    var grid = {};
    points.forEach(function (p, i) {
      var cx = Math.floor(p.x / GROUP_PX);
      var cy = Math.floor(p.y / GROUP_PX);
      for (var dx = -1; dx <= 1; dx++)
        for (var dy = -1; dy <= 1; dy++) {
          (grid[cx + dx + " " + (cy + dy)] || []).forEach(function (k) {
            var q = points[k];
            if (Math.abs(q.x - p.x) < GROUP_PX && Math.abs(q.y - p.y) < GROUP_PX && Math.hypot(q.x - p.x, q.y - p.y) < GROUP_PX)
              parent[root(i)] = root(k);
          });
        }
      var key = cx + " " + cy;
      (grid[key] = grid[key] || []).push(i);
    });
    var byRoot = {};
    points.forEach(function (p, i) {
      var r = root(i);
      (byRoot[r] = byRoot[r] || []).push(p);
    });
    return Object.keys(byRoot)
      .map(function (r) {
        return byRoot[r];
      })
      .filter(function (g) {
        return g.length > 1;
      });
  }

  /* "Name (Source)" of a point, escaped for plotly as the figure's texts are */
  function label(gd, p) {
    var trace = gd.data[p.t];
    var name = Array.isArray(trace.text) ? trace.text[p.j] : trace.text || "";
    return name + " (" + (trace.name || "") + ")";
  }

  function groupLines(gd, group, p) {
    var lines = [];
    for (var k = 0; k < group.length && lines.length < HOVER_NAMES; k++)
      if (group[k] !== p) lines.push("<br>" + label(gd, group[k]));
    if (group.length - 1 > HOVER_NAMES) lines.push("<br>and " + (group.length - 1 - HOVER_NAMES) + " more");
    return "<br><b>Also here</b> (a click lists them all):" + lines.join("");
  }

  function regroup(gd) {
    if (!gd._fullLayout || !gd.calcdata) return;
    var groups = findGroups(pixelPoints(gd));
    var byPoint = {};
    var self = {};
    groups.forEach(function (g) {
      g.forEach(function (p) {
        byPoint[p.t + " " + p.j] = g;
        self[p.t + " " + p.j] = p;
      });
    });
    gd._mzGroups = byPoint;
    var stash = (gd._mzHover = gd._mzHover || {});
    var traces = [];
    var texts = [];
    gd.data.forEach(function (trace, t) {
      if (trace.meta !== "models") return;
      var kept = stash[t];
      var base = kept && trace.hovertext === kept.mine ? kept.base : trace.hovertext;
      var n = trace.x ? trace.x.length : 0;
      var text = [];
      for (var j = 0; j < n; j++) {
        var own = Array.isArray(base) ? base[j] || "" : base || "";
        var g = byPoint[t + " " + j];
        text.push(g ? own + groupLines(gd, g, self[t + " " + j]) : own);
      }
      var before = trace.hovertext;
      if (Array.isArray(before) && before.length === n && before.every(function (s, j) { return s === text[j]; })) {
        stash[t] = { base: base, mine: before };
        return;
      }
      stash[t] = { base: base, mine: text }; // restyle keeps the array (and may redraw before it resolves)
      traces.push(t);
      texts.push(text);
    });
    if (!traces.length) return;
    return window.Plotly.restyle(gd, { hovertext: texts }, traces);
  }

  /* the text plotly shows for an escaped label (entities read as such; an inert document runs nothing) */
  function plain(s) {
    return new DOMParser().parseFromString(s, "text/html").documentElement.textContent;
  }

  function closeMenu() {
    var menu = document.querySelector(".mz-plot-menu");
    if (menu) menu.parentNode.removeChild(menu);
  }

  /* a menu of the group's models by the point clicked: a button each (keyboard: arrows, Escape) */
  function openMenu(gd, group, event, go) {
    closeMenu();
    var menu = document.createElement("div");
    menu.className = "mz-plot-menu";
    menu.setAttribute("role", "menu");
    menu.setAttribute("aria-label", "Models drawn at this place");
    var st = menu.style;
    st.position = "absolute";
    st.zIndex = "4";
    st.maxHeight = "16rem";
    st.overflowY = "auto";
    st.padding = "0.2rem 0";
    st.background = "var(--md-default-bg-color)";
    st.color = "var(--md-default-fg-color)";
    st.border = "1px solid var(--md-default-fg-color--lighter)";
    st.borderRadius = "0.2rem";
    st.boxShadow = "var(--md-shadow-z2)";
    st.fontSize = "0.7rem";
    group.forEach(function (p) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("role", "menuitem");
      b.setAttribute("data-mz-point", p.t + " " + p.j);
      b.textContent = plain(label(gd, p));
      b.style.cssText = "display:block;width:100%;text-align:left;padding:0.3rem 0.7rem;border:0;background:none;color:inherit;font:inherit;cursor:pointer";
      b.addEventListener("click", function () {
        closeMenu();
        go(p.t, p.j);
      });
      menu.appendChild(b);
    });
    menu.addEventListener("keydown", function (e) {
      var items = Array.prototype.slice.call(menu.querySelectorAll("button"));
      var i = items.indexOf(document.activeElement);
      if (e.key === "Escape") closeMenu();
      else if (e.key === "ArrowDown") items[(i + 1) % items.length].focus();
      else if (e.key === "ArrowUp") items[(i + items.length - 1) % items.length].focus();
      else return;
      e.preventDefault();
    });
    // beside the plot (not inside its figure), at the point clicked
    gd.parentNode.insertBefore(menu, gd.nextSibling);
    var origin = (menu.offsetParent || document.body).getBoundingClientRect();
    var at = event && event.event;
    var box = gd.getBoundingClientRect();
    var x = at && at.clientX ? at.clientX : box.left + box.width / 2;
    var y = at && at.clientY ? at.clientY : box.top + box.height / 2;
    st.left = Math.max(0, Math.min(x - origin.left + 8, box.right - origin.left - menu.offsetWidth)) + "px";
    st.top = y - origin.top + 8 + "px";
    menu.querySelector("button").focus({ preventScroll: true });
    setTimeout(function () {
      document.addEventListener("pointerdown", function away(e) {
        if (!menu.contains(e.target)) closeMenu();
        document.removeEventListener("pointerdown", away, true);
      }, true);
    });
  }

  /* wires a drawn plot once: groups after each redraw; a click goes to the point (go(curve, point)), or
   * opens the menu of its group */
  function overlaps(gd, go) {
    if (gd._mzOverlaps) {
      gd._mzOverlaps = go;
      return regroup(gd);
    }
    gd._mzOverlaps = go;
    gd.on("plotly_afterplot", function () {
      regroup(gd);
    });
    gd.on("plotly_click", function (event) {
      var p = event && event.points && event.points[0];
      if (!p || !gd.data[p.curveNumber] || gd.data[p.curveNumber].meta !== "models") return;
      var group = gd._mzGroups && gd._mzGroups[p.curveNumber + " " + p.pointNumber];
      if (group) openMenu(gd, group, event, gd._mzOverlaps);
      else gd._mzOverlaps(p.curveNumber, p.pointNumber);
    });
    return regroup(gd);
  }

  function draw(Plotly, el, c) {
    if (!el.isConnected) return Promise.resolve();
    var figure = theme(el._mzFigure, c);
    var text = el.textContent.replace(/\s+/g, " ").trim();
    el.textContent = "";
    el.setAttribute("role", "figure"); // plotly's SVG is no text: the summary is (data-summary)
    el.setAttribute("aria-label", el.getAttribute("data-summary") || text);
    return Plotly.newPlot(el, figure.data, figure.layout, figure.config).then(function () {
      overlaps(el, function (t, j) {
        var data = el.data[t].customdata && el.data[t].customdata[j];
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
    overlaps: overlaps,
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

  /* Material's document$ emits for each page it shows (instant navigation too), but never on a page
   * opened from file://: the page is drawn once it is parsed as well. renderAll skips the plots it has
   * drawn or is drawing (data-rendered), so a page is never drawn twice. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderAll);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
