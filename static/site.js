// GWR Reader page behaviour. Progressive enhancement: every page reads fine without it.
(function () {
  "use strict";
  const article = document.querySelector("article.report");
  if (!article) return;

  // Annotation switches work through CSS (:has) alone; this only remembers the choice.
  const STORE = "gwr-annotations";
  let saved = {};
  try { saved = JSON.parse(localStorage.getItem(STORE) || "{}"); } catch (e) { saved = {}; }
  document.querySelectorAll(".ann-toggles input[type=checkbox]").forEach(function (box) {
    if (box.id in saved) box.checked = saved[box.id];
    box.addEventListener("change", function () {
      saved[box.id] = box.checked;
      try { localStorage.setItem(STORE, JSON.stringify(saved)); } catch (e) { /* private mode */ }
    });
  });

  // Citation of one paragraph: region, year, title, section path, paragraph number, URL.
  function headingPath(para) {
    const path = [];
    for (let sec = para.closest("section.sec"); sec; sec = sec.parentElement.closest("section.sec")) {
      const text = sec.querySelector(":scope > .heading > .htext");
      if (text) path.unshift(text.textContent.trim());
    }
    return path;
  }
  function paragraphNumber(para) {
    const match = /p(\d+)$/.exec(para.id);
    return match ? match[1] : "";
  }
  function citation(para) {
    const url = location.origin + location.pathname + "#" + para.id;
    const path = headingPath(para);
    const where = path.length ? path.join(" › ") : "导语";
    const year = article.dataset.year ? "（" + article.dataset.year + "）" : "";
    return article.dataset.region + "：《" + article.dataset.title + "》" + year + "，" + where +
      "，第" + paragraphNumber(para) + "段。" + url;
  }

  const box = document.getElementById("cite-box");
  const text = document.getElementById("cite-text");
  const status = document.getElementById("cite-status");
  let opener = null;
  function copy() {
    text.select();
    const done = function () { status.textContent = "已复制"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text.value).then(done, function () { status.textContent = "请手动复制"; });
    } else {
      status.textContent = "请按 Ctrl+C 复制";
    }
  }
  function openCite(para, link) {
    opener = link;
    text.value = citation(para);
    status.textContent = "";
    box.hidden = false;
    const rect = para.getBoundingClientRect();
    box.style.top = (window.scrollY + rect.bottom + 4) + "px";
    text.focus();
    copy();
  }
  function closeCite() {
    box.hidden = true;
    if (opener) opener.focus();
  }
  article.addEventListener("click", function (event) {
    const link = event.target.closest(".para > a.pilcrow");
    if (!link) return;
    event.preventDefault();
    const para = link.parentElement;
    history.replaceState(null, "", "#" + para.id);
    openCite(para, link);
  });
  document.getElementById("cite-copy").addEventListener("click", copy);
  document.getElementById("cite-close").addEventListener("click", closeCite);
  box.addEventListener("keydown", function (event) { if (event.key === "Escape") closeCite(); });

  // The table of contents follows the reader: the section in view is marked.
  const toc = document.querySelector(".toc");
  if (toc && "IntersectionObserver" in window) {
    if (window.matchMedia("(max-width: 760px)").matches) {
      const details = toc.querySelector("details");
      if (details) details.open = false;
    }
    const links = {};
    toc.querySelectorAll("a[href^='#']").forEach(function (a) { links[a.getAttribute("href").slice(1)] = a; });
    let current = null;
    const observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        const link = links[entry.target.parentElement.id];
        if (!link || link === current) return;
        if (current) current.removeAttribute("aria-current");
        link.setAttribute("aria-current", "location");
        current = link;
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    article.querySelectorAll("section.sec > .heading").forEach(function (h) {
      if (links[h.parentElement.id]) observer.observe(h);
    });
  }
})();
