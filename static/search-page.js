// The search page: reads ?q= (and filters) from its URL, keeps the URL in step, loads the
// index only when search is used (the shards of the query's words), shows the best reports
// PAGE at a time with their matching sections, highlights the matches.
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const summary = document.getElementById("summary");
  const filterBox = document.getElementById("filters");
  const list = document.getElementById("results");
  const FILTERS = ["province", "region", "year", "type"];
  const LABELS = { province: "省份", region: "地区", year: "年份", type: "类型" };
  const SNIPPET = 36;
  const PAGE = 20;  // reports shown at a time; each one's text is loaded to show its sections
  let loading = null;
  let state = readUrl();
  let found = [];  // candidate reports, best first
  let shown = 0;  // candidates checked so far
  let sectionsShown = 0;
  let data = null;
  let runId = 0;
  const shards = new Map();
  const texts = new Map();

  // A file of the site, or an error naming it.
  function get(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r;
    });
  }
  // Index files are kept gzipped (gwr/search/shards.py packed): unpacked here, unless the
  // host already did (sending them with Content-Encoding: gzip).
  function getJson(url) {
    return get(url).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
      const bytes = new Uint8Array(buffer);
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(buffer).json();
      return new Response(new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
    });
  }

  // Only the small manifest and the folding table at first; shards and texts when a query needs them.
  function load() {
    if (!loading) {
      loading = Promise.all([getJson(document.body.dataset.manifest), getJson(document.body.dataset.fold)])
        .then(function (parts) {
          data = { manifest: parts[0], map: parts[1] };
          return data;
        });
    }
    return loading;
  }

  function loadShard(bucket) {
    if (!shards.has(bucket)) {
      const url = GwrSearch.shardUrl(data.manifest, bucket);
      shards.set(bucket, url ? getJson(url).then(function (json) { return GwrSearch.loadShard(lunr, json); }) : Promise.resolve(null));
    }
    return shards.get(bucket);
  }

  // A report's sections, read from its page: the page is the text results are checked against.
  function loadText(report) {
    if (!texts.has(report)) {
      const url = GwrSearch.reportInfo(data.manifest, report).url;
      texts.set(report, get(url).then(function (r) { return r.text(); }).then(function (html) {
        return GwrSearch.pageSections(new DOMParser().parseFromString(html, "text/html"));
      }));
    }
    return texts.get(report);
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const read = { q: params.get("q") || "" };
    for (const f of FILTERS) read[f] = params.get(f) || "";
    return read;
  }
  function writeUrl(push) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const f of FILTERS) if (state[f]) params.set(f, state[f]);
    const url = location.pathname + (params.toString() ? "?" + params : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    document.title = (state.q ? state.q + " · " : "") + "检索 · GWR Reader";
  }

  function facts(number) {
    const r = GwrSearch.reportInfo(data.manifest, number);
    return { province: r.province || "省份不详", region: r.region || "地区不详", year: r.year ? String(r.year) : "年份不详",
             type: data.manifest.doc_types[r.type], report: r };
  }

  function filtered() {
    return found.filter(function (c) {
      const f = facts(c.report);
      return FILTERS.every(function (k) { return !state[k] || f[k] === state[k]; });
    });
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
      return show(started, id, result === null);
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

  function renderFilters() {
    filterBox.replaceChildren();
    if (!found.length) return;
    for (const f of FILTERS) {
      const counts = new Map();
      for (const c of found) {
        const v = facts(c.report)[f];
        counts.set(v, (counts.get(v) || 0) + 1);
      }
      const label = el("label", {}, LABELS[f] + " ");
      const select = el("select", { name: f, "data-filter": f });
      select.append(el("option", { value: "" }, "全部"));
      for (const v of Array.from(counts.keys()).sort()) {
        const option = el("option", { value: v }, v + "（" + counts.get(v) + " 篇）");
        if (v === state[f]) option.selected = true;
        select.append(option);
      }
      label.append(select);
      filterBox.append(label);
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
    box.append(el("p", { class: "result-meta" }, [r.region || "地区不详", r.year || "年份不详", data.manifest.doc_types[r.type],
      hits.length + " 处"].join(" · ")));
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

  // Show the filtered reports from the first (more: from where the list stopped), PAGE at a time.
  async function show(started, id, noTerms, more) {
    if (!more) {
      list.replaceChildren();
      renderFilters();
      shown = 0;
      sectionsShown = 0;
    }
    const candidates = data ? filtered() : [];
    const words = data ? GwrSearch.parseQuery(state.q, data.map) : [];
    const next = candidates.slice(shown, shown + PAGE);
    const sections = await Promise.all(next.map(function (c) { return loadText(c.report); }));
    if (id !== runId) return;
    next.forEach(function (c, i) {
      const hits = GwrSearch.matchingSections(sections[i], words, data.map);
      if (hits.length) list.append(resultGroup(c.report, hits, words));
      sectionsShown += hits.length;
    });
    shown += next.length;
    const ms = Math.round(performance.now() - started);
    const reports = list.querySelectorAll(".result-group").length;
    if (!state.q.trim()) summary.textContent = "输入词语即开始检索；支持繁简通用、数字和字母（如 G60、PM2.5），用引号检索完整短语。";
    else if (noTerms) summary.textContent = "请输入文字、数字或字母：“" + state.q + "”只有标点。";
    else if (!found.length) summary.textContent = "没有找到“" + state.q + "”。";
    else summary.textContent = "“" + state.q + "”：" + reports + " 篇文档中的 " + sectionsShown + " 节" +
      (shown < candidates.length ? "（索引初筛出 " + candidates.length + " 篇，已核对前 " + shown + " 篇）" : "") +
      (candidates.length < found.length ? "；筛选前 " + found.length + " 篇" : "") + "。用时 " + ms + " 毫秒。";
    summary.dataset.ms = String(ms);
    summary.dataset.count = String(sectionsShown);
    moreButton.hidden = shown >= candidates.length;
  }

  const moreButton = el("button", { type: "button", class: "more", hidden: "" }, "显示更多");
  list.after(moreButton);
  moreButton.addEventListener("click", function () { show(performance.now(), runId, false, true); });

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
    show(performance.now(), ++runId);
    writeUrl(true);
  });
  window.addEventListener("popstate", function () {
    state = readUrl();
    input.value = state.q;
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
  run(false);
})();
