// GWR Reader page behaviour. Progressive enhancement: every page reads fine without it.
(function () {
  "use strict";
  // Cite a paragraph: clicking its pilcrow copies a citation to the clipboard.
  const article = document.querySelector("article.report");
  if (!article) return;
  article.addEventListener("click", function (event) {
    const link = event.target.closest("a.pilcrow");
    if (!link || !navigator.clipboard) return;
    const para = link.closest(".para");
    if (!para) return;
    const all = Array.from(para.parentElement.querySelectorAll(":scope > .para"));
    const url = location.origin + location.pathname + "#" + para.id;
    const path = para.dataset.path ? "，" + para.dataset.path : "";
    const cite = article.dataset.region + " " + article.dataset.year + "，《" + article.dataset.title + "》" +
      path + "，第" + (all.indexOf(para) + 1) + "段。" + url;
    navigator.clipboard.writeText(cite).catch(function () {});
  });
})();
