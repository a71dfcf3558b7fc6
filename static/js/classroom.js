// Klassikaal: show the Dutch message of a refused answer (409 "te laat", 400
// "kies een antwoord") instead of ignoring it, as htmx does with 4xx replies.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var inQuiz = event.detail.elt.closest && event.detail.elt.closest("[data-klassikaal]");
  if (inQuiz && status >= 400 && status < 500 && status !== 403) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
