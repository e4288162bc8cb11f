/* modelzoo-docs: the device picker of the task tables (generator.render_devices, templates/device_cell.md.j2).
 * <div class="mz-devices" hidden> holds a <button data-mz-device="ID"> per device; the devices' line under
 * each model's name (<span class="mz-dev">) holds a <span data-mz-device="ID"> per device, all but one
 * hidden (the default device's shows without JavaScript). Picking a device shows its spans, on this page
 * and (kept in localStorage) on the pages opened next. Runs on each page Material shows (document$). No
 * network, no inline script.
 */
(function () {
  "use strict";

  var KEY = "modelzoo.device";
  var SPANS = ".mz-dev [data-mz-device]";

  function saved() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null; // storage refused: every page starts on its default
    }
  }

  function save(id) {
    try {
      window.localStorage.setItem(KEY, id);
    } catch (e) {
      /* storage refused: the pick holds for this page only */
    }
  }

  function show(id) {
    Array.prototype.forEach.call(document.querySelectorAll(SPANS), function (el) {
      el.hidden = el.getAttribute("data-mz-device") !== id;
    });
    Array.prototype.forEach.call(document.querySelectorAll(".mz-devices button[data-mz-device]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-mz-device") === id ? "true" : "false");
    });
  }

  function wire() {
    var pickers = document.querySelectorAll(".mz-devices[hidden]");
    if (!pickers.length) return;
    var ids = [];
    Array.prototype.forEach.call(pickers, function (picker) {
      Array.prototype.forEach.call(picker.querySelectorAll("button[data-mz-device]"), function (b) {
        ids.push(b.getAttribute("data-mz-device"));
        b.addEventListener("click", function () {
          var id = b.getAttribute("data-mz-device");
          save(id);
          show(id);
        });
      });
      picker.hidden = false;
    });
    var id = saved();
    if (id && ids.indexOf(id) >= 0) show(id);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(wire);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
