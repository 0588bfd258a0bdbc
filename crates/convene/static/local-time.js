// Adds the viewer's local time next to times the server wrote in the item's
// own zone and in UTC. Elements with data-start (and data-end) or data-at
// hold UTC instants ("2023-09-07T07:00:00Z"); elements with
// data-viewer-zone get the viewer's zone name. Without this script the
// pages are complete: this only adds "your time".
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;

  var parts = new Intl.DateTimeFormat(undefined, {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  });

  function pieces(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return null;
    var out = {};
    parts.formatToParts(d).forEach(function (p) {
      out[p.type] = p.value;
    });
    return {
      day: out.weekday + " " + out.day + " " + out.month,
      key: out.year + "-" + out.month + "-" + out.day,
      time: out.hour + ":" + out.minute
    };
  }

  // [day, time]: ["Thu 7 Sep", "03:00-06:00"], or across midnight
  // ["Thu 7 Sep", "23:00 - Fri 8 Sep, 01:00"].
  function describe(el) {
    var start = pieces(el.getAttribute("data-start") || el.getAttribute("data-at"));
    if (!start) return null;
    var endIso = el.getAttribute("data-end");
    if (!endIso) return [start.day, start.time];
    var end = pieces(endIso);
    if (!end) return null;
    if (end.key === start.key) return [start.day, start.time + "-" + end.time];
    return [start.day, start.time + " - " + end.day + ", " + end.time];
  }

  // A table cell shows the time first and the day under it.
  function fillCell(el, d) {
    while (el.firstChild) el.removeChild(el.firstChild);
    var t = document.createElement("span");
    t.className = "t";
    t.textContent = d[1];
    var day = document.createElement("span");
    day.className = "d";
    day.textContent = d[0];
    el.appendChild(t);
    el.appendChild(document.createTextNode(" "));
    el.appendChild(day);
  }

  function run() {
    var els = document.querySelectorAll("[data-start], [data-at]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var d = describe(el);
      if (!d) continue;
      if (el.getAttribute("data-layout") === "cell") {
        fillCell(el, d);
      } else {
        el.textContent = (el.getAttribute("data-prefix") || "") + d[0] + ", " + d[1];
      }
      el.setAttribute("title", "Your time (" + zone + ")");
      el.hidden = false;
    }
    var names = document.querySelectorAll("[data-viewer-zone]");
    for (var j = 0; j < names.length; j++) names[j].textContent = zone;
    var shown = document.querySelectorAll("[data-needs-script]");
    for (var k = 0; k < shown.length; k++) shown[k].hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
