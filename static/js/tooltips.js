// Progressive enhancement: Escape hides the tooltip of a marker (WCAG 1.4.13, dismissible).
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".marker:hover, .marker:focus").forEach(function (marker) {
      marker.classList.add("tip-dismissed");
    });
  });
  function reset(event) {
    var marker = event.target.closest && event.target.closest(".marker");
    if (marker) marker.classList.remove("tip-dismissed");
  }
  document.addEventListener("focusout", reset);
  document.addEventListener("mouseout", reset);
})();
