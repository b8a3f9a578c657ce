// The search page: reads ?q= (and filters, sort) from its URL, keeps the URL in step, loads the
// index only when search is used (the shards of the query's words), shows the reports PAGE at
// a time with their matching sections, highlights the matches, then checks the other
// candidates so that the counts it gives are exact: up to AUTO_CHECK of them at once, up to
// CHECK_LIMIT when the reader asks (each check reads a report page: a common word in a national
// corpus would otherwise fetch thousands of pages unasked). A count it has not made, it says so.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const summary = document.getElementById("summary");
  const filterBox = document.getElementById("filters");
  const list = document.getElementById("results");
  const sortBox = document.getElementById("sort");
  const exportButton = document.getElementById("export");
  const countButton = document.getElementById("count-all");
  const FILTERS = ["province", "region", "level", "year", "type"];
  const LABELS = { province: "省份", region: "地区", level: "层级", year: "年份", type: "类型" };
  const SNIPPET = 36;
  const PAGE = 20;  // reports shown at a time; each one's text is loaded to show its sections
  const AUTO_CHECK = 200;  // candidates checked against their text for the count, unasked
  const CHECK_LIMIT = 2000;  // candidates checked when the reader asks for the count or the export
  const NEWS = "news";
  let state = readUrl();
  let found = [];  // candidate reports, best first
  let shown = 0;  // candidates shown so far
  let data = null;
  let runId = 0;

  const site = GwrSearch.siteData(lunr, document.body.dataset.manifest, document.body.dataset.fold);
  function load() { return site.load().then(function (loaded) { data = loaded; return data; }); }
  const loadShard = site.shard;
  const loadText = site.text;

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const read = { q: params.get("q") || "", sort: params.get("sort") || "" };
    for (const f of FILTERS) read[f] = params.get(f) || "";
    return read;
  }
  function writeUrl(push) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const f of FILTERS) if (state[f]) params.set(f, state[f]);
    if (state.sort) params.set("sort", state.sort);
    const url = location.pathname + (params.toString() ? "?" + params : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    document.title = (state.q ? state.q + " · " : "") + "检索 · GWR Reader";
  }

  function facts(number) {
    const r = GwrSearch.reportInfo(data.manifest, number);
    return { province: r.province || "省份不详", region: r.region || "地区不详",
             level: data.manifest.levels[r.level] || "层级不详", year: r.year ? String(r.year) : "年份不详",
             type: data.manifest.doc_types[r.type], report: r };
  }

  // Orders of the results: by relevance with the reports before the news (unless asked to mix
  // them), by year either way, by region (then year); ties keep the index's order.
  const ORDERS = {
    "": function (a, b) { return (a.info.type === NEWS) - (b.info.type === NEWS); },
    mixed: function () { return 0; },
    "year-desc": function (a, b) { return b.info.year - a.info.year; },
    "year-asc": function (a, b) { return (a.info.year || 9999) - (b.info.year || 9999); },
    region: function (a, b) {
      return (a.info.province || "\uffff").localeCompare(b.info.province || "\uffff", "zh-Hans-CN") ||
        (a.info.region || "\uffff").localeCompare(b.info.region || "\uffff", "zh-Hans-CN") || a.info.year - b.info.year;
    },
  };

  // The candidates the filters keep, in the chosen order.
  function filtered() {
    const order = ORDERS[state.sort] || ORDERS[""];
    return found.map(function (c, rank) { return { report: c.report, rank: rank, info: GwrSearch.reportInfo(data.manifest, c.report) }; })
      .filter(function (c) {
        const f = facts(c.report);
        return FILTERS.every(function (k) { return !state[k] || f[k] === state[k]; });
      })
      .sort(function (a, b) { return order(a, b) || a.rank - b.rank; });
  }

  function run(push) {
    const started = performance.now();
    const id = ++runId;
    if (!state.q.trim()) {
      found = [];
      show(started, id);
      writeUrl(push);
      return;
    }
    summary.textContent = "正在检索…";
    load().then(function () {
      const words = GwrSearch.parseQuery(state.q, data.map);
      return GwrSearch.candidates(lunr, data.manifest, GwrSearch.queryTerms(words), loadShard);
    }).then(function (result) {
      if (id !== runId) return;  // a newer query is under way
      found = result || [];
      writeUrl(push);
      return show(started, id, result === null, false, true);
    }).catch(function (err) {
      summary.textContent = "索引载入失败：" + err.message;
    });
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function snippet(text, words) {
    const p = el("p", { class: "snippet" });
    const ranges = GwrSearch.matchRanges(text, words, data.map);
    if (!ranges.length) { p.textContent = text.slice(0, SNIPPET * 2); return p; }
    const from = Math.max(0, ranges[0][0] - SNIPPET);
    const to = Math.min(text.length, ranges[0][1] + SNIPPET * 2);
    let pos = from;
    if (from > 0) p.append("…");
    for (const [s, e] of ranges) {
      if (s >= to) break;
      if (s < pos) continue;
      p.append(text.slice(pos, s));
      p.append(el("mark", {}, text.slice(s, Math.min(e, to))));
      pos = Math.min(e, to);
    }
    p.append(text.slice(pos, to));
    if (to < text.length) p.append("…");
    return p;
  }

  // The filters of a new result list (not of a filter's change: the control a keyboard user
  // changed stays where it is, with the focus on it; only its counts change, filterCounts).
  function renderFilters() {
    filterBox.replaceChildren();
    if (!found.length) return;
    for (const f of FILTERS) {
      const values = new Set(found.map(function (c) { return facts(c.report)[f]; }));
      const label = el("label", {}, LABELS[f] + " ");
      const select = el("select", { name: f, "data-filter": f });
      select.append(el("option", { value: "" }, "全部"));
      for (const v of Array.from(values).sort()) {
        const option = el("option", { value: v, "data-value": v }, v);
        if (v === state[f]) option.selected = true;
        select.append(option);
      }
      label.append(select);
      filterBox.append(label);
    }
    filterCounts();
  }

  // Each option's count: the candidates it would leave with the other filters as they are.
  function filterCounts() {
    for (const select of filterBox.querySelectorAll("select[data-filter]")) {
      const f = select.dataset.filter;
      const counts = new Map();
      for (const c of found) {
        const facts_ = facts(c.report);
        if (FILTERS.every(function (k) { return k === f || !state[k] || facts_[k] === state[k]; })) {
          counts.set(facts_[f], (counts.get(facts_[f]) || 0) + 1);
        }
      }
      for (const option of select.querySelectorAll("option[data-value]")) {
        option.textContent = option.dataset.value + "（" + (counts.get(option.dataset.value) || 0) + " 篇）";
      }
    }
  }

  // One report's matching sections; a report whose words stand in different sections shows none.
  function resultGroup(number, hits, words) {
    const r = GwrSearch.reportInfo(data.manifest, number);
    const hl = "?hl=" + encodeURIComponent(state.q);
    const box = el("section", { class: "result-group" });
    const h2 = el("h2");
    h2.append(el("a", { href: r.url + hl }, r.title));
    box.append(h2);
    box.append(el("p", { class: "result-meta" }, [r.region || "地区不详", data.manifest.levels[r.level] || "层级不详",
      r.year || "年份不详", data.manifest.doc_types[r.type], hits.length + " 处"].join(" · ")));
    const ol = el("ol");
    for (const h of hits) {
      const li = el("li");
      const where = h.section[1].length ? h.section[1].join(" › ") : "导语";
      li.append(el("a", { class: "result-link", href: r.url + hl + (h.section[0] ? "#" + h.section[0] : "") }, where));
      li.append(snippet(h.section[2] || where, words));
      ol.append(li);
    }
    box.append(ol);
    return box;
  }

  // The sections of a candidate that really hold the words (none when they stand apart).
  function hitsOf(report, words) {
    return loadText(report).then(function (sections) { return GwrSearch.matchingSections(sections, words, data.map); });
  }

  // The candidates checked (the first `limit`): [{report, hits}] of those that hold the words.
  async function checkAll(candidates, words, id, limit) {
    const checked = [];
    const upTo = candidates.slice(0, limit);
    for (let i = 0; i < upTo.length; i += PAGE) {
      const batch = upTo.slice(i, i + PAGE);
      const hits = await Promise.all(batch.map(function (c) { return hitsOf(c.report, words); }));
      if (id !== runId) return null;
      batch.forEach(function (c, j) { if (hits[j].length) checked.push({ report: c.report, hits: hits[j] }); });
    }
    return checked;
  }

  // The summary: exact when every candidate was checked, else what was checked of how many.
  function describe(reports, sections, candidates, checkedUpTo, ms) {
    let text = "“" + state.q + "”：";
    if (checkedUpTo === null) text += "索引初筛出 " + candidates.length + " 篇，正在核对…";
    else if (checkedUpTo >= candidates.length) text += reports + " 篇文档中的 " + sections + " 节";
    else text += "已核对索引初筛出的 " + candidates.length + " 篇中的前 " + checkedUpTo + " 篇：其中 " + reports +
      " 篇文档的 " + sections + " 节含该词";
    if (candidates.length < found.length) text += "；筛选前 " + found.length + " 篇";
    return text + "。用时 " + ms + " 毫秒。";
  }

  // Check the candidates (up to `limit`) and say what they hold; the button offers the rest.
  async function count(candidates, words, id, limit, started) {
    const checked = await checkAll(candidates, words, id, limit);
    if (!checked) return;
    const upTo = Math.min(limit, candidates.length);
    const sections = checked.reduce(function (n, c) { return n + c.hits.length; }, 0);
    summary.textContent = describe(checked.length, sections, candidates, upTo, Math.round(performance.now() - started));
    countButton.hidden = upTo >= candidates.length || upTo >= CHECK_LIMIT;
    countButton.textContent = "核对全部 " + Math.min(candidates.length, CHECK_LIMIT) + " 篇并计数";
    if (upTo >= candidates.length) {
      summary.dataset.count = String(sections);
      summary.dataset.reports = String(checked.length);
    }
  }

  // Show the filtered reports from the first (more: from where the list stopped), PAGE at a time,
  // then count them all. A new result list (newList) gets its filters made anew.
  async function show(started, id, noTerms, more, newList) {
    if (!more) {
      list.replaceChildren();
      if (newList) renderFilters();
      shown = 0;
      delete summary.dataset.count;  // until the new list is counted
      delete summary.dataset.reports;
      countButton.hidden = true;
    }
    const candidates = data ? filtered() : [];
    const words = data ? GwrSearch.parseQuery(state.q, data.map) : [];
    const next = candidates.slice(shown, shown + PAGE);
    const hits = await Promise.all(next.map(function (c) { return hitsOf(c.report, words); }));
    if (id !== runId) return;
    next.forEach(function (c, i) { if (hits[i].length) list.append(resultGroup(c.report, hits[i], words)); });
    shown += next.length;
    moreButton.hidden = shown >= candidates.length;
    exportButton.hidden = !candidates.length;
    if (!state.q.trim()) summary.textContent = "输入词语即开始检索；支持繁简通用、数字和字母（如 G60、PM2.5），用引号检索完整短语。";
    else if (noTerms) summary.textContent = "请输入文字、数字或字母：“" + state.q + "”只有标点。";
    else if (!found.length) summary.textContent = "没有找到“" + state.q + "”。";
    if (more) return;
    const ms = Math.round(performance.now() - started);  // the first results shown
    summary.dataset.ms = String(ms);
    if (!state.q.trim() || noTerms || !found.length) {
      summary.dataset.count = "0";
      summary.dataset.reports = "0";
      return;
    }
    summary.textContent = describe(0, 0, candidates, null, ms);
    await count(candidates, words, id, AUTO_CHECK, started);
  }

  // The results as a CSV file: a row per matching section, with its report, its address and
  // the words around the first match.
  async function exportCsv() {
    const id = runId;
    const words = GwrSearch.parseQuery(state.q, data.map);
    exportButton.disabled = true;
    const checked = await checkAll(filtered(), words, id, CHECK_LIMIT);
    exportButton.disabled = false;
    if (!checked) return;
    const rows = [["报告", "地区", "省份", "层级", "年份", "类型", "位置", "链接", "摘录"]];
    for (const c of checked) {
      const f = facts(c.report);
      for (const h of c.hits) {
        const where = h.section[1].length ? h.section[1].join(" › ") : "导语";
        const url = new URL(f.report.url + (h.section[0] ? "#" + h.section[0] : ""), location.href).href;
        rows.push([f.report.title, f.report.region, f.report.province, f.level, f.report.year || "", f.type, where, url,
          snippet(h.section[2] || where, words).textContent.replace(/\s+/g, " ")]);
      }
    }
    GwrSearch.downloadCsv(rows, "检索", state.q);
  }

  const moreButton = el("button", { type: "button", class: "more", hidden: "" }, "显示更多");
  list.after(moreButton);
  moreButton.addEventListener("click", function () { show(performance.now(), runId, false, true); });
  exportButton.addEventListener("click", exportCsv);
  countButton.addEventListener("click", function () {
    countButton.hidden = true;
    count(filtered(), GwrSearch.parseQuery(state.q, data.map), runId, CHECK_LIMIT, performance.now());
  });
  sortBox.addEventListener("change", function () {
    state.sort = sortBox.value;
    show(performance.now(), ++runId);
    writeUrl(true);
  });

  let timer = null;
  input.addEventListener("focus", function () { load(); }, { once: true });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = input.value; run(false); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    state.q = input.value;
    run(true);
  });
  filterBox.addEventListener("change", function (event) {
    const f = event.target.dataset.filter;
    if (!f) return;
    state[f] = event.target.value;
    filterCounts();
    show(performance.now(), ++runId);
    writeUrl(true);
  });
  window.addEventListener("popstate", function () {
    state = readUrl();
    input.value = state.q;
    sortBox.value = state.sort;
    run(false);
  });
  // Arrow keys move between the search box and the results.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = Array.from(list.querySelectorAll("a.result-link"));
    const at = links.indexOf(document.activeElement);
    if (document.activeElement === input && event.key === "ArrowDown" && links.length) links[0].focus();
    else if (at > -1) (links[at + (event.key === "ArrowDown" ? 1 : -1)] || input).focus();
    else return;
    event.preventDefault();
  });

  input.value = state.q;
  sortBox.value = state.sort;
  run(false);
})();
