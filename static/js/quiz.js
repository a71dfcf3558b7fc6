// The quiz with htmx: answers and next questions swap the question area in place.
// Without this file (or without JavaScript) the quiz works as plain forms.
// Also on Klassikaal's phone screen: the Enter key on an answer (below).
// A refused answer (400 or 409, with the question and a Dutch message) is
// swapped in like any other answer: htmx-config in templates/_htmx.html says so.
(function () {
  "use strict";

  // Enter on an answer would send the form without saying how sure the pupil is
  // (the server would then ask for it): go to the "how sure" buttons instead.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field.matches || !field.matches("[data-one-tap] input[name=choice]")) {
      return;
    }
    event.preventDefault();
    field.checked = true;
    var sure = field.form.querySelector("[data-sure] button");
    if (sure) {
      sure.focus();
    }
  });

  // Choosing an answer shows the buttons for how sure. Under a picture they can
  // fall below the screen: bring them up, so the second tap needs no scrolling.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-one-tap] input[name=choice]")) {
      return;
    }
    var sure = field.form.querySelector("[data-sure]");
    var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (sure && sure.getBoundingClientRect().bottom > window.innerHeight) {
      sure.scrollIntoView({ block: "nearest", behavior: calm ? "auto" : "smooth" });
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
