// A procurement check's record (/procurement/checks/{id}): the print button, shown only when this
// script runs, and every gap opened for printing and closed again afterwards, so the paper shows
// what the screen folds away.
(function () {
  'use strict';
  var opened = [];
  function openGaps() {
    document.querySelectorAll('details:not([open])').forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  }
  function closeGaps() {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  }
  window.addEventListener('beforeprint', openGaps);
  window.addEventListener('afterprint', closeGaps);
  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
}());
