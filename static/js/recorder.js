// The test-yourself recorder (templates/detector/_recorder.html): after a click, the
// camera (no microphone) films the visitor for data-recorder-seconds seconds with a
// mirrored preview, then sends the recording to data-recorder-action as the field
// "clip" with the header X-Recorder: 1, and follows the JSON answer:
//   {"redirect": url}           -> the status page of the analysis;
//   {"error": text, "retry": b} -> with retry (a full queue): wait and send the same
//                                  recording again; otherwise show the text.
// A refusal before the view (too large: 413) comes as a page: its message is shown.
// Without this script, or without a camera or MediaRecorder, the plain form below the
// recorder is the way: on a phone it opens the camera app.
(function () {
  "use strict";

  // Formats to try, best first: WebM (Chrome, Firefox; VP8 decodes fastest on the
  // server), MP4 (Safari). The file name tells the server's checks what it is.
  var FORMATS = [
    ["video/webm;codecs=vp8", "opname.webm"],
    ["video/webm;codecs=vp9", "opname.webm"],
    ["video/webm", "opname.webm"],
    ["video/mp4;codecs=avc1", "opname.mp4"],
    ["video/mp4", "opname.mp4"],
  ];
  // Seconds between the tries when the queue is full (data-recorder-waits, the
  // server's detector.intake.RETRY_WAITS_S): five tries over about 2 minutes.
  var WAITS = [10, 20, 30, 60];

  function waitsOf(box) {
    var given = (box.getAttribute("data-recorder-waits") || "").split(/\s+/);
    var waits = given.map(Number).filter(function (n) { return n > 0; });
    return waits.length ? waits : WAITS;
  }

  var TEXT = {
    unsupported:
      "Je browser kan op deze pagina geen video opnemen. Gebruik het formulier hieronder: " +
      "neem een video op met je telefoon of kies een bestand.",
    denied:
      "Je hebt de camera niet toegestaan. Wil je het toch proberen? Sta de camera toe in " +
      "de instellingen van je browser en druk nog eens op de knop. Of gebruik het " +
      "formulier hieronder.",
    noCamera:
      "We vinden geen camera op dit apparaat. Gebruik het formulier hieronder: neem een " +
      "video op met een telefoon of kies een bestand.",
    busyCamera:
      "De camera doet het niet. Misschien gebruikt een ander programma hem al, " +
      "bijvoorbeeld een app om te videobellen. Sluit dat programma en probeer het " +
      "opnieuw. Of gebruik het formulier hieronder.",
    cameraFailed:
      "De camera kon niet starten. Probeer het opnieuw, of gebruik het formulier hieronder.",
    recordingFailed: "De opname is mislukt. Probeer het opnieuw.",
    sendFailed:
      "Het versturen is niet gelukt. Controleer of je internet hebt en probeer het opnieuw.",
    asking: "Je browser vraagt of de camera aan mag.",
    recording: "De opname loopt. Praat tegen de camera.",
    secondsLeft: function (seconds) {
      return "Nog " + seconds + " seconden.";
    },
    sending: "De opname is klaar en de camera is uit. We versturen je opname.",
    sent: "Verstuurd. De controle begint.",
    busy: function (seconds) {
      return (
        "Het is even druk: er wachten veel video's. We versturen je opname over " +
        seconds +
        " seconden opnieuw."
      );
    },
    cancelled: "Gestopt. De camera is uit en er is niets verstuurd.",
    again: "Neem opnieuw op",
  };

  function chooseFormat() {
    if (!window.MediaRecorder || !MediaRecorder.isTypeSupported) return FORMATS[2];
    for (var i = 0; i < FORMATS.length; i++) {
      if (MediaRecorder.isTypeSupported(FORMATS[i][0])) return FORMATS[i];
    }
    return null;
  }

  function canRecord() {
    return !!(
      window.MediaRecorder &&
      navigator.mediaDevices &&
      navigator.mediaDevices.getUserMedia &&
      window.FormData &&
      window.XMLHttpRequest &&
      chooseFormat()
    );
  }

  function cameraMessage(error) {
    var name = (error && error.name) || "";
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError")
      return TEXT.denied;
    if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError")
      return TEXT.noCamera;
    if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError")
      return TEXT.busyCamera;
    return TEXT.cameraFailed;
  }

  // The Dutch message of a refusal that came as a page (the body limit's 413, a CSRF
  // failure): its element with data-refusal or role=alert.
  function messageFromPage(html) {
    if (!html || !window.DOMParser) return "";
    var page = new DOMParser().parseFromString(html, "text/html");
    var element = page.querySelector("[data-refusal] .form-error, [data-refusal], main [role=alert]");
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function Recorder(box) {
    this.box = box;
    this.action = box.getAttribute("data-recorder-action");
    this.seconds = parseInt(box.getAttribute("data-recorder-seconds"), 10) || 22;
    this.waits = waitsOf(box);
    this.form = box.querySelector("[data-recorder-form]");
    this.start = box.querySelector("[data-recorder-start]");
    this.cancel = box.querySelector("[data-recorder-cancel]");
    this.stage = box.querySelector("[data-recorder-stage]");
    this.preview = box.querySelector("[data-recorder-preview]");
    this.countdown = box.querySelector("[data-recorder-countdown]");
    this.hint = box.querySelector("[data-recorder-hint]");
    this.sending = box.querySelector("[data-recorder-sending]");
    this.progress = box.querySelector("[data-recorder-progress]");
    this.status = box.querySelector("[data-recorder-status]");
    this.error = box.querySelector("[data-recorder-error]");
    this.stream = null;
    this.mediaRecorder = null;
    this.request = null;
    this.timer = null;
    this.cancelled = false;
  }

  Recorder.prototype.setUp = function () {
    if (!canRecord()) {
      // Said on the page, without taking the focus: the form below is the way.
      this.showError(TEXT.unsupported);
      return;
    }
    this.start.hidden = false;
    this.start.addEventListener("click", this.begin.bind(this));
    this.cancel.addEventListener("click", this.stop.bind(this));
  };

  Recorder.prototype.say = function (text) {
    this.status.textContent = text;
  };

  // An error: the message (role=alert), the camera off, and the way on: recording
  // again and the plain form.
  Recorder.prototype.fail = function (message) {
    this.reset();
    this.say("");
    this.showError(message);
    this.start.textContent = TEXT.again;
    this.start.hidden = false;
    this.error.focus();
  };

  Recorder.prototype.showError = function (message) {
    this.error.textContent = "";
    var paragraph = document.createElement("p");
    paragraph.textContent = message;
    this.error.appendChild(paragraph);
    this.error.hidden = false;
  };

  // Back to the start: no camera, no timer, no request; a recording that still
  // stops is not sent.
  Recorder.prototype.reset = function () {
    this.cancelled = true;
    this.status.setAttribute("aria-live", "polite");
    clearInterval(this.timer);
    clearTimeout(this.timer);
    this.timer = null;
    this.stopCamera();
    if (this.request) {
      this.request.abort();
      this.request = null;
    }
    this.stage.hidden = true;
    this.hint.hidden = true;
    this.sending.hidden = true;
    this.cancel.hidden = true;
  };

  Recorder.prototype.stopCamera = function () {
    if (this.stream) {
      this.stream.getTracks().forEach(function (track) {
        track.stop();
      });
      this.stream = null;
    }
    this.preview.srcObject = null;
  };

  Recorder.prototype.begin = function () {
    var self = this;
    this.cancelled = false;
    this.error.hidden = true;
    this.start.hidden = true;
    this.cancel.hidden = false;
    this.cancel.focus();
    this.say(TEXT.asking);
    navigator.mediaDevices
      .getUserMedia({
        audio: false,
        video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" },
      })
      .then(function (stream) {
        if (self.cancelled) {
          stream.getTracks().forEach(function (track) {
            track.stop();
          });
          return;
        }
        self.stream = stream;
        self.record();
      })
      .catch(function (error) {
        if (!self.cancelled) self.fail(cameraMessage(error));
      });
  };

  Recorder.prototype.record = function () {
    var self = this;
    var format = chooseFormat();
    var chunks = [];
    try {
      this.mediaRecorder = new MediaRecorder(this.stream, { mimeType: format[0] });
    } catch (error) {
      this.fail(TEXT.recordingFailed);
      return;
    }
    this.preview.srcObject = this.stream;
    this.stage.hidden = false;
    this.hint.hidden = false;
    // The preview may start below the fold (the privacy text comes first).
    if (this.stage.scrollIntoView) this.stage.scrollIntoView({ block: "start" });
    var playing = this.preview.play();
    if (playing && playing.catch) playing.catch(function () {});
    this.mediaRecorder.ondataavailable = function (event) {
      if (event.data && event.data.size) chunks.push(event.data);
    };
    this.mediaRecorder.onerror = function () {
      self.fail(TEXT.recordingFailed);
    };
    this.mediaRecorder.onstop = function () {
      if (self.cancelled) return;
      var recording = new Blob(chunks, { type: format[0].split(";")[0] });
      if (!recording.size) {
        self.fail(TEXT.recordingFailed);
        return;
      }
      self.send(recording, format[1], 0);
    };
    this.mediaRecorder.start(1000);
    this.tick(Date.now() + this.seconds * 1000);
  };

  // The countdown: the big number each second; the status line (read out) every ten.
  Recorder.prototype.tick = function (end) {
    var self = this;
    var lastSaid = null;
    function show() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      self.countdown.textContent = left;
      var said = left === self.seconds ? TEXT.recording : left % 10 === 0 && left ? TEXT.secondsLeft(left) : null;
      if (said && said !== lastSaid) {
        self.say(said);
        lastSaid = said;
      }
      if (left === 0) {
        clearInterval(self.timer);
        self.timer = null;
        self.finish();
      }
    }
    show();
    this.timer = setInterval(show, 200);
  };

  // The recording is long enough: stop it and turn the camera off at once.
  Recorder.prototype.finish = function () {
    if (this.mediaRecorder && this.mediaRecorder.state !== "inactive") this.mediaRecorder.stop();
    this.stopCamera();
    this.stage.hidden = true;
    this.hint.hidden = true;
    this.say(TEXT.sending);
  };

  // The cancel button: whatever is going on stops, nothing is (or is any more) sent.
  Recorder.prototype.stop = function () {
    this.cancelled = true;
    if (this.mediaRecorder && this.mediaRecorder.state !== "inactive") this.mediaRecorder.stop();
    this.reset();
    this.say(TEXT.cancelled);
    this.start.textContent = TEXT.again;
    this.start.hidden = false;
    this.start.focus();
  };

  Recorder.prototype.send = function (recording, name, attempt) {
    var self = this;
    var data = new FormData();
    var token = this.form.querySelector("[name=csrfmiddlewaretoken]");
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    data.append("clip", recording, name);
    var request = new XMLHttpRequest();
    this.request = request;
    request.open("POST", this.action);
    request.setRequestHeader("X-Recorder", "1");
    request.setRequestHeader("Accept", "application/json");
    this.sending.hidden = false;
    this.progress.value = 0;
    request.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.round((event.loaded / event.total) * 100);
      self.progress.value = percent;
      self.progress.textContent = percent + "%";
    };
    request.onload = function () {
      self.request = null;
      self.answered(request, recording, name, attempt);
    };
    request.onerror = function () {
      self.request = null;
      self.retryOrFail(TEXT.sendFailed, recording, name, attempt);
    };
    request.send(data);
  };

  Recorder.prototype.answered = function (request, recording, name, attempt) {
    var answer = null;
    if ((request.getResponseHeader("Content-Type") || "").indexOf("application/json") === 0) {
      try {
        answer = JSON.parse(request.responseText);
      } catch (error) {
        answer = null;
      }
    }
    if (answer && answer.redirect) {
      this.say(TEXT.sent);
      window.location.assign(answer.redirect);
      return;
    }
    if (answer && answer.retry) {
      this.retryOrFail(answer.error, recording, name, attempt);
      return;
    }
    var message = (answer && answer.error) || messageFromPage(request.responseText) || TEXT.sendFailed;
    this.fail(message);
  };

  // A full queue (or a lost connection): wait, counting down, and send the same
  // recording again; after the last try, the message.
  Recorder.prototype.retryOrFail = function (message, recording, name, attempt) {
    var self = this;
    if (attempt >= this.waits.length) {
      this.fail(message);
      return;
    }
    var end = Date.now() + this.waits[attempt] * 1000;
    this.sending.hidden = true;
    this.say(TEXT.busy(this.waits[attempt]));
    this.countdown.textContent = "";
    function wait() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (left > 0) {
        // Shown, not read out each second: the status line said how long once.
        self.status.setAttribute("aria-live", "off");
        self.say(TEXT.busy(left));
        self.timer = setTimeout(wait, 1000);
        return;
      }
      self.status.setAttribute("aria-live", "polite");
      self.timer = null;
      self.say(TEXT.sending);
      self.send(recording, name, attempt + 1);
    }
    this.timer = setTimeout(wait, 1000);
  };

  function setUpAll() {
    var boxes = document.querySelectorAll("[data-recorder]");
    for (var i = 0; i < boxes.length; i++) new Recorder(boxes[i]).setUp();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
