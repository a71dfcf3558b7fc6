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
})();
