// Progressive enhancements only: the page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Filter boxes for long facet lists (hidden until this script shows them).
  document.querySelectorAll("input[data-filter-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) return;
    input.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = needle !== "" && item.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  });

  // "/" focuses the search box, as on most search sites.
  var box = document.getElementById("q");
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && box && tag !== "INPUT" && tag !== "TEXTAREA") {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
});
