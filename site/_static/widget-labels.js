// The saved ipywidgets sliders (noUiSlider handles, role="slider") have no accessible name of their own:
// give each the text of its widget's description label, which is what a sighted reader sees next to it.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll('[role="slider"]:not([aria-label]):not([aria-labelledby])').forEach(function (handle) {
      var widget = handle.closest(".widget-slider, .jupyter-widgets");
      var text = widget && widget.querySelector(".widget-label");
      if (text && text.textContent.trim()) {
        handle.setAttribute("aria-label", text.textContent.trim());
      }
    });
  }
  new MutationObserver(function () { label(document); }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", function () { label(document); });
})();
