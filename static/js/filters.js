// The browser's filters are folded in the page (templates/browse/browser.html), so that on a phone
// the first result is on the first screen; where there is room beside the results, unfold them.
(function () {
  "use strict";
  var fold = document.getElementById("filters-fold");
  if (fold && window.matchMedia("(min-width: 60.01rem)").matches) fold.open = true;
})();
