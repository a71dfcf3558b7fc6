// Klassikaal: the board's full-screen button and the countdown of a question's
// timer, on the board and on the phones. Without this file the board works
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
      var number = timer.element.querySelector("[data-countdown]");
      if (number && number.textContent !== String(left)) number.textContent = String(left);
      return true;
    });
  }

  function ready() {
    startTimers(document);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    startTimers(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  setInterval(tick, 250);
})();
