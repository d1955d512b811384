// Suggestions under the search box as you type (an ARIA combobox). Without this file the
// box is a plain form; with it, ↑/↓ move through /api/suggest's completions, Enter takes
// one (a zone opens its page, anything else is searched), Esc closes the list.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("q");
  if (!box || !box.getAttribute("data-suggest")) return;
  var endpoint = box.getAttribute("data-suggest");
  var form = box.form;
  var KINDS = { zone: "开发区", place: "地区", word: "词" };
  var DELAY_MS = 60;

  var list = document.createElement("ul");
  list.id = "q-suggestions";
  list.className = "suggest-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "输入建议");
  list.hidden = true;
  form.classList.add("has-suggest");
  box.insertAdjacentElement("afterend", list);
  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", list.id);
  box.setAttribute("aria-expanded", "false");

  var items = [];
  var active = -1;
  var timer = null;
  var asked = "";
  var request = null;

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    items.forEach(function (item, i) {
      item.el.setAttribute("aria-selected", i === index ? "true" : "false");
      item.el.classList.toggle("active", i === index);
    });
    active = index;
    if (index >= 0) {
      box.setAttribute("aria-activedescendant", items[index].el.id);
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function choose(item) {
    close();
    if (item.kind === "zone") {
      window.location.assign(item.url);
      return;
    }
    box.value = item.text;
    form.submit();
  }

  function show(suggestions) {
    close();
    if (!suggestions.length) return;
    suggestions.forEach(function (s, i) {
      var li = document.createElement("li");
      li.id = "q-suggestion-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "suggestion kind-" + s.kind;
      var text = document.createElement("span");
      text.className = "s-text";
      text.textContent = s.text; // text, never markup: names come from crawled pages too
      var kind = document.createElement("span");
      kind.className = "s-kind";
      kind.textContent = KINDS[s.kind] || "";
      var detail = document.createElement("span");
      detail.className = "s-detail";
      detail.textContent = (s.detail ? s.detail + " · " : "") + (s.count ? s.count + " 篇" : "");
      li.appendChild(kind);
      li.appendChild(text);
      li.appendChild(detail);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the box
        choose(s);
      });
      list.appendChild(li);
      items.push({ el: li, kind: s.kind, text: s.text, url: s.url });
    });
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
  }

  function ask() {
    var text = box.value.trim();
    if (!text || text.length > 50) {
      asked = text;
      close();
      return;
    }
    if (text === asked && !list.hidden) return;
    asked = text;
    if (request) request.abort();
    request = new AbortController();
    fetch(endpoint + "?q=" + encodeURIComponent(text), {
      signal: request.signal,
      headers: { Accept: "application/json" },
    })
      .then(function (r) {
        return r.ok ? r.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (box.value.trim() === text && document.activeElement === box) show(data.suggestions || []);
      })
      .catch(function () {});
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY_MS);
  });
  box.addEventListener("keydown", function (event) {
    if (list.hidden || !items.length) {
      if (event.key === "ArrowDown" && box.value.trim()) {
        asked = "";
        ask();
        event.preventDefault();
      }
      return;
    }
    if (event.key === "ArrowDown") {
      highlight((active + 1) % items.length);
      event.preventDefault();
    } else if (event.key === "ArrowUp") {
      highlight(active <= 0 ? items.length - 1 : active - 1);
      event.preventDefault();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      choose(items[active]);
    } else if (event.key === "Escape") {
      close();
      event.preventDefault();
    }
  });
  box.addEventListener("blur", function () {
    setTimeout(close, 100);
  });
});
