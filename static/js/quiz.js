// The quiz with htmx: answers and next questions swap the question area in place.
// Without this file (or without JavaScript) the quiz works as plain forms.
// A refused answer (400 or 409, with the question and a Dutch message) is
// swapped in like any other answer: htmx-config in templates/_htmx.html says so.
(function () {
  "use strict";

  // After a swap, move keyboard and screen reader focus to what is new:
  // the feedback, the next question or the message.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("#quiz-area [data-quiz-focus]");
    if (target) {
      target.focus();
    }
  });
})();
