// Behaviour for every page; no inline scripts anywhere (CSP script-src 'self').
(function () {
  "use strict";

  // A unit picker holds only its selected unit(s); the others are fetched from the scoped search endpoint
  // (core.pickers.unit_search) as the user types or scrolls — never every unit of the province at once.
  function unitPicker(el) {
    var url = el.dataset.fzUnits;
    new TomSelect(el, {
      valueField: "id",
      labelField: "name",
      searchField: [],
      allowEmptyOption: true,
      closeAfterSelect: true,
      preload: "focus",
      plugins: el.multiple ? ["remove_button", "virtual_scroll"] : ["virtual_scroll"],
      firstUrl: function (query) { return url + "?q=" + encodeURIComponent(query); },
      shouldLoad: function () { return true; },
      load: function (query, callback) {
        var self = this;
        var target = this.getUrl(query);
        fetch(target, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (data) {
            if (data.next) self.setNextUrl(query, url + "?q=" + encodeURIComponent(query) + "&cursor=" + encodeURIComponent(data.next));
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: { no_results: function () { return '<div class="no-results">没有匹配的单位</div>'; },
                loading_more: function () { return '<div class="loading-more-results py-2 d-flex align-items-center"><div class="spinner-border spinner-border-sm me-2"></div>加载中…</div>'; },
                no_more_results: function () { return ""; } }
    });
  }

  function enhance(root) {
    if (window.TomSelect) {
      root.querySelectorAll("select[data-fz-units]:not(.tomselected)").forEach(unitPicker);
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
  // The navbar's unread notification count: loaded after the page, so no page pays for it.
  document.querySelectorAll("[data-fz-badge]").forEach(function (el) {
    htmx.ajax("GET", el.getAttribute("data-fz-badge"), { target: el, swap: "innerHTML" });
  });
  window.fazhi = { enhance: enhance };
})();
