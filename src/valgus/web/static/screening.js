// Screening form: choosing another athlete reloads the form with that athlete's trials.
(function () {
  var select = document.getElementById("athlete");
  if (!select || !select.dataset.reload) { return; }
  select.addEventListener("change", function () {
    window.location.href = select.dataset.reload + encodeURIComponent(select.value);
  });
})();
