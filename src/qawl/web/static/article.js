// Hovering an attribution (its card, or any of its marks in the text) lights up all of it.
(function () {
  "use strict";
  function parts(ids) {
    var found = [];
    ids.split(" ").forEach(function (id) {
      if (id === "") return;
      document.querySelectorAll('[data-a~="' + id + '"]').forEach(function (el) { found.push(el); });
    });
    return found;
  }
  function wire(el) {
    var ids = el.getAttribute("data-a");
    el.addEventListener("mouseenter", function () { parts(ids).forEach(function (p) { p.classList.add("hl"); }); });
    el.addEventListener("mouseleave", function () { parts(ids).forEach(function (p) { p.classList.remove("hl"); }); });
  }
  document.querySelectorAll(".m[data-a], .attr[data-a]").forEach(wire);
})();
