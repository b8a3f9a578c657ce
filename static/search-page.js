// The search page: reads ?q= (and filters) from its URL, keeps the URL in step, loads the
// index only when search is used, groups results by report, highlights the matches.
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
  let loading = null;
  let state = readUrl();
  let hits = [];
  let data = null;

  function load() {
    if (!loading) {
      // The page names the search data files: their names carry a hash of their content.
      const get = function (key) {
        const url = document.body.dataset[key];
        return fetch(url).then(function (r) {
          if (!r.ok) throw new Error(url + ": " + r.status);
          return r.json();
        });
      };
      loading = Promise.all([get("index"), get("store"), get("fold")]).then(function (parts) {
        data = { index: lunr.Index.load(parts[0]), store: parts[1], map: parts[2] };
        return data;
      });
    }
    return loading;
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

  function facts(hit) {
    const r = data.store.reports[hit.section[0]];
    return { province: r[3] || "省份不详", region: r[2] || "地区不详", year: r[4] ? String(r[4]) : "年份不详",
             type: data.store.doc_types[r[5]], report: r };
  }

  function run(push) {
    const started = performance.now();
    if (!state.q.trim()) {
      hits = [];
      render(started);
      writeUrl(push);
      return;
    }
    summary.textContent = "正在载入索引…";
    load().then(function () {
      hits = GwrSearch.search(lunr, data.index, data.store, data.map, state.q);
      render(started);
      writeUrl(push);
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

  function renderFilters(all) {
    filterBox.replaceChildren();
    if (!all.length) return;
    for (const f of FILTERS) {
      const counts = new Map();
      for (const h of all) {
        const v = facts(h)[f];
        counts.set(v, (counts.get(v) || 0) + 1);
      }
      const label = el("label", {}, LABELS[f] + " ");
      const select = el("select", { name: f, "data-filter": f });
      select.append(el("option", { value: "" }, "全部"));
      for (const v of Array.from(counts.keys()).sort()) {
        const option = el("option", { value: v }, v + "（" + counts.get(v) + "）");
        if (v === state[f]) option.selected = true;
        select.append(option);
      }
      label.append(select);
      filterBox.append(label);
    }
  }

  function render(started) {
    list.replaceChildren();
    renderFilters(hits);
    const shown = hits.filter(function (h) {
      const f = facts(h);
      return FILTERS.every(function (k) { return !state[k] || f[k] === state[k]; });
    });
    const groups = new Map();
    for (const h of shown) {
      const key = h.section[0];
      if (!groups.has(key)) groups.set(key, { score: 0, hits: [] });
      const g = groups.get(key);
      g.score += h.score;  // a report where the words stand in many sections ranks higher
      g.hits.push(h);
    }
    const ordered = Array.from(groups.entries()).sort(function (a, b) { return b[1].score - a[1].score || a[0] - b[0]; });
    const words = GwrSearch.parseQuery(state.q, data ? data.map : {});
    const hl = "?hl=" + encodeURIComponent(state.q);
    for (const [number, group] of ordered) {
      const r = data.store.reports[number];
      const box = el("section", { class: "result-group" });
      const h2 = el("h2");
      h2.append(el("a", { href: r[6] + hl }, r[1]));
      box.append(h2);
      box.append(el("p", { class: "result-meta" }, [r[2] || "地区不详", r[4] || "年份不详", data.store.doc_types[r[5]],
        group.hits.length + " 处"].join(" · ")));
      const ol = el("ol");
      group.hits.sort(function (a, b) { return a.ref - b.ref; });
      for (const h of group.hits) {
        const li = el("li");
        const where = h.section[2].length ? h.section[2].join(" › ") : "导语";
        li.append(el("a", { class: "result-link", href: r[6] + hl + (h.section[1] ? "#" + h.section[1] : "") }, where));
        li.append(snippet(h.section[3] || where, words));
        ol.append(li);
      }
      box.append(ol);
      list.append(box);
    }
    const ms = Math.round(performance.now() - started);
    if (!state.q.trim()) summary.textContent = "输入词语后按回车检索；支持繁简通用、数字和字母（如 G60、PM2.5），用引号检索完整短语。";
    else if (!hits.length) summary.textContent = "没有找到“" + state.q + "”。";
    else summary.textContent = "“" + state.q + "”：" + shown.length + " 节，" + ordered.length + " 篇文档" +
      (shown.length < hits.length ? "（筛选前 " + hits.length + " 节）" : "") + "。用时 " + ms + " 毫秒。";
    summary.dataset.ms = String(ms);
    summary.dataset.count = String(shown.length);
  }

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
    render(performance.now());
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
