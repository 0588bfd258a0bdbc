// Adds the viewer's local time next to times the server wrote in the item's
// own zone, the body's home zone and UTC. Elements with data-start (and
// data-end) or data-at hold UTC instants ("2023-09-07T07:00:00Z");
// elements with data-viewer-zone get the viewer's zone name. Days and
// months are written in the page's language (<html lang>), on the 24-hour
// clock with the digits 0-9, as the server writes them. Without this
// script the pages are complete: this only adds "your time".
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) return;

  var root = document.documentElement;
  // English as the UN writes it (British: "Thu 7 Sept"), like the server.
  var code = root.getAttribute("lang") || "en";
  var lang = (code === "en" ? "en-GB" : code) + "-u-nu-latn";
  var yourTime = root.getAttribute("data-your-time") || "Your time";
  var dayFormat, timeFormat, keyFormat;
  try {
    dayFormat = new Intl.DateTimeFormat(lang, {
      timeZone: zone, weekday: "short", day: "numeric", month: "short"
    });
    timeFormat = new Intl.DateTimeFormat(lang, {
      timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    });
    keyFormat = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
    });
  } catch (e) {
    return;
  }

  function pieces(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return null;
    return { day: dayFormat.format(d), key: keyFormat.format(d), time: timeFormat.format(d) };
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
        el.textContent = (el.getAttribute("data-prefix") || "") + d[0] + ", " + d[1] + " (" + zone + ")";
      }
      el.setAttribute("title", yourTime + " (" + zone + ")");
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
