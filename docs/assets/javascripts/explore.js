/* modelzoo-docs: a task's explorer, <div class="mz-explorer" data-mz-explore="models.json"> (its data, as
 * generator/explore.py writes it; the URL query keys: README "Explore and download"). After plots.js, whose
 * loader and theme it uses. Data reaches the page as text (textContent, attributes, checked http(s) links),
 * never as HTML; plotly's labels are escaped. */
(function () {
  "use strict";

  var ROWS_PER_PAGE = 100;
  var PLOT_HEIGHT = 420;
  var MAX_QUERY = 200;
  var NUMBER = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;
  var current = null; // the explorer on the page

  /* -- small helpers */

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") el.textContent = v;
      else if (k in { value: 1, checked: 1, hidden: 1, disabled: 1 }) el[k] = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  var uid = 0;
  function newId() {
    uid += 1;
    return "mz-x-" + uid;
  }

  function safeHref(href) {
    try {
      var u = new URL(href, location.href);
      return u.protocol === "http:" || u.protocol === "https:" || u.protocol === "mailto:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  /* plotly reads its labels as HTML and %{...} as template fields: escape as generator/figures.py does */
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/%\{/g, "%&#123;");
  }

  function withUnit(text, unit) {
    if (!unit) return text;
    return text + (unit === "%" || unit === "‰" ? "" : " ") + unit;
  }

  function decimals(text) {
    var i = text.indexOf(".");
    return i < 0 ? 0 : text.length - i - 1;
  }

  /* a - b of two figures as written, with the decimals of the longer */
  function difference(a, b) {
    var d = Math.max(decimals(a), decimals(b));
    var v = Number(a) - Number(b);
    var out = v.toFixed(d);
    return /^-0(\.0*)?$/.test(out) ? out.slice(1) : out;
  }

  /* CSV cells that a spreadsheet would run as a formula get a leading ' (plain negative numbers excepted):
   * the rule of generator/downloads.py */
  function spreadsheetSafe(cell) {
    return /^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell) ? "'" + cell : cell;
  }

  function csvCell(cell) {
    var s = spreadsheetSafe(cell);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /* The Pareto frontier, as generator/analyse.py's pareto_front: the items no other item dominates (cost at
   * most and value at least as good, one of them strictly), ordered by cost, best value first, then input
   * order. One sort and one sweep. */
  function paretoFront(items, cost, value, higherIsBetter) {
    var sign = higherIsBetter ? 1 : -1;
    var keyed = items.map(function (item, i) {
      return { c: cost(item), v: sign * value(item), i: i, item: item };
    });
    keyed.sort(function (a, b) {
      return a.c - b.c || b.v - a.v || a.i - b.i;
    });
    var front = [];
    var best = null;
    var groupCost = null;
    var groupBest = null;
    keyed.forEach(function (k) {
      if (k.c !== groupCost) {
        if (groupBest !== null && (best === null || groupBest > best)) best = groupBest;
        groupCost = k.c;
        groupBest = k.v;
      }
      if (k.v === groupBest && (best === null || k.v > best)) front.push(k.item);
    });
    return front;
  }

  /* -- the data */

  function prepare(data) {
    var rows = data.rows.map(function (raw, i) {
      var metrics = raw.m || [];
      return {
        i: i,
        a: String(raw.a),
        n: String(raw.n),
        nl: String(raw.n).toLowerCase(),
        s: raw.s,
        d: raw.d,
        size: String(raw.i),
        sizeKey: sizeKey(String(raw.i)),
        c: raw.c === undefined ? null : String(raw.c),
        cx: raw.c === undefined ? NaN : Number(raw.c),
        m: metrics.map(function (v) {
          return v === null ? null : String(v);
        }),
        mv: metrics.map(function (v) {
          return v === null ? NaN : Number(v);
        }),
        avail: !!((raw.f || 0) & 1),
        qat: !!((raw.f || 0) & 2),
        twin: typeof raw.t === "number" ? raw.t : -1,
        href: (data.pages[raw.p || 0] || "") + "#" + raw.a,
        x: raw.x || [],
        o: raw.o || null,
        id: raw.id || "",
        v: raw.v || null,
      };
    });
    var primary = 0;
    data.metrics.forEach(function (m, k) {
      if (m.primary) primary = k;
    });
    return { data: data, rows: rows, primary: primary };
  }

  function sizeKey(text) {
    var n = (text.match(/\d+/g) || []).map(Number);
    return (n[0] || 0) * 1e7 + (n[1] || 0);
  }

  function notesText(segments) {
    return (segments || [])
      .map(function (s) {
        return typeof s === "string" ? s : s[0] + " (" + s[1] + ")";
      })
      .join("");
  }

  /* The table's columns: key (the URL's sort key), label, kind (num, text, flag), sort key of a row, its
   * text (shown, downloaded) and how its cell is drawn. */
  function columns(x, device) {
    var data = x.data;
    var rows = x.rows;
    var out = [];
    function num(key, label, title, get, unit, bestFirst) {
      out.push({
        key: key,
        label: label,
        title: title,
        kind: "num",
        unit: unit || null,
        first: bestFirst ? "-" : "",
        sort: function (r) {
          var t = get(r);
          return t === null || t === "" ? NaN : Number(t);
        },
        text: function (r) {
          var t = get(r);
          return t === null ? "" : t;
        },
      });
    }
    function text(key, label, get, kind) {
      out.push({
        key: key,
        label: label,
        kind: kind || "text",
        sort: function (r) {
          return get(r).toLowerCase();
        },
        text: get,
      });
    }
    out.push({
      key: "name",
      label: "Model",
      kind: "name",
      fixed: true,
      sort: function (r) {
        return r.nl;
      },
      text: function (r) {
        return r.n;
      },
    });
    var cx = data.complexity;
    num(cx.key, cx.label, cx.description, function (r) {
      return r.c;
    }, cx.unit);
    var order = metricOrder(x);
    order.forEach(function (k) {
      var m = data.metrics[k];
      num(m.key, m.label, m.description, function (r) {
        return r.m[k];
      }, m.unit, m.higher);
    });
    if (rows.some(function (r) { return r.twin >= 0; })) {
      var pm = data.metrics[x.primary];
      num("qat_drop", "QAT drop", "What quantization cost on " + pm.label + ": its float twin's figure minus the QAT model's", function (r) {
        return drop(x, r, x.primary);
      }, pm.unit);
    }
    text("source", "Source", function (r) {
      return data.sources[r.s].label;
    });
    text("dataset", "Dataset", function (r) {
      return data.datasets[r.d].name;
    });
    out.push({
      key: "input_size",
      label: "Input Size",
      kind: "text",
      sort: function (r) {
        return r.sizeKey;
      },
      numeric: true,
      text: function (r) {
        return r.size;
      },
    });
    if (rows.some(function (r) { return r.avail; })) {
      text("available", "Available", function (r) {
        return r.avail ? "Y" : "";
      }, "flag");
    }
    if (rows.some(function (r) { return r.qat; })) {
      text("qat", "QAT", function (r) {
        return r.qat ? "Y" : "";
      }, "flag");
    }
    data.columns.forEach(function (c, j) {
      if (!rows.some(function (r) { return r.x[j] !== null && r.x[j] !== undefined; })) return;
      text(c.key, c.label, function (r) {
        var cell = r.x[j];
        if (cell === null || cell === undefined) return "";
        return typeof cell === "string" ? cell : cell[1];
      }, c.kind === "link" ? "link" : "text");
      out[out.length - 1].column = j;
    });
    if (rows.some(function (r) { return r.o; })) {
      text("notes", "Notes", function (r) {
        return notesText(r.o);
      }, "notes");
    }
    if (rows.some(function (r) { return r.id; })) {
      text("model_id", "Model id", function (r) {
        return r.id;
      });
    }
    var dev = device && data.devices.filter(function (d) { return d.id === device; })[0];
    if (dev) {
      order.forEach(function (k) {
        var m = data.metrics[k];
        num(m.key + "@" + dev.id, m.label + " on " + dev.name, dev.provenance || null, function (r) {
          var v = r.v && r.v[dev.id];
          return v && v[m.key] !== undefined && v[m.key] !== null ? String(v[m.key]) : null;
        }, m.unit, m.higher);
      });
    }
    return out;
  }

  /* metric indices, the primary first */
  function metricOrder(x) {
    return [x.primary].concat(
      x.data.metrics.map(function (m, k) { return k; }).filter(function (k) { return k !== x.primary; })
    );
  }

  /* what quantization cost a QAT row on metric k against its float twin (positive: worse), or null */
  function drop(x, r, k) {
    if (r.twin < 0) return null;
    var twin = x.rows[r.twin];
    var a = twin.m[k];
    var b = r.m[k];
    if (a === null || b === null) return null;
    return x.data.metrics[k].higher ? difference(a, b) : difference(b, a);
  }

  /* -- the view: filters and sort, from and to the URL query */

  function readQuery(x, search) {
    var p = new URLSearchParams(search);
    var data = x.data;
    var state = { q: "", source: [], dataset: "", qat: "", available: false, max: "", min: {}, device: "", sort: "" };
    var q = p.get("q");
    if (q !== null) state.q = q.slice(0, MAX_QUERY);
    var ids = data.sources.map(function (s) {
      return s.id;
    });
    var wanted = (p.get("source") || "").split(",");
    state.source = ids.filter(function (id) {
      return wanted.indexOf(id) >= 0;
    });
    var dataset = p.get("dataset");
    if (data.datasets.some(function (d) { return d.id === dataset; })) state.dataset = dataset;
    var qat = p.get("qat");
    if (qat === "only" || qat === "none") state.qat = qat;
    state.available = p.get("available") === "y";
    var max = p.get("max_" + data.complexity.key);
    if (max !== null && NUMBER.test(max)) state.max = max.trim();
    data.metrics.forEach(function (m) {
      var v = p.get("min_" + m.key);
      if (v !== null && NUMBER.test(v)) state.min[m.key] = v.trim();
    });
    var device = p.get("device");
    if (data.devices.some(function (d) { return d.id === device; })) state.device = device;
    var sort = p.get("sort");
    if (sort) {
      var key = sort.charAt(0) === "-" ? sort.slice(1) : sort;
      if (columns(x, state.device).some(function (c) { return c.key === key; })) state.sort = sort;
    }
    return state;
  }

  function encode(v) {
    return encodeURIComponent(v).replace(/%2C/g, ",");
  }

  function writeQuery(x, state) {
    var data = x.data;
    var parts = [];
    function add(k, v) {
      parts.push(encode(k) + "=" + encode(v));
    }
    if (state.q) add("q", state.q);
    if (state.source.length) add("source", state.source.join(","));
    if (state.dataset) add("dataset", state.dataset);
    if (state.qat) add("qat", state.qat);
    if (state.available) add("available", "y");
    if (state.max) add("max_" + data.complexity.key, state.max);
    data.metrics.forEach(function (m) {
      if (state.min[m.key]) add("min_" + m.key, state.min[m.key]);
    });
    if (state.device) add("device", state.device);
    if (state.sort) add("sort", state.sort);
    return parts.length ? "?" + parts.join("&") : "";
  }

  function filter(x, state) {
    var data = x.data;
    var terms = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var sources = null;
    if (state.source.length) {
      sources = {};
      data.sources.forEach(function (s, i) {
        if (state.source.indexOf(s.id) >= 0) sources[i] = true;
      });
    }
    var dataset = -1;
    data.datasets.forEach(function (d, i) {
      if (d.id === state.dataset) dataset = i;
    });
    var max = state.max ? Number(state.max) : null;
    var mins = [];
    data.metrics.forEach(function (m, k) {
      if (state.min[m.key]) mins.push([k, Number(state.min[m.key])]);
    });
    var out = [];
    var rows = x.rows;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (terms.length && !terms.every(function (t) { return r.nl.indexOf(t) >= 0; })) continue;
      if (sources && !sources[r.s]) continue;
      if (dataset >= 0 && r.d !== dataset) continue;
      if ((state.qat === "only" && !r.qat) || (state.qat === "none" && r.qat)) continue;
      if (state.available && !r.avail) continue;
      if (max !== null && !(r.cx <= max)) continue;
      if (mins.length && !mins.every(function (km) { return r.mv[km[0]] >= km[1]; })) continue;
      if (state.device && !(r.v && r.v[state.device])) continue;
      out.push(i);
    }
    return out;
  }

  /* stable; numbers as numbers; blanks last in both directions */
  function sortRows(x, idx, state) {
    if (!state.sort) return idx;
    var desc = state.sort.charAt(0) === "-";
    var key = desc ? state.sort.slice(1) : state.sort;
    var col = x.cols.filter(function (c) { return c.key === key; })[0];
    if (!col) return idx;
    var dir = desc ? -1 : 1;
    var numeric = col.kind === "num" || col.numeric;
    // every row's key, computed once per column (the data never changes)
    var keys = x.sortKeys[key];
    if (!keys) {
      keys = x.sortKeys[key] = numeric ? new Float64Array(x.rows.length) : new Array(x.rows.length);
      x.rows.forEach(function (r, i) {
        keys[i] = col.sort(r);
      });
    }
    function blank(v) {
      return numeric ? v !== v : v === "";
    }
    return idx.slice().sort(function (a, b) {
      var ka = keys[a];
      var kb = keys[b];
      var ea = blank(ka);
      var eb = blank(kb);
      if (ea || eb) return ea === eb ? a - b : ea ? 1 : -1;
      if (ka < kb) return -dir;
      if (ka > kb) return dir;
      return a - b;
    });
  }

  /* -- the plot */

  /* the plotted dataset: the filter's, else the first with a point among the rows shown */
  function plottedDataset(x, shown) {
    var ids = x.data.datasets.map(function (d) {
      return d.id;
    });
    if (x.state.dataset) return ids.indexOf(x.state.dataset);
    for (var d = 0; d < ids.length; d++) {
      var k = plottedMetric(x, d);
      if (shown.some(function (i) { return plottable(x.rows[i], d, k); })) return d;
    }
    return 0;
  }

  function plottable(r, d, k) {
    return r.d === d && r.cx === r.cx && r.mv[k] === r.mv[k];
  }

  /* the plotted metric: the one sorted by, else the dataset's default (the first, primary first, with a point) */
  function plottedMetric(x, d) {
    var sort = x.state.sort.replace(/^-/, "");
    var data = x.data;
    for (var k = 0; k < data.metrics.length; k++) if (data.metrics[k].key === sort) return k;
    var order = metricOrder(x);
    for (var j = 0; j < order.length; j++) {
      var m = order[j];
      if (x.rows.some(function (r) { return plottable(r, d, m); })) return m;
    }
    return x.primary;
  }

  function plotSpec(x, c) {
    var data = x.data;
    var d = plottedDataset(x, x.view);
    var k = plottedMetric(x, d);
    var metric = data.metrics[k];
    var cx = data.complexity;
    var inView = {};
    x.view.forEach(function (i) {
      inView[i] = true;
    });
    var all = x.rows.filter(function (r) {
      return plottable(r, d, k);
    });
    var shown = all.filter(function (r) {
      return inView[r.i];
    });
    var front = paretoFront(shown, function (r) { return r.cx; }, function (r) { return r.mv[k]; }, metric.higher);
    x.frontier = {};
    front.forEach(function (r) {
      x.frontier[r.i] = true;
    });
    var others = data.metrics.filter(function (m, j) {
      return j !== k;
    });
    function hover(r) {
      var lines = [
        "<b>" + esc(r.n) + "</b>",
        "Source: " + esc(data.sources[r.s].label),
        "Input size: " + esc(r.size),
        esc(cx.label) + ": " + esc(withUnit(r.c, cx.unit)),
        esc(metric.label) + ": " + esc(withUnit(r.m[k], metric.unit)),
      ];
      others.forEach(function (m) {
        var j = data.metrics.indexOf(m);
        if (r.m[j] !== null) lines.push(esc(m.label) + ": " + esc(withUnit(r.m[j], m.unit)));
      });
      if (r.qat) {
        var dk = drop(x, r, k);
        if (r.twin >= 0 && dk !== null) {
          var twin = x.rows[r.twin];
          lines.push(
            "QAT model of " + esc(twin.n) + " (" + esc(withUnit(twin.m[k], metric.unit)) + "): drop " +
              esc(withUnit(dk, metric.unit))
          );
        } else lines.push("QAT model");
      }
      if (x.frontier[r.i]) lines.push("On the Pareto frontier of this view");
      lines.push("<i>Click: select its row</i>");
      return lines.join("<br>");
    }
    var X = function (r) {
      return r.cx;
    };
    var Y = function (r) {
      return r.mv[k];
    };
    function markers(name, meta, pts, marker, more) {
      var t = { type: "scatter", mode: "markers", name: name, meta: meta, x: pts.map(X), y: pts.map(Y), hoverinfo: "skip" };
      t.marker = Object.assign({ symbol: pts.map(function (r) { return r.qat ? "diamond" : "circle"; }) }, marker);
      return Object.assign(t, more);
    }
    var traces = [
      { type: "scatter", mode: "lines", name: "Pareto frontier", x: front.map(X), y: front.map(Y), line: { shape: "hv", width: 2 }, hoverinfo: "skip", meta: "frontier" },
    ];
    data.sources.forEach(function (s, si) {
      var pts = shown.filter(function (r) {
        return r.s === si;
      });
      if (pts.length)
        traces.push(
          markers(esc(s.label), "models", pts, { color: s.colour, size: 10, line: { width: 1 } }, {
            customdata: pts.map(function (r) { return r.i; }),
            text: pts.map(function (r) { return esc(r.n); }), // plots.js names a point's neighbours with it
            hovertext: pts.map(hover),
            hoverinfo: "text",
          })
        );
    });
    var dim = all.filter(function (r) {
      return !inView[r.i];
    });
    if (dim.length) traces.push(markers("Filtered out", "dim", dim, { color: c.lightest, size: 7 }));
    var sel = x.selected >= 0 && inView[x.selected] ? x.rows[x.selected] : null;
    if (sel && plottable(sel, d, k)) {
      traces.push(
        markers("Selected", "selected", [sel], { size: 20, color: "rgba(0,0,0,0)", line: { width: 2.5, color: c.fg } }, { showlegend: false })
      );
    }
    var xTitle = cx.label + " (" + (cx.unit ? cx.unit + ", " : "") + "log scale, lower is better)";
    var yTitle = metric.label + " (" + (metric.unit ? metric.unit + ", " : "") + (metric.higher ? "higher" : "lower") + " is better)";
    var figure = {
      data: traces,
      layout: {
        height: PLOT_HEIGHT,
        margin: { l: 64, r: 16, t: 12, b: 8 },
        hovermode: "closest",
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        xaxis: { type: "log", title: { text: esc(xTitle) }, automargin: true, zeroline: false, showline: true, ticks: "outside" },
        yaxis: { title: { text: esc(yTitle) }, automargin: true, zeroline: false, showline: true, ticks: "outside" },
        legend: { orientation: "h", x: 0, xanchor: "left", y: -0.19, yanchor: "top" },
        uirevision: data.datasets[d].id + " " + metric.key,
      },
      config: { displayModeBar: false, responsive: true, displaylogo: false },
    };
    var dataset = data.datasets[d].name;
    var names = front.map(function (r) {
      return r.n + " (" + data.sources[r.s].label + ")";
    });
    var text;
    if (!all.length) text = "No plot: no " + dataset + " model has both " + cx.label + " and " + metric.label + ".";
    else
      text =
        "Plot of " + metric.label + " against " + cx.label + " (log scale): " + shown.length + " of the " + all.length +
        " " + dataset + " models that have both are shown" + (dim.length ? ", the others dimmed" : "") +
        (names.length ? ". Pareto frontier of the models shown: " + names.join(", ") + "." : ".");
    return { figure: figure, text: text, empty: !all.length };
  }

  /* what the plot depends on: the rows shown (not their order), the plotted metric, the selection, palette */
  function plotKey(x) {
    var state = {};
    Object.keys(x.state).forEach(function (k) {
      if (k !== "sort") state[k] = x.state[k];
    });
    var d = plottedDataset(x, x.view);
    return JSON.stringify([state, d, plottedMetric(x, d), x.selected, document.body.getAttribute("data-md-color-scheme")]);
  }

  function drawPlot(x) {
    var api = window.modelzooPlots;
    if (!api || !x.el.plot.isConnected) return;
    var key = plotKey(x);
    if (key === x.plotted) return; // a new order of the same rows: the same plot
    x.plotted = key;
    api
      .load()
      .then(function (Plotly) {
        if (!x.el.plot.isConnected) return;
        var c = api.palette();
        var spec = plotSpec(x, c);
        x.el.plotText.textContent = spec.text;
        x.el.plot.setAttribute("aria-label", spec.text);
        x.el.plot.hidden = spec.empty;
        markFrontier(x);
        if (spec.empty) return;
        api.theme(spec.figure, c);
        api.drawn(); // plotly's stylesheet, after instant navigation
        x.scheme = c.scheme;
        return Plotly.react(x.el.plot, spec.figure.data, spec.figure.layout, spec.figure.config).then(function () {
          if (!x.wired) {
            x.wired = true;
            // a click selects the point's row; on points drawn at the same place, a menu offers each
            api.overlaps(x.el.plot, function (t, j) {
              var i = x.el.plot.data[t].customdata[j];
              if (typeof i === "number") select(x, i, true);
            });
          }
          api.drawn();
          x.el.plot.setAttribute("data-rendered", "true");
          x.el.plot.setAttribute("data-scheme", c.scheme);
        });
      })
      .catch(function (error) {
        console.warn("modelzoo: the explorer's plot", error);
      });
  }

  /* the point of row i, with plotly's hover label; or none */
  function highlight(x, i) {
    var Plotly = window.Plotly;
    var gd = x.el.plot;
    if (!Plotly || !gd._fullData) return;
    if (i < 0) {
      Plotly.Fx.unhover(gd);
      return;
    }
    for (var t = 0; t < gd._fullData.length; t++) {
      var cd = gd._fullData[t].customdata;
      var j = cd && gd._fullData[t].meta === "models" ? Array.prototype.indexOf.call(cd, i) : -1;
      if (j >= 0) {
        Plotly.Fx.hover(gd, [{ curveNumber: t, pointNumber: j }]);
        return;
      }
    }
    Plotly.Fx.unhover(gd);
  }

  /* -- the table */

  function cell(x, col, r) {
    var cls = col.kind === "num" ? "mz-num" : col.kind === "flag" ? "mz-flag" : null;
    if (col.kind === "notes" || (col.kind === "text" && col.column !== undefined)) cls = "mz-x-text";
    var td = h("td", { class: cls });
    if (col.kind === "name") {
      td.appendChild(h("a", { href: r.href, title: "Its row on the task page" }, [r.n]));
    } else if (col.kind === "link") {
      var cellData = r.x[col.column];
      var href = cellData && safeHref(cellData[1]);
      if (href) td.appendChild(h("a", { href: href }, [cellData[0]]));
    } else if (col.kind === "notes") {
      (r.o || []).forEach(function (s) {
        var link = typeof s === "string" ? null : safeHref(s[1]);
        td.appendChild(typeof s === "string" ? document.createTextNode(s) : link ? h("a", { href: link }, [s[0]]) : document.createTextNode(s[0]));
      });
    } else if (col.key === "qat_drop" && r.twin >= 0) {
      var t = col.text(r);
      td.textContent = t;
      var twin = x.rows[r.twin];
      td.title = "Float twin: " + twin.n + " (" + (twin.m[x.primary] || "no figure") + ")";
    } else {
      td.textContent = col.text(r);
    }
    return td;
  }

  function visibleColumns(x) {
    return x.cols.filter(function (c) {
      return !x.hidden[c.key];
    });
  }

  function renderHead(x) {
    var tr = h("tr");
    var sortKey = x.state.sort.replace(/^-/, "");
    var desc = x.state.sort.charAt(0) === "-";
    visibleColumns(x).forEach(function (col) {
      var sorted = col.key === sortKey;
      var button = h("button", { type: "button", "data-mz-sort": col.key, title: col.title || null }, [
        col.label,
        h("span", { class: "mz-x-arrow", "aria-hidden": "true" }, [sorted ? (desc ? " ▼" : " ▲") : ""]),
      ]);
      tr.appendChild(
        h("th", { scope: "col", class: col.kind === "num" ? "mz-num" : null, "aria-sort": sorted ? (desc ? "descending" : "ascending") : null }, [button])
      );
    });
    x.el.thead.replaceChildren(tr);
  }

  function renderBody(x) {
    var cols = visibleColumns(x);
    var start = x.page * ROWS_PER_PAGE;
    var slice = x.view.slice(start, start + ROWS_PER_PAGE);
    var frag = document.createDocumentFragment();
    var active = slice.indexOf(x.active) >= 0 ? x.active : slice[0];
    slice.forEach(function (i) {
      var r = x.rows[i];
      var tr = h("tr", {
        "data-mz-row": i,
        tabindex: i === active ? "0" : "-1",
        class: i === x.selected ? "mz-x-selected" : null,
        "aria-current": i === x.selected ? "true" : null,
      });
      cols.forEach(function (col) {
        tr.appendChild(cell(x, col, r));
      });
      frag.appendChild(tr);
    });
    x.el.tbody.replaceChildren(frag);
    markFrontier(x);
    var total = x.view.length;
    x.el.status.textContent =
      total === x.rows.length
        ? "All " + total + " models."
        : total + " of " + x.rows.length + " models match." + (total ? "" : " Change or reset the filters.");
    var pages = Math.max(1, Math.ceil(total / ROWS_PER_PAGE));
    x.el.pager.hidden = pages < 2;
    x.el.range.textContent = total ? "Rows " + (start + 1) + "–" + (start + slice.length) + " of " + total : "";
    x.el.prev.disabled = x.page === 0;
    x.el.next.disabled = x.page >= pages - 1;
  }

  function markFrontier(x) {
    Array.prototype.forEach.call(x.el.tbody.rows, function (tr) {
      var i = Number(tr.getAttribute("data-mz-row"));
      var star = tr.querySelector(".mz-x-star");
      if (x.frontier[i] && !star && tr.cells[0]) {
        tr.cells[0].appendChild(h("span", { class: "mz-x-star", title: "On the Pareto frontier of this view" }, [" ★"]));
      } else if (!x.frontier[i] && star) star.remove();
    });
  }

  function later(x) {
    clearTimeout(x.plotTimer);
    x.plotTimer = setTimeout(function () {
      drawPlot(x);
    }, 0);
  }

  /* the filters or sort changed: the table at once (and the URL), the plot after */
  function update(x, keepPage) {
    x.view = sortRows(x, filter(x, x.state), x.state);
    if (!keepPage) x.page = 0;
    renderHead(x);
    renderBody(x);
    var query = writeQuery(x, x.state);
    if (query !== location.search) history.replaceState(history.state, "", location.pathname + query + location.hash);
    later(x);
  }

  function select(x, i, fromPlot) {
    x.selected = x.selected === i && !fromPlot ? -1 : i;
    var at = x.view.indexOf(i);
    if (at >= 0) {
      x.page = Math.floor(at / ROWS_PER_PAGE);
      x.active = i;
    }
    renderBody(x);
    var tr = x.el.tbody.querySelector('tr[data-mz-row="' + i + '"]');
    if (tr) {
      tr.focus({ preventScroll: true });
      tr.scrollIntoView({ block: "nearest" });
    }
    later(x);
  }

  /* -- the controls */

  function labelled(text, control, cls) {
    var id = newId();
    control.id = id;
    return h("div", { class: "mz-x-field" + (cls ? " " + cls : "") }, [h("label", { for: id, text: text }), control]);
  }

  function buildControls(x) {
    var data = x.data;
    var s = x.state;
    var form = h("form", { class: "mz-x-filters", role: "search", "aria-label": "Filter the models" });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
    });
    var q = h("input", { type: "search", value: s.q, maxlength: MAX_QUERY, placeholder: "e.g. mobilenet", autocomplete: "off" });
    q.addEventListener("input", function () {
      s.q = q.value.slice(0, MAX_QUERY);
      update(x);
    });
    form.appendChild(labelled("Name contains", q, "mz-x-wide"));

    if (data.datasets.length > 1) {
      var ds = h("select", {}, [h("option", { value: "", text: "All datasets" })].concat(
        data.datasets.map(function (d) {
          return h("option", { value: d.id, text: d.name });
        })
      ));
      ds.value = s.dataset;
      ds.addEventListener("change", function () {
        s.dataset = ds.value;
        update(x);
      });
      form.appendChild(labelled("Dataset", ds));
    }
    var qat = h("select", {}, [
      h("option", { value: "", text: "Float and QAT" }),
      h("option", { value: "only", text: "QAT only" }),
      h("option", { value: "none", text: "Float only" }),
    ]);
    qat.value = s.qat;
    qat.addEventListener("change", function () {
      s.qat = qat.value;
      update(x);
    });
    form.appendChild(labelled("Training", qat));
    function number(text, get, set) {
      var input = h("input", { type: "text", inputmode: "decimal", value: get(), size: 7, autocomplete: "off" });
      input.addEventListener("input", function () {
        var v = input.value.trim();
        var ok = v === "" || NUMBER.test(v);
        input.setAttribute("aria-invalid", ok ? "false" : "true");
        if (ok) {
          set(v);
          update(x);
        }
      });
      form.appendChild(labelled(text, input));
      return input;
    }
    var cx = data.complexity;
    number(cx.label + " at most", function () {
      return s.max;
    }, function (v) {
      s.max = v;
    });
    data.metrics.forEach(function (m) {
      number(m.label + " at least", function () {
        return s.min[m.key] || "";
      }, function (v) {
        if (v) s.min[m.key] = v;
        else delete s.min[m.key];
      });
    });
    if (data.devices.length) {
      var dev = h("select", {}, [h("option", { value: "", text: "Any (no device figures)" })].concat(
        data.devices.map(function (d) {
          return h("option", { value: d.id, text: d.name });
        })
      ));
      dev.value = s.device;
      dev.addEventListener("change", function () {
        s.device = dev.value;
        x.cols = columns(x, s.device);
        if (!x.cols.some(function (c) { return c.key === s.sort.replace(/^-/, ""); })) s.sort = "";
        buildColumnToggles(x);
        update(x);
      });
      form.appendChild(labelled("Device", dev));
    }
    var avail = h("input", { type: "checkbox", checked: s.available });
    avail.addEventListener("change", function () {
      s.available = avail.checked;
      update(x);
    });
    var availId = newId();
    avail.id = availId;
    form.appendChild(h("div", { class: "mz-x-field mz-x-check" }, [avail, h("label", { for: availId, text: "Available models only" })]));

    var sources = h("fieldset", { class: "mz-x-sources" }, [h("legend", { text: "Sources (none ticked: all)" })]);
    data.sources.forEach(function (src) {
      var box = h("input", { type: "checkbox", value: src.id, checked: s.source.indexOf(src.id) >= 0 });
      var id = newId();
      box.id = id;
      box.addEventListener("change", function () {
        s.source = data.sources
          .map(function (o) {
            return o.id;
          })
          .filter(function (sid) {
            return sid === src.id ? box.checked : s.source.indexOf(sid) >= 0;
          });
        update(x);
      });
      sources.appendChild(
        h("span", { class: "mz-x-source" }, [box, h("span", { class: "mz-x-swatch", style: "background-color:" + src.colour, "aria-hidden": "true" }), h("label", { for: id, text: src.label })])
      );
    });
    form.appendChild(sources);
    x.el.toggles = h("fieldset", { class: "mz-x-columns", hidden: true });
    x.el.toggles.id = newId();
    var more = h("button", { type: "button", "aria-expanded": "false", "aria-controls": x.el.toggles.id, text: "Columns…" });
    more.addEventListener("click", function () {
      var open = x.el.toggles.hidden;
      x.el.toggles.hidden = !open;
      more.setAttribute("aria-expanded", open ? "true" : "false");
    });
    form.appendChild(more);
    form.appendChild(x.el.toggles);
    var reset = h("button", { type: "button", class: "mz-x-reset", text: "Reset the view" });
    reset.addEventListener("click", function () {
      x.state = readQuery(x, "");
      rebuild(x);
    });
    form.appendChild(reset);
    return form;
  }

  function buildColumnToggles(x) {
    var box = x.el.toggles;
    box.replaceChildren(h("legend", { text: "Columns shown" }));
    x.cols.forEach(function (col) {
      if (col.fixed) return;
      var input = h("input", { type: "checkbox", checked: !x.hidden[col.key], "aria-label": "Show the " + col.label + " column" });
      var id = newId();
      input.id = id;
      input.addEventListener("change", function () {
        if (input.checked) delete x.hidden[col.key];
        else x.hidden[col.key] = true;
        renderHead(x);
        renderBody(x);
      });
      box.appendChild(h("span", { class: "mz-x-toggle" }, [input, h("label", { for: id, text: col.label })]));
    });
  }

  /* -- downloads of the view */

  function viewRecords(x) {
    var cols = visibleColumns(x);
    return {
      cols: cols,
      rows: x.view.map(function (i) {
        var r = x.rows[i];
        return { r: r, cells: cols.map(function (c) { return c.text(r); }) };
      }),
    };
  }

  function download(x, kind) {
    var view = viewRecords(x);
    var name = x.data.task.id + "-view." + kind;
    var text;
    if (kind === "csv") {
      var lines = [["id"].concat(view.cols.map(function (c) { return c.key; })).map(csvCell).join(",")];
      view.rows.forEach(function (row) {
        lines.push([row.r.a].concat(row.cells).map(csvCell).join(","));
      });
      text = lines.join("\n") + "\n";
    } else {
      text =
        JSON.stringify(
          {
            task: x.data.task.id,
            view: location.href,
            columns: view.cols.map(function (c) {
              return { key: c.key, label: c.label, unit: c.unit || null };
            }),
            models: view.rows.map(function (row) {
              var out = { id: row.r.a, url: new URL(row.r.href, location.href).href };
              view.cols.forEach(function (c, j) {
                out[c.key] = row.cells[j] === "" ? null : row.cells[j];
              });
              return out;
            }),
          },
          null,
          1
        ) + "\n";
    }
    var blob = new Blob([text], { type: kind === "csv" ? "text/csv" : "application/json" });
    var url = URL.createObjectURL(blob);
    var a = h("a", { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  /* -- building and wiring */

  function rebuild(x) {
    x.cols = columns(x, x.state.device);
    var form = buildControls(x);
    x.el.controls.replaceChildren(form);
    buildColumnToggles(x);
    update(x);
  }

  function rowOf(event) {
    var tr = event.target.closest && event.target.closest("tr[data-mz-row]");
    return tr ? Number(tr.getAttribute("data-mz-row")) : -1;
  }

  function build(root, data) {
    var x = prepare(data);
    x.root = root;
    x.selected = -1;
    x.active = -1;
    x.page = 0;
    x.hidden = data.datasets.length > 1 ? {} : { dataset: true }; // one dataset: shown in the plot's text
    x.sortKeys = {};
    x.plotted = null;
    x.frontier = {};
    var search = location.search;
    if (startQuery !== null) {
      if (location.pathname === startPath) search = startQuery; // the page as it was opened (see closeSearch)
      startQuery = null;
    }
    x.state = readQuery(x, search);
    var el = (x.el = {});
    el.controls = h("div", { class: "mz-x-controls" });
    el.status = h("p", { class: "mz-x-status", role: "status" });
    el.plot = h("div", { class: "mz-plot mz-x-plot", id: "mz-x-plot", role: "figure", "aria-label": "The plot of the models shown" });
    el.plotText = h("p", { class: "mz-x-plot-text" });
    el.thead = h("thead");
    el.tbody = h("tbody");
    var caption = h("caption", { class: "mz-x-hidden", text: "Models of " + data.task.title + " that match the filters" });
    // the page's texts (explore.md.j2), shown now
    var help = root.querySelector(".mz-x-help") || h("p");
    var downloads = root.querySelector(".mz-x-download") || h("p");
    help.hidden = downloads.hidden = false;
    el.table = h("table", { class: "mz-x-table" }, [caption, el.thead, el.tbody]);
    el.scroll = h("div", { class: "mz-x-scroll", tabindex: "0", role: "region", "aria-label": "Models of " + data.task.title }, [el.table]);
    el.prev = h("button", { type: "button", text: "Previous rows" });
    el.next = h("button", { type: "button", text: "Next rows" });
    el.range = h("span", { class: "mz-x-range" });
    el.pager = h("div", { class: "mz-x-pager" }, [el.prev, el.range, el.next]);
    var csv = h("button", { type: "button", "data-mz-download": "csv", text: "CSV" });
    var json = h("button", { type: "button", "data-mz-download": "json", text: "JSON" });
    downloads.append(" ", csv, " ", json);

    el.prev.addEventListener("click", function () {
      x.page = Math.max(0, x.page - 1);
      renderBody(x);
    });
    el.next.addEventListener("click", function () {
      x.page += 1;
      renderBody(x);
    });
    csv.addEventListener("click", function () {
      download(x, "csv");
    });
    json.addEventListener("click", function () {
      download(x, "json");
    });
    el.thead.addEventListener("click", function (event) {
      var b = event.target.closest && event.target.closest("button[data-mz-sort]");
      if (!b) return;
      var key = b.getAttribute("data-mz-sort");
      var col = x.cols.filter(function (c) { return c.key === key; })[0];
      // a metric's best first, anything else in ascending order; a second click turns it round
      var first = (col && col.first ? "-" : "") + key;
      var second = first.charAt(0) === "-" ? key : "-" + key;
      x.state.sort = x.state.sort === first ? second : first;
      update(x);
      var again = x.el.thead.querySelector('button[data-mz-sort="' + CSS.escape(key) + '"]');
      if (again) again.focus();
    });
    el.tbody.addEventListener("click", function (event) {
      var i = rowOf(event);
      if (i < 0 || (event.target.closest && event.target.closest("a"))) return;
      select(x, i, false);
    });
    el.tbody.addEventListener("mouseover", function (event) {
      var i = rowOf(event);
      if (i !== x.hovered) {
        x.hovered = i;
        highlight(x, i);
      }
    });
    el.tbody.addEventListener("mouseleave", function () {
      x.hovered = -1;
      highlight(x, -1);
    });
    el.tbody.addEventListener("focusin", function (event) {
      var i = rowOf(event);
      if (i >= 0 && event.target.matches("tr")) {
        Array.prototype.forEach.call(el.tbody.rows, function (tr) {
          tr.tabIndex = tr === event.target ? 0 : -1;
        });
        x.active = i;
        highlight(x, i);
      }
    });
    el.tbody.addEventListener("keydown", function (event) {
      var tr = event.target;
      if (!tr.matches || !tr.matches("tr[data-mz-row]")) return;
      var next = null;
      if (event.key === "ArrowDown") next = tr.nextElementSibling;
      else if (event.key === "ArrowUp") next = tr.previousElementSibling;
      else if (event.key === "Home") next = el.tbody.firstElementChild;
      else if (event.key === "End") next = el.tbody.lastElementChild;
      else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(x, Number(tr.getAttribute("data-mz-row")), false);
        return;
      } else return;
      event.preventDefault();
      if (next) next.focus();
    });

    root.replaceChildren(el.controls, el.status, el.plot, el.plotText, help, el.scroll, el.pager, downloads);
    root.setAttribute("data-ready", "true");
    current = x;
    rebuild(x);
    return x;
  }

  function forget() {
    if (current && !current.root.isConnected) {
      if (window.Plotly) window.Plotly.purge(current.el.plot);
      current = null;
    }
  }

  /* Material opens its search for a URL with ?q= (it reads the query once, before this script runs) and
   * takes q out of the URL whenever the search closes. On an explorer q is the explorer's: the search is
   * closed again at once (before the page is first painted), the explorer starts from the query as it was,
   * and puts q back after Material takes it out. */
  var startQuery = location.search;
  var startPath = location.pathname;

  function closeSearch() {
    if (!document.querySelector(".mz-explorer[data-mz-explore]")) return;
    if (!new URLSearchParams(startQuery).has("q")) return;
    var input = document.querySelector("[data-md-component=search-query]");
    if (input) {
      input.value = "";
      input.blur();
    }
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function keepQuery() {
    setTimeout(function () {
      if (!current || !current.root.isConnected) return;
      var query = writeQuery(current, current.state);
      if (query !== location.search) history.replaceState(history.state, "", location.pathname + query + location.hash);
    }, 0);
  }

  function init() {
    forget();
    var root = document.querySelector(".mz-explorer[data-mz-explore]");
    if (!root || root.hasAttribute("data-ready") || root.hasAttribute("data-loading")) return;
    root.setAttribute("data-loading", "true");
    fetch(new URL(root.getAttribute("data-mz-explore"), location.href))
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " " + response.url);
        return response.json();
      })
      .then(function (data) {
        root.removeAttribute("data-loading");
        if (root.isConnected) build(root, data);
      })
      .catch(function (error) {
        root.removeAttribute("data-loading");
        root.setAttribute("data-ready", "error");
        console.warn("modelzoo: the explorer's data", error);
      });
  }

  /* the palette changed: the plot in its colours */
  new MutationObserver(function () {
    if (current && current.root.isConnected && current.scheme !== document.body.getAttribute("data-md-color-scheme"))
      drawPlot(current);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme", "data-md-color-primary", "data-md-color-accent"] });

  closeSearch();
  var searchToggle = document.getElementById("__search");
  if (searchToggle) searchToggle.addEventListener("change", keepQuery);

  window.modelzooExplore = {
    paretoFront: paretoFront,
    spreadsheetSafe: spreadsheetSafe,
    current: function () {
      return current;
    },
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
