// The tagging desk and the review queue (templates/admin/commitments/desk/): selected words become
// offsets into the clause text, the keys, and focus kept across in-place swaps. Loaded as a static
// file: the site's Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var WORD = /[\p{L}\p{N}]/u;
  var SPACE = /\s/u;

  // Offsets count characters (code points), as Python does on the server.
  function length(text) {
    return Array.from(text).length;
  }

  function offsetIn(root, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(node, offset);
    return length(range.toString());
  }

  // Whole words: a selection that starts or ends inside a word takes all of it; spaces at either
  // end are dropped.
  function snap(chars, start, end) {
    while (start > 0 && start < chars.length && WORD.test(chars[start - 1]) && WORD.test(chars[start])) start--;
    while (end > 0 && end < chars.length && WORD.test(chars[end - 1]) && WORD.test(chars[end])) end++;
    while (start < end && SPACE.test(chars[start])) start++;
    while (end > start && SPACE.test(chars[end - 1])) end--;
    return [start, end];
  }

  // The selected words of a clause text as [start, end) offsets into it, or null.
  function selectedSpan(textElement) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(textElement)) return null;
    var chars = Array.from(textElement.textContent);
    var start = textElement.contains(range.startContainer)
      ? offsetIn(textElement, range.startContainer, range.startOffset)
      : 0;
    var end = textElement.contains(range.endContainer)
      ? offsetIn(textElement, range.endContainer, range.endOffset)
      : chars.length;
    var snapped = snap(chars, start, end);
    return snapped[1] > snapped[0] ? snapped : null;
  }

  function desk() {
    return document.querySelector(".desk[data-panel-url]");
  }

  function openPanel(textElement, span) {
    var page = desk();
    if (!page || !window.htmx) return;
    var block = textElement.closest(".desk-clause");
    var slot = block.querySelector(".desk-panel-slot");
    var open = document.getElementById("tag-panel");
    if (open && !slot.contains(open)) open.remove();
    var query = new URLSearchParams({ clause: textElement.dataset.clause, start: span[0], end: span[1] });
    window.htmx
      .ajax("GET", page.dataset.panelUrl + "?" + query.toString(), { target: slot, swap: "innerHTML" })
      .then(function () {
        var search = slot.querySelector("input[name=q]");
        if (search) search.focus({ preventScroll: true });
      });
  }

  function closePanel() {
    var open = document.getElementById("tag-panel");
    if (!open) return false;
    var block = open.closest(".desk-clause");
    open.remove();
    if (block) focusClause(block);
    return true;
  }

  // The clause text the selection starts in (the mouse may be released beyond it).
  function selectedText() {
    var selection = window.getSelection();
    var node = selection && selection.anchorNode;
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element && element.closest ? element.closest(".desk-text") : null;
  }

  function onSelectionEnd() {
    var textElement = selectedText();
    if (!textElement || !desk()) return;
    var span = selectedSpan(textElement);
    if (span) openPanel(textElement, span);
  }

  document.addEventListener("mouseup", onSelectionEnd);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) onSelectionEnd();
  });
  // On a touch screen the selection is made by holding a word, then its handles.
  document.addEventListener("touchend", function () {
    window.setTimeout(onSelectionEnd, 300);
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest(".desk-cancel");
    if (cancel && closePanel()) event.preventDefault();
  });

  // -- keys -------------------------------------------------------------------------------------

  function clauses() {
    return Array.prototype.slice.call(document.querySelectorAll(".desk-clause"));
  }

  function currentClause() {
    var active = document.activeElement;
    return (active && active.closest && active.closest(".desk-clause")) || document.querySelector(".desk-clause.is-current");
  }

  function focusClause(element) {
    document.querySelectorAll(".desk-clause.is-current").forEach(function (other) {
      other.classList.remove("is-current");
    });
    element.classList.add("is-current");
    element.focus({ preventScroll: true });
    element.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = clauses();
    if (!all.length) return;
    var here = currentClause();
    var index = here ? all.indexOf(here) + step : step > 0 ? 0 : all.length - 1;
    focusClause(all[Math.max(0, Math.min(all.length - 1, index))]);
  }

  function decide(what) {
    var here = currentClause();
    if (!here) return;
    var active = document.activeElement;
    var form = (active && active.closest && active.closest("form.desk-mention.is-pending")) || here.querySelector("form.desk-mention.is-pending");
    if (!form) return;
    var button = form.querySelector('button[value="' + what + '"]');
    if (button) button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, select, textarea, [contenteditable]")) {
      if (event.key === "Escape" && target.closest("#tag-panel")) closePanel();
      // Enter in a mention's search must not press the form's first button.
      if (event.key === "Enter" && target.closest(".desk-other")) event.preventDefault();
      return;
    }
    var actions = { j: function () { move(1); }, k: function () { move(-1); }, a: function () { decide("accept"); }, r: function () { decide("reject"); }, Escape: closePanel };
    var action = actions[event.key];
    if (!action || !clauses().length) return;
    event.preventDefault();
    action();
  });

  // -- focus across swaps ---------------------------------------------------------------------------

  var lastClauseId = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var block = event.detail.elt.closest && event.detail.elt.closest(".desk-clause");
    if (block) lastClauseId = block.id;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!lastClauseId) return;
    var block = document.getElementById(lastClauseId);
    lastClauseId = null;
    if (block && !block.contains(document.activeElement)) {
      var search = block.querySelector("#tag-panel input[name=q]");
      if (search) return;
      block.classList.add("is-current");
      block.focus({ preventScroll: true });
    }
  });
})();
