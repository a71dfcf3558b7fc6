// Presentation mode (templates/lessons/present.html). Without this file every
// screen is a plain page with links; with it, the arrow keys and PageUp and
// PageDown (what a presenter's clicker sends) move between screens, and a
// button puts the page in full screen. The screen links are boosted by htmx,
// so moving on swaps the page in place and full screen stays on.
(function () {
  "use strict";

  function follow(rel) {
    var link = document.querySelector('.present-nav a[rel="' + rel + '"]');
    if (link) link.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      follow("next");
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      follow("prev");
    } else {
      return;
    }
    event.preventDefault();
  });

  function syncFullscreenButton() {
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

  document.addEventListener("fullscreenchange", syncFullscreenButton);
  document.addEventListener("htmx:afterSettle", syncFullscreenButton);
  syncFullscreenButton();
})();
