// The top bar's search box: results arrive as the user types (a debounced fetch of /search/suggest/), grouped by
// kind; arrow keys move through them, Enter opens the chosen one (or the results page), Escape closes the list.
(function () {
  "use strict";
  var form = document.querySelector("[data-topsearch]");
  if (!form) { return; }
  var input = form.querySelector("[data-topsearch-input]");
  var box = form.querySelector("[data-topsearch-results]");
  var toggle = form.querySelector("[data-topsearch-toggle]");
  var url = form.getAttribute("data-suggest-url");
  var timer = null, controller = null, last = "";

  function close() { box.hidden = true; box.innerHTML = ""; last = ""; }
  function items() { return Array.prototype.slice.call(box.querySelectorAll("a")); }

  function fetchNow() {
    var q = input.value.trim();
    if (q === last) { return; }
    last = q;
    if (!q) { close(); return; }
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {"X-Requested-With": "fetch"},
                                                signal: controller ? controller.signal : undefined})
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (input.value.trim() !== q) { return; }
        box.innerHTML = html;
        box.hidden = !html.trim();
      })
      .catch(function () { /* an aborted request: a newer one follows */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchNow, 250);
  });
  input.addEventListener("keydown", function (event) {
    var links = items();
    if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[0].focus(); }
    if (event.key === "Escape") { close(); }
  });
  box.addEventListener("keydown", function (event) {
    var links = items(), at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); if (at > 0) { links[at - 1].focus(); } else { input.focus(); } }
    if (event.key === "Escape") { close(); input.focus(); }
  });
  form.addEventListener("submit", function (event) {
    if (!input.value.trim()) { event.preventDefault(); input.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { box.hidden = true; form.classList.remove("open"); }
  });
  input.addEventListener("focus", function () { if (box.innerHTML.trim()) { box.hidden = false; } });
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = form.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { input.focus(); }
    });
  }
}());
