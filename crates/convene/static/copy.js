// Copy buttons for calendar URLs: <button data-copy="INPUT-ID" hidden>.
// The buttons stay hidden without this script; the URL can still be
// selected in its read-only field.
(function () {
  "use strict";

  function say(button, text) {
    var status = button.parentNode && button.parentNode.parentNode
      ? button.parentNode.parentNode.querySelector(".copied")
      : null;
    if (status) status.textContent = text;
  }

  function fallback(input) {
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch (e) {
      return false;
    }
  }

  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    var done = function () { say(button, button.getAttribute("data-copied") || "Copied."); };
    var failed = function () {
      if (fallback(input)) done();
      else say(button, "Select the URL and copy it.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, failed);
    } else {
      failed();
    }
  }

  function run() {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (ev) {
        copy(ev.currentTarget);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
