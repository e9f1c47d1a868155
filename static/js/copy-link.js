// Progressive enhancement: a "Copy link" button next to the read-only permalink field.
(function () {
  "use strict";
  function enhance(button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () { if (status) status.textContent = button.getAttribute("data-copied") || "Link copied."; },
        function () { field.select(); if (status) status.textContent = "Press Ctrl+C to copy."; }
      );
    });
  }
  document.querySelectorAll("button[data-copy]").forEach(enhance);
})();
