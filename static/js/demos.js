/* Progressive enhancement for the lesson demos: everything works without it.
   - a refused step (4xx) comes back with a Dutch message: show it;
   - keep keyboard focus on the button that was pressed when htmx redraws a demo;
   - add a slider next to each weight field of the neuron. */
(function () {
  "use strict";

  function inDemo(element) {
    return element && element.closest && element.closest(".demo-box");
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (inDemo(event.detail.target) && status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  var pressed = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    pressed = null;
    if (inDemo(active) && active.tagName === "BUTTON") {
      pressed = { box: inDemo(active).id, name: active.name, value: active.value };
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pressed) return;
    var box = document.getElementById(pressed.box);
    var selector = 'button[name="' + pressed.name + '"][value="' + pressed.value + '"]';
    var button = box && box.querySelector(selector);
    if (button) button.focus();
    else if (box) {
      box.setAttribute("tabindex", "-1");
      box.focus();
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

  document.addEventListener("DOMContentLoaded", function () {
    addSliders(document);
  });
  document.addEventListener("htmx:load", function (event) {
    addSliders(event.detail.elt.parentNode || document);
  });
})();
