// 行政应诉 detail page: show the head fields or the absence fields depending on "负责人出庭".
(function () {
  "use strict";
  function sync(form) {
    var box = form.querySelector("input[name=head_appeared]");
    if (!box) return;
    var appeared = box.checked;
    ["head_name", "head_post"].forEach(function (n) {
      var el = form.querySelector("[data-fz-field=" + n + "]");
      if (el) el.hidden = !appeared;
    });
    ["absence_reason", "substitute"].forEach(function (n) {
      var el = form.querySelector("[data-fz-field=" + n + "]");
      if (el) el.hidden = appeared;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-testid=form-add_session]").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function () { sync(form); });
    });
  });
})();
