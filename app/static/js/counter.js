// Character counters under text areas with a limit (data-maxlength): "1 234 of 5 000
// characters", marked when over. The text itself is never cut; the server explains.
(function () {
  "use strict";
  function attach(area) {
    var max = parseInt(area.getAttribute("data-maxlength"), 10);
    var template = area.getAttribute("data-counter") || "%(count)s / %(max)s";
    var out = document.createElement("p");
    out.className = "counter";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    function update() {
      // Characters as the server counts them (code points): an emoji is one, not two.
      var count = Array.from(area.value).length;
      out.textContent = template
        .replace("%(count)s", count.toLocaleString(document.documentElement.lang))
        .replace("%(max)s", max.toLocaleString(document.documentElement.lang));
      out.classList.toggle("over", count > max);
    }
    area.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("textarea[data-maxlength]").forEach(attach);
})();
