// The "Volledig scherm" button of the smartboard pages (the Klassikaal board and
// the lessons' presentation mode): the Fullscreen API on the whole page. The
// button stays hidden where the browser cannot go full screen.
(function () {
  "use strict";

  function syncButton() {
    var button = document.querySelector("[data-fullscreen]");
    if (!button || !document.fullscreenEnabled) return;
    button.hidden = false;
    button.setAttribute("aria-pressed", document.fullscreenElement ? "true" : "false");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fullscreen]");
    if (!button) return;
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  });

  document.addEventListener("fullscreenchange", syncButton);
  // A step swaps the whole page body in, button and all.
  document.addEventListener("htmx:afterSettle", syncButton);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", syncButton);
  } else {
    syncButton();
  }
})();
