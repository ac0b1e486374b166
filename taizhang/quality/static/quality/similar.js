// 相似问题: while a new problem's title or 问题表现 is typed, the most similar problems already in the ledger (in the
// same campaign, in the user's scope) are fetched — 400 ms after the last key — and shown under 问题表现.
(function () {
  "use strict";
  var box = document.getElementById("tz-similar");
  if (!box) { return; }
  var form = box.closest("form") || document;
  var description = form.querySelector("[name=description]");
  var title = form.querySelector("[name=title]");
  var unit = form.querySelector("[name=unit_code]");
  if (!description) { return; }
  var wrapper = description.closest(".mb-3") || description.parentElement;
  wrapper.appendChild(box);
  var timer = null;
  var last = "";
  var serial = 0;
  function text() {
    return ((title ? title.value : "") + " " + description.value).trim();
  }
  function look() {
    var q = text();
    if (q === last) { return; }
    last = q;
    if (q.length < 4) { box.innerHTML = ""; return; }
    var mine = ++serial;
    var url = box.getAttribute("data-url") + "&q=" + encodeURIComponent(q) +
      (unit && unit.value ? "&unit=" + encodeURIComponent(unit.value) : "");
    fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { if (mine === serial) { box.innerHTML = html; } })
      .catch(function () { /* the suggestions are a help; the form works without them */ });
  }
  function later() { window.clearTimeout(timer); timer = window.setTimeout(look, 400); }
  description.addEventListener("input", later);
  if (title) { title.addEventListener("input", later); }
  if (text().length >= 4) { look(); }
})();
