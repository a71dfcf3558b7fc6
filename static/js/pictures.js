// Tap a quiz picture to see it larger. Without this file the picture is a plain
// link to the picture itself; with it, the picture opens in a dialog over the
// page, as large as the screen allows, with its ring if the answer is known.
// Escape or "Sluiten" closes it and puts the focus back on the picture.
// One listener on the document: it keeps working when htmx swaps in the next
// question, and loading this file twice binds nothing twice.
(function () {
  "use strict";
  if (window.echtOfNepPictureZoom) {
    return;
  }
  window.echtOfNepPictureZoom = true;

  var dialog = null;
  var opener = null;

  function makeDialog() {
    var d = document.createElement("dialog");
    d.className = "picture-zoom";
    d.setAttribute("aria-labelledby", "picture-zoom-title");
    var bar = document.createElement("div");
    bar.className = "picture-zoom__bar";
    var title = document.createElement("h2");
    title.className = "picture-zoom__title";
    title.id = "picture-zoom-title";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "picture-zoom__close";
    close.textContent = "Sluiten";
    close.addEventListener("click", function () {
      d.close();
    });
    bar.appendChild(title);
    bar.appendChild(close);
    d.appendChild(bar);
    var body = document.createElement("div");
    body.className = "picture-zoom__body";
    d.appendChild(body);
    // A tap on the dark area around the picture closes it too.
    d.addEventListener("click", function (event) {
      if (event.target === d) {
        d.close();
      }
    });
    d.addEventListener("close", function () {
      body.textContent = "";
      if (opener && document.contains(opener)) {
        opener.focus();
      }
      opener = null;
    });
    document.body.appendChild(d);
    return d;
  }

  function fitToScreen(img) {
    var width = Number(img.getAttribute("width")) || img.naturalWidth;
    var height = Number(img.getAttribute("height")) || img.naturalHeight;
    if (!width || !height) {
      return;
    }
    // The whole width of a phone; on a wider screen as high as leaves room for the bar.
    var room = document.documentElement.clientWidth || window.innerWidth;
    var scale = Math.min(room / width, (window.innerHeight * 0.86 - 70) / height);
    img.style.width = Math.max(1, Math.round(width * scale)) + "px";
  }

  function open(link) {
    var frame = link.querySelector(".question-picture__frame");
    if (!frame || typeof HTMLDialogElement === "undefined") {
      return false;
    }
    dialog = dialog && document.contains(dialog) ? dialog : makeDialog();
    var figure = link.closest("figure");
    var number = figure && figure.querySelector(".question-picture__number");
    dialog.querySelector(".picture-zoom__title").textContent = number
      ? number.textContent + ", groot"
      : "De foto, groot";
    var copy = frame.cloneNode(true);
    var img = copy.querySelector("img");
    if (img) {
      fitToScreen(img);
    }
    var body = dialog.querySelector(".picture-zoom__body");
    body.textContent = "";
    body.appendChild(copy);
    var changed = figure && figure.querySelector(".question-picture__changed");
    if (changed) {
      var note = document.createElement("p");
      note.className = "question-picture__changed";
      note.textContent = changed.textContent;
      body.appendChild(note);
    }
    opener = link;
    dialog.showModal();
    dialog.querySelector(".picture-zoom__close").focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    var link = event.target.closest && event.target.closest("a[data-picture-zoom]");
    if (link && open(link)) {
      event.preventDefault();
    }
  });
})();
