// Type-ahead pickers for units and people (taizhang.orgs.widgets). An <input data-picker="unit|person"
// data-url="…"> stays a plain text box without JavaScript (a code or an exact name is accepted); here it becomes a
// combobox: typing lists the matches in the user's scope (debounced), arrows move, Enter chooses, Esc closes.
// A single picker keeps the chosen code (username) in a hidden input under the field's name and shows the name;
// a multiple one (data-multiple) keeps codes separated by spaces and completes the last one.
(function () {
  "use strict";
  var count = 0;
  var EMPTY = { unit: "没有匹配的单位", person: "没有匹配的人员" };

  function shown(kind, item) {
    if (kind === "person") { return item.name + (item.unit_name ? "（" + item.unit_name + "）" : ""); }
    return item.path_label || item.name;
  }

  function detail(kind, item) {
    if (kind === "person") { return item.username + (item.unit_name ? " · " + item.unit_name : ""); }
    return (item.path_label || item.name) + " · " + item.code;
  }

  function enhance(input) {
    if (input.getAttribute("data-picker-ready")) { return; }
    input.setAttribute("data-picker-ready", "1");
    var kind = input.getAttribute("data-picker");
    var multiple = input.hasAttribute("data-multiple");
    var id = "tz-picker-" + (++count);
    var wrap = document.createElement("div");
    wrap.className = "tz-picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var hidden = null;
    if (!multiple) {
      hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = input.name;
      hidden.value = input.value;
      hidden.setAttribute("data-picker-value", kind);
      input.removeAttribute("name");
      wrap.appendChild(hidden);
      if (input.getAttribute("data-label")) { input.value = input.getAttribute("data-label"); }
    }
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "tz-picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrap.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [], active = -1, timer = null, asked = 0;

    function term() {
      if (!multiple) { return input.value.trim(); }
      var parts = input.value.split(/[\s,，、;；]+/);
      return parts[parts.length - 1];
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function render() {
      list.textContent = "";
      if (!items.length) {
        var none = document.createElement("li");
        none.className = "tz-picker-empty";
        none.textContent = EMPTY[kind] || "没有匹配项";
        list.appendChild(none);
      }
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.setAttribute("data-value", item.value);
        var main = document.createElement("span");
        main.className = "tz-picker-name";
        main.textContent = item.name;
        var sub = document.createElement("small");
        sub.className = "tz-picker-detail";
        sub.textContent = detail(kind, item);
        li.appendChild(main);
        li.appendChild(sub);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", id + "-opt-" + active);
        var current = document.getElementById(id + "-opt-" + active);
        if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest" }); }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function load() {
      var q = term();
      if (!q) { items = []; close(); return; }
      var url = input.getAttribute("data-url") + "?q=" + encodeURIComponent(q);
      var action = input.getAttribute("data-action");
      if (action) { url += "&action=" + encodeURIComponent(action); }
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          if (mine !== asked || document.activeElement !== input) { return; }
          items = data.items || [];
          active = items.length ? 0 : -1;
          render();
          status.textContent = items.length ? "找到 " + items.length + " 项，按上下键选择，回车确定" : (EMPTY[kind] || "");
        })
        .catch(function () { /* the typed text is still submitted and checked by the server */ });
    }

    function choose(i) {
      var item = items[i];
      if (!item) { return; }
      if (multiple) {
        var parts = input.value.split(/[\s,，、;；]+/);
        parts[parts.length - 1] = item.value;
        input.value = parts.filter(function (p) { return p; }).join(" ") + " ";
      } else {
        input.value = shown(kind, item);
        hidden.value = item.value;
      }
      items = [];
      close();
    }

    input.addEventListener("input", function () {
      if (hidden) { hidden.value = input.value.trim(); }
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) { load(); return; }
        if (!items.length) { return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + items.length) % items.length;
        render();
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function enhanceAll(root) {
    var found = (root.querySelectorAll ? root : document).querySelectorAll("input[data-picker]");
    Array.prototype.forEach.call(found, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
