// Behaviour for every page; no inline scripts anywhere (CSP script-src 'self').
(function () {
  "use strict";

  function enhance(root) {
    if (window.TomSelect) {
      root.querySelectorAll("select[data-fz-select]:not(.tomselected)").forEach(function (el) {
        new TomSelect(el, { allowEmptyOption: true, maxOptions: 500, plugins: el.multiple ? ["remove_button"] : [] });
      });
    }
    if (window.flatpickr) {
      root.querySelectorAll("input[data-fz-date]").forEach(function (el) {
        if (el._flatpickr) return;
        flatpickr(el, { locale: "zh", dateFormat: "Y-m-d", allowInput: true, altInput: true, altFormat: "Y年n月j日" });
      });
    }
    root.querySelectorAll("[data-fz-confirm]").forEach(function (el) {
      if (el.dataset.fzBound) return;
      el.dataset.fzBound = "1";
      el.addEventListener("click", function (ev) {
        if (!window.confirm(el.dataset.fzConfirm)) { ev.preventDefault(); ev.stopImmediatePropagation(); }
      });
    });
    root.querySelectorAll("form[data-fz-progress]").forEach(function (form) {
      if (form.dataset.fzBound) return;
      form.dataset.fzBound = "1";
      form.addEventListener("submit", function () {
        var p = document.getElementById("fz-progress");
        if (p) p.style.display = "block";
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.body && document.body.addEventListener("htmx:afterSwap", function (ev) { enhance(ev.target); });
  document.addEventListener("htmx:responseError", function (ev) {
    var msg = "操作失败（" + ev.detail.xhr.status + "），请刷新页面后重试";
    try { var data = JSON.parse(ev.detail.xhr.responseText); if (data.detail) msg = data.detail; } catch (e) { /* not JSON */ }
    window.alert(msg);
  });
  window.fazhi = { enhance: enhance };
})();
