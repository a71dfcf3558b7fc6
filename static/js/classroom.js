// Klassikaal: the countdown of a question's timer, on the board and on the
// phones, and the board's clicker keys. Without this file the board works
// the same (the page reloads itself and shows the seconds left at that moment);
// the server closes the question at its deadline whether or not this runs.
(function () {
  "use strict";

  // --- the countdown ---------------------------------------------------------
  // The server writes how many seconds were left when it made the page; the
  // countdown counts down from there on this device's own clock, so a clock
  // that is set wrong does not matter.
  var timers = [];

  function startTimers(root) {
    root.querySelectorAll("[data-seconds-left]").forEach(function (element) {
      if (element.dataset.started) return;
      element.dataset.started = "1";
      var left = parseInt(element.dataset.secondsLeft, 10);
      if (isNaN(left)) return;
      timers.push({ element: element, end: Date.now() + left * 1000 });
    });
  }

  function tick() {
    timers = timers.filter(function (timer) {
      if (!timer.element.isConnected) return false;
      var left = Math.max(0, Math.ceil((timer.end - Date.now()) / 1000));
      if (left === 0) {
        timer.element.textContent = "De tijd is om";
        timer.element.classList.add("timer--done");
        return false;
      }
      timer.element.classList.toggle("timer--ending", left <= 5);
      var number = timer.element.querySelector("[data-countdown]");
      if (number && number.textContent !== String(left)) number.textContent = String(left);
      return true;
    });
  }

  // --- the board's keys (only on the board: <body data-board>) -----------------
  // A presenter's clicker sends PageDown or ArrowRight (next) and B or "." (blank
  // screen): the next key presses the board's first step button, B hides the board
  // behind a pause screen and shows it again. The quiz itself does not pause.
  var paused = false;

  function onBoard() {
    return document.body !== null && document.body.hasAttribute("data-board");
  }

  function showPause() {
    document.querySelectorAll("[data-board-pause]").forEach(function (element) {
      element.hidden = !paused;
    });
  }

  function showKeys() {
    if (!onBoard()) return;
    document.querySelectorAll("[data-board-keys]").forEach(function (element) {
      element.hidden = false;
    });
    showPause();
  }

  document.addEventListener("keydown", function (event) {
    if (!onBoard() || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      if (paused) {
        paused = false; // like a slide show: the first press only ends the pause
        showPause();
      } else {
        var next = document.querySelector(".board-controls__steps button[type=submit]");
        if (!next) return;
        next.click();
      }
    } else if (event.key === "b" || event.key === "B" || event.key === ".") {
      paused = !paused;
      showPause();
    } else {
      return;
    }
    event.preventDefault();
  });

  function ready() {
    startTimers(document);
    showKeys();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    startTimers(event.target);
    showKeys();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  setInterval(tick, 250);
})();
