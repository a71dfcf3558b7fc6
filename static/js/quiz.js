// The quiz with htmx: answers and next questions swap the question area in place.
// Without this file (or without JavaScript) the quiz works as plain forms.
(function () {
  "use strict";

  function isQuizArea(element) {
    return element && element.id === "quiz-area";
  }

  // A refused answer comes back as 400 with the question and a Dutch message.
  // htmx does not swap error responses by default; in the quiz area it should.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (isQuizArea(event.detail.target) && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a swap, move keyboard and screen reader focus to what is new:
  // the feedback, the next question or the message.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("#quiz-area [data-quiz-focus]");
    if (target) {
      target.focus();
    }
  });
})();
