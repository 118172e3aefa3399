// Forms with data-confirm="question" ask before they are sent (no inline handlers: the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();

// Links with data-back go back one page (the href is the fallback without JavaScript).
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target && event.target.closest ? event.target.closest("a[data-back]") : null;
  if (link && window.history.length > 1) { event.preventDefault(); window.history.back(); }
});
