// Presentation mode (templates/lessons/present.html). Without this file every
// screen is a plain page with links; with it, the arrow keys and PageUp and
// PageDown (what a presenter's clicker sends) move between screens, and a
// button puts the page in full screen. The screen links are boosted by htmx,
// so moving on swaps the page in place and full screen stays on.
//
// A demo screen has buttons, number fields and a slider. PageUp and PageDown
// always move on, wherever the focus is, so a clicker never gets stuck in a
// demo; the arrow keys stay with a field or a slider that has the focus (they
// move its caret or its value) and move on everywhere else.
(function () {
  "use strict";

  var KEEP_PAGE_KEYS = "textarea, select, [contenteditable]";
  var KEEP_ARROWS = "input, " + KEEP_PAGE_KEYS;

  function follow(rel) {
    var link = document.querySelector('.present-nav a[rel="' + rel + '"]');
    if (link) link.click();
  }

  function inside(target, selector) {
    return Boolean(target.closest && target.closest(selector));
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    var arrow = event.key === "ArrowRight" || event.key === "ArrowLeft";
    var page = event.key === "PageDown" || event.key === "PageUp";
    if (!arrow && !page) return;
    if (inside(target, arrow ? KEEP_ARROWS : KEEP_PAGE_KEYS)) return;
    event.preventDefault();
    follow(event.key === "ArrowRight" || event.key === "PageDown" ? "next" : "prev");
  });
})();
