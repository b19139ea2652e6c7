// After a failed submit, move focus to the summary of what needs correcting (WCAG 3.3.1):
// otherwise it stays on the page's body and the errors may be below the fold. A contact
// form's error on a suggestions card has no summary: the field with the error gets focus.
(function () {
  "use strict";
  var target = document.querySelector(".error-summary") ||
    document.querySelector(".has-error textarea, .has-error input, .has-error select");
  if (target) {
    target.focus();
  }
})();
