// GWR Reader page behaviour. Progressive enhancement: every page reads fine without it.
(function () {
  "use strict";
  // "/" goes to the search box, as on most sites with search.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
    const box = document.getElementById("q") || document.querySelector(".site-search input");
    if (!box) return;
    event.preventDefault();
    box.focus();
  });

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

  // A term's definition is written once, in the page's list of terms (#def-<slug>, the slug
  // of the term's page that a mention links to): each mention is described by it, and shows it
  // (CSS, from data-def) when pointed at or focused. A link mark names itself once (aria-label),
  // which pointing at it shows as its tooltip.
  article.querySelectorAll(".ann.term").forEach(function (term) {
    const slug = term.pathname.replace(/\/$/, "").split("/").pop();
    if (document.getElementById("def-" + slug)) term.setAttribute("aria-describedby", "def-" + slug);
  });
  function define(event) {
    const link = event.target.closest ? event.target.closest(".ann.term, a.pilcrow") : null;
    if (link && link.matches("a.pilcrow") && !link.title) link.title = link.getAttribute("aria-label");
    if (!link || !link.matches(".ann.term") || link.dataset.def) return;
    const definition = document.getElementById(link.getAttribute("aria-describedby"));
    if (definition) link.dataset.def = definition.textContent;
  }
  article.addEventListener("pointerover", define);
  article.addEventListener("focusin", define);

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
  // The date of access is the reader's, filled in when a reference is shown or copied, so
  // that the built pages are the same whatever the day they were built.
  function today() {
    const now = new Date();
    return now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
      String(now.getDate()).padStart(2, "0");
  }
  function withAccessDate(text) {
    return text.split(article.dataset.access).join(today());
  }
  function tidy(text) {  // no mark doubled where a title or heading ends in one
    return text.replace(/([。．.，,；;：:])[。．.，,；;：:]+/g, "$1");
  }
  function citation(para) {
    const path = headingPath(para);
    const where = path.length ? path.join(" › ") : "导语";
    const year = article.dataset.year ? "（" + article.dataset.year + "）" : "";
    const short = tidy(article.dataset.region + "：《" + article.dataset.title + "》" + year + "，" + where +
      "，第" + paragraphNumber(para) + "段。");
    // The report's GB/T 7714 reference, its address taken to the paragraph
    const page = article.dataset.permalink;
    const reference = withAccessDate(article.dataset.reference).split(page + ".").join(page + "#" + para.id + ".");
    return short + "\n" + reference;
  }
  document.querySelectorAll("pre.cite-text").forEach(function (pre) { pre.textContent = withAccessDate(pre.textContent); });
  // Copied where the page may write the clipboard (a secure context); else left selected for Ctrl+C.
  function copyText(value, select, tell) {
    select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(value).then(function () { tell("已复制"); }, function () { tell("请手动复制"); });
    } else {
      tell("请按 Ctrl+C 复制");
    }
  }
  document.querySelectorAll("button.copy-cite").forEach(function (button) {
    const pre = document.getElementById(button.dataset.target);
    button.addEventListener("click", function () {
      copyText(pre.textContent, function () {
        const range = document.createRange();
        range.selectNodeContents(pre);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
      }, function (message) { button.textContent = message; });
    });
  });

  const box = document.getElementById("cite-box");
  const text = document.getElementById("cite-text");
  const status = document.getElementById("cite-status");
  let opener = null;
  function copy() {
    copyText(text.value, function () { text.select(); }, function (message) { status.textContent = message; });
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

  // Coming from a search result (?hl=…): mark every match and bring the first into view.
  const highlight = new URLSearchParams(location.search).get("hl");
  if (highlight && window.GwrSearch) {
    fetch(document.body.dataset.fold).then(function (r) { return r.json(); }).then(function (map) {
      const words = GwrSearch.parseQuery(highlight, map);
      let first = null;
      const scope = (location.hash && document.getElementById(location.hash.slice(1))) || article;
      article.querySelectorAll(".para, .heading > .htext").forEach(function (para) {
        const marks = markMatches(para, words, map);
        if (marks.length && !first && scope.contains(para)) first = marks[0];
      });
      if (first) first.scrollIntoView({ block: "center" });
    }).catch(function () { /* highlighting is a nicety */ });
  }

  // Text nodes of a paragraph, without its ¶ and 修 controls.
  function textNodes(para) {
    const nodes = [];
    const walker = document.createTreeWalker(para, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(".pilcrow, .fix") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }
  function markMatches(para, words, map) {
    const nodes = textNodes(para);
    const text = nodes.map(function (n) { return n.data; }).join("");
    const ranges = GwrSearch.matchRanges(text, words, map);
    const marks = [];
    // From the last range back, so that earlier offsets stay valid as nodes are split.
    for (let r = ranges.length - 1; r >= 0; r--) {
      let offset = 0;
      const pieces = [];
      for (const node of nodes) {
        const start = Math.max(ranges[r][0], offset), end = Math.min(ranges[r][1], offset + node.data.length);
        if (start < end) pieces.push([node, start - offset, end - offset]);
        offset += node.data.length;
      }
      for (let i = pieces.length - 1; i >= 0; i--) {
        const [node, s, e] = pieces[i];
        const range = document.createRange();
        range.setStart(node, s);
        range.setEnd(node, e);
        const mark = document.createElement("mark");
        mark.className = "hl";
        range.surroundContents(mark);
        marks.unshift(mark);
      }
    }
    return marks;
  }
})();
