// Sorting and filtering of the account table, and the same filters over the activities.
// The page works without this script: it only hides rows and orders them.
(function () {
  "use strict";
  var table = document.getElementById("authors");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var sections = {};
  Array.prototype.forEach.call(document.querySelectorAll("section.person"), function (s) {
    sections[s.id] = s;
  });
  var $ = function (id) { return document.getElementById(id); };
  var controls = ["f-rule", "f-camp", "f-kind", "f-from", "f-to", "f-text"].map($);
  var count = $("f-count");

  function has(list, value) { return !value || (list || "").indexOf("|" + value + "|") >= 0; }

  function activityMatches(a, f) {
    var d = a.getAttribute("data-date");
    return has(a.getAttribute("data-rules"), f.rule) && has(a.getAttribute("data-camps"), f.camp) &&
      (!f.kind || a.getAttribute("data-kind") === f.kind) &&
      (!f.from || (d && d >= f.from)) && (!f.to || (d && d <= f.to));
  }

  function apply() {
    var f = { rule: controls[0].value, camp: controls[1].value, kind: controls[2].value,
      from: controls[3].value, to: controls[4].value, text: controls[5].value.trim().toLowerCase() };
    var shown = 0;
    rows.forEach(function (row) {
      var first = row.getAttribute("data-first"), last = row.getAttribute("data-last");
      var ok = has(row.getAttribute("data-rules"), f.rule) && has(row.getAttribute("data-camps"), f.camp) &&
        has(row.getAttribute("data-kinds"), f.kind) &&
        (!f.from || (last && last >= f.from)) && (!f.to || (first && first <= f.to));
      var section = sections[row.getAttribute("data-target")];
      if (ok && f.text) {
        ok = row.getAttribute("data-search").indexOf(f.text) >= 0 ||
          (section && section.textContent.toLowerCase().indexOf(f.text) >= 0);
      }
      row.hidden = !ok;
      if (section) {
        section.hidden = !ok;
        Array.prototype.forEach.call(section.querySelectorAll("article.activity"), function (a) {
          a.hidden = !activityMatches(a, f);
        });
      }
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " " + count.getAttribute("data-label");
  }

  function key(row, how) {
    switch (how) {
      case "num": return Number(row.getAttribute("data-count"));
      case "score": return Number(row.getAttribute("data-score"));
      case "date-first": return row.getAttribute("data-first") || "";
      case "date-last": return row.getAttribute("data-last") || "";
      default: return row.cells[0].textContent.toLowerCase();
    }
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var how = th.getAttribute("data-sort");
    if (!how) { return; }
    th.tabIndex = 0;
    function sort() {
      var down = th.getAttribute("aria-sort") !== "descending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = key(a, how), y = key(b, how);
        var c = x < y ? -1 : x > y ? 1 : 0;
        return down ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });

  controls.forEach(function (c) { c.addEventListener("input", apply); c.addEventListener("change", apply); });
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  apply();

  // Errors met on the page, for a reader and for the browser test.
  var errors = $("js-errors");
  function report() {
    errors.textContent = (window.__netralErrors || []).join("\n");
    errors.hidden = !errors.textContent;
  }
  window.addEventListener("error", report);
  report();
  document.body.setAttribute("data-ready", "1");
}());
