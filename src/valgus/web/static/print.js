// Report page: the Print button prints the report (navigation is hidden on paper by CSS).
(function () {
  var button = document.getElementById("print-report");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
