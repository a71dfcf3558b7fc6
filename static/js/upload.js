// Quick check upload: drag and drop onto the form, and an upload progress bar.
// Without this script the form is a plain multipart form and works the same.
(function () {
  "use strict";

  function setUp(form) {
    var zone = form.querySelector("[data-drop-zone]");
    var input = form.querySelector("input[type=file]");
    if (zone && input) {
      zone.addEventListener("dragover", function (event) {
        event.preventDefault();
        zone.classList.add("drop-zone--active");
      });
      zone.addEventListener("dragleave", function () {
        zone.classList.remove("drop-zone--active");
      });
      zone.addEventListener("drop", function (event) {
        event.preventDefault();
        zone.classList.remove("drop-zone--active");
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          input.focus();
        }
      });
    }
  }

  function progressParts(form) {
    return {
      box: form.querySelector("[data-upload-progress]"),
      bar: form.querySelector("progress"),
      text: form.querySelector("[data-upload-progress-text]"),
    };
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("#upload-form");
    if (!form) return;
    var parts = progressParts(form);
    if (parts.box) parts.box.hidden = false;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest && event.target.closest("#upload-form");
    if (!form || !event.detail.lengthComputable) return;
    var parts = progressParts(form);
    var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
    parts.bar.value = percent;
    parts.bar.textContent = percent + "%";
    // Announce in steps of 10 so screen readers are not flooded.
    if (percent % 10 === 0 || percent === 100) {
      parts.text.textContent = percent === 100 ? "Geüpload. Even geduld…" : percent + "% geüpload";
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var form = document.getElementById("upload-form");
    if (form) setUp(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("upload-form");
    if (form) setUp(form);
  });
})();
