// 整改台账 list: row checkboxes feed the bulk-action form. No inline scripts (CSP script-src 'self').
// Ticks are kept in sessionStorage (per campaign), so they survive filtering, paging and reloads — the table is
// replaced by htmx or the page is loaded anew — until the batch is sent or the user clears them.
(function () {
  "use strict";
  function storageKey() {
    var campaign = document.querySelector("#tz-filter input[name=campaign]");
    return "tz-ledger-ticks:" + (campaign ? campaign.value : "");
  }
  function load() {
    try {
      var ids = JSON.parse(window.sessionStorage.getItem(storageKey()) || "[]");
      return Array.isArray(ids) ? ids.map(String) : [];
    } catch (e) { return []; }
  }
  function save(ids) {
    try { window.sessionStorage.setItem(storageKey(), JSON.stringify(ids)); } catch (e) { /* storage full or off */ }
  }
  function showCount(ids) {
    var el = document.querySelector("[data-tz-selected-count]");
    if (el) { el.textContent = ids.length ? "已勾选 " + ids.length + " 个问题（筛选、翻页后仍保留）" : ""; }
  }
  function restore() {
    var ids = load();
    document.querySelectorAll("[data-tz-row]").forEach(function (box) { box.checked = ids.indexOf(box.value) >= 0; });
    var all = document.querySelector("[data-tz-check-all]");
    var rows = document.querySelectorAll("[data-tz-row]");
    if (all) { all.checked = rows.length > 0 && Array.prototype.every.call(rows, function (b) { return b.checked; }); }
    showCount(ids);
  }
  function set(id, on) {
    var ids = load();
    var at = ids.indexOf(id);
    if (on && at < 0) { ids.push(id); }
    if (!on && at >= 0) { ids.splice(at, 1); }
    save(ids);
    return ids;
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.matches) { return; }
    if (el.matches("[data-tz-check-all]")) {
      document.querySelectorAll("[data-tz-row]").forEach(function (box) { box.checked = el.checked; set(box.value, el.checked); });
      showCount(load());
    } else if (el.matches("[data-tz-row]")) {
      showCount(set(el.value, el.checked));
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("[data-tz-clear-ticks]")) { save([]); restore(); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "tz-bulk") { return; }
    var ids = load();
    if (!ids.length) { event.preventDefault(); window.alert("请先勾选要处理的问题"); return; }
    document.getElementById("tz-bulk-ids").value = ids.join(",");
    save([]);
  });
  document.addEventListener("htmx:afterSettle", restore);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", restore); } else { restore(); }
})();
