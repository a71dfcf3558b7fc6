/* Progressive enhancement for the lesson demos: everything works without it.
   - a refused step (4xx) comes back with a Dutch message, swapped in place
     like any answer (htmx-config in templates/_htmx.html);
   - keep keyboard focus on the button that was pressed when htmx redraws a demo,
     and read out what happened through one polite live region;
   - add a slider next to each weight field of the neuron;
   - show the value of the alley's learning-rate slider while it moves. */
(function () {
  "use strict";

  function inDemo(element) {
    return element && element.closest && element.closest(".demo-box");
  }

  // An answer that crossed another may point at an element already swapped out.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var current = target && !target.isConnected && document.getElementById(target.id);
    if (current) event.detail.target = current;
  });

  var pressed = null;
  var targetId = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    pressed = null;
    targetId = event.detail.target && event.detail.target.id;
    if (inDemo(active) && active.tagName === "BUTTON") {
      pressed = { box: inDemo(active).id, name: active.name, value: active.value };
    }
  });
  // A live region that htmx never replaces: screen readers announce changes
  // to it, which they do not reliably do for a region swapped in whole.
  var announcer = null;
  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  document.addEventListener("htmx:afterSettle", function () {
    var box = targetId && document.getElementById(targetId);
    var news = box && box.querySelector(".demo-error, [data-announce]");
    if (news) announce(news.textContent.trim());
    if (!pressed) return;
    var home = document.getElementById(pressed.box);
    var selector = 'button[name="' + pressed.name + '"][value="' + pressed.value + '"]';
    var button = home && home.querySelector(selector);
    if (button) button.focus();
    else if (home) {
      // The button is gone (training finished): keep focus in the demo.
      home.setAttribute("tabindex", "-1");
      home.focus();
    }
    pressed = null;
  });

  function addSliders(root) {
    root.querySelectorAll("input[data-range]").forEach(function (number) {
      if (number.dataset.sliderAdded) return;
      number.dataset.sliderAdded = "1";
      // Let the server check every change, so a wrong number gets a Dutch
      // message next to the result instead of a silently stale result.
      if (number.form) number.form.noValidate = true;
      var slider = document.createElement("input");
      slider.type = "range";
      slider.min = number.min;
      slider.max = number.max;
      slider.step = number.step;
      slider.value = number.value;
      // A mouse and touch helper only: keyboard and screen reader users have
      // the number field itself, so the slider stays out of the tab order.
      slider.tabIndex = -1;
      slider.setAttribute("aria-hidden", "true");
      slider.addEventListener("input", function () {
        number.value = slider.value;
      });
      number.addEventListener("input", function () {
        slider.value = number.value;
      });
      number.parentNode.appendChild(slider);
    });
  }

  // The alley's learning-rate slider shows its value as you drag it, the Dutch
  // way (0,6); without JavaScript the page shows it after each click.
  document.addEventListener("input", function (event) {
    var slider = event.target;
    if (!slider.matches || !slider.matches(".demo-rate input[type=range]")) return;
    var shown = document.getElementById(slider.getAttribute("aria-describedby"));
    if (shown) shown.textContent = Number(slider.value).toFixed(1).replace(".", ",");
  });

  document.addEventListener("DOMContentLoaded", function () {
    addSliders(document);
  });
  document.addEventListener("htmx:load", function (event) {
    addSliders(event.detail.elt.parentNode || document);
  });
})();
