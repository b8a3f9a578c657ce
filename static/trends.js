// The trends page: how often a phrase occurs in the reports of each year (per 10,000 characters
// and per report), by level and by province, with the news apart. The reports that may hold it
// come from the search index, as on the search page; each one's page is then read and the
// phrase counted there, so the counts are the search page's (string matches, simplified and
// traditional folded). A year of the corpus without a report is shown as such, not skipped.
(function () {
  "use strict";
  const form = document.getElementById("trend-form");
  const input = document.getElementById("phrase");
  const levelBox = document.getElementById("trend-level");
  const summary = document.getElementById("trend-summary");
  const output = document.getElementById("trend-output");
  const chart = document.getElementById("trend-chart");
  const caption = document.getElementById("trend-caption");
  const csvButton = document.getElementById("trend-csv");
  const site = GwrSearch.siteData(lunr, document.body.dataset.manifest, document.body.dataset.fold);
  const BATCH = 20;  // report pages read at a time
  const CHECK_LIMIT = 3000;  // report pages read for one trend at most (each is tens of kilobytes)
  const REPORT_TYPES = ["work_report", "plan_report"];  // a resolution on a report is not a report
  const SVG = "http://www.w3.org/2000/svg";
  let runId = 0;
  let table = [];  // the rows of the CSV: the tables' rows, each named by its table

  function readUrl() {
    const params = new URLSearchParams(location.search);
    return { q: params.get("q") || "", level: params.get("level") || "" };
  }

  // Counts of one cell: documents, those mentioning the phrase, occurrences, characters.
  function cell() { return { docs: 0, mentioning: 0, count: 0, chars: 0 }; }
  function add(map, key, info, count) {
    if (!map.has(key)) map.set(key, cell());
    const c = map.get(key);
    c.docs += 1;
    c.chars += info.chars;
    c.count += count;
    if (count) c.mentioning += 1;
  }
  function per10k(c) { return c.chars ? (c.count * 10000 / c.chars).toFixed(2) : ""; }
  function perReport(c) { return c.docs ? (c.count / c.docs).toFixed(2) : ""; }

  // The phrase's occurrences in each candidate document: number -> count.
  async function countAll(found, words, data, id, level) {
    const counts = new Map();
    const wanted = found.filter(function (c) { return !level || GwrSearch.reportInfo(data.manifest, c.report).level === level; });
    if (wanted.length > CHECK_LIMIT) {  // a partial count would draw a false trend: say so instead
      summary.textContent = "“" + state.q.trim() + "”可能出现在 " + wanted.length + " 篇文档中，超过本页一次核对的上限 " +
        CHECK_LIMIT + " 篇：请选择一个层级缩小范围。";
      output.hidden = true;
      summary.dataset.count = "";
      return null;
    }
    for (let i = 0; i < wanted.length; i += BATCH) {
      const batch = wanted.slice(i, i + BATCH);
      const texts = await Promise.all(batch.map(function (c) { return site.text(c.report); }));
      if (id !== runId) return null;
      batch.forEach(function (c, j) { counts.set(c.report, GwrSearch.occurrences(texts[j], words, data.map)); });
      summary.textContent = "正在核对：" + Math.min(i + BATCH, wanted.length) + " / " + wanted.length + " 篇…";
    }
    return counts;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Bars of the reports' rate per 10,000 characters, a year a bar, every year of the corpus:
  // a year without reports gets a mark saying so.
  function drawChart(years, byYear, phrase) {
    // as wide as the page gives it (within bounds), so that its labels keep a readable size on a phone
    const width = Math.max(360, Math.min(760, chart.clientWidth || 760)), height = 220, left = 44, bottom = 34, top = 12;
    const slot = (width - left) / Math.max(1, years.length);
    const rates = years.map(function (y) { const c = byYear.get(y); return c && c.docs ? c.count * 10000 / c.chars : null; });
    const max = Math.max.apply(null, rates.filter(function (r) { return r !== null; }).concat([0])) || 1;
    const box = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", class: "chart trend",
                             "aria-label": "“" + phrase + "”各年报告中每万字出现次数" });
    box.append(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: "axis" }));
    box.append(svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", class: "tick" }, max.toFixed(1)));
    box.append(svg("text", { x: left - 4, y: height - bottom, "text-anchor": "end", class: "tick" }, "0"));
    const every = Math.ceil(years.length / Math.floor(width / 64));  // year labels that fit
    years.forEach(function (year, i) {
      const x = left + i * slot;
      const rate = rates[i];
      const c = byYear.get(year);
      const g = svg("g", { "data-year": year });
      if (rate === null) {
        g.append(svg("text", { x: x + slot / 2, y: height - bottom - 3, "text-anchor": "middle", class: "none" }, "无"));
        g.append(svg("title", {}, year + "年：无报告"));
      } else {
        const h = Math.max(rate > 0 ? 1 : 0, rate / max * (height - bottom - top));
        g.append(svg("rect", { x: x + slot * 0.15, y: height - bottom - h, width: Math.max(1, slot * 0.7), height: h, class: "bar" }));
        g.append(svg("title", {}, year + "年：每万字 " + rate.toFixed(2) + " 次（" + c.count + " 次，" + c.mentioning + "/" + c.docs + " 篇报告提及）"));
      }
      if (i % every === 0) g.append(svg("text", { x: x + slot / 2, y: height - bottom + 14, "text-anchor": "middle", class: "tick" }, String(year)));
      box.append(g);
    });
    chart.replaceChildren(box);
  }

  function fillTable(id, rows) {
    const body = document.querySelector("#" + id + " tbody");
    body.replaceChildren();
    for (const row of rows) {
      const tr = el("tr", row.attrs || {});
      row.cells.forEach(function (value, i) { tr.append(el(i ? "td" : "th", i ? { class: "num-cell" } : { scope: "row" }, String(value))); });
      body.append(tr);
    }
  }
  function counted(label, c) { return [label, c.docs, c.mentioning, c.count, per10k(c), perReport(c)]; }

  function render(phrase, data, counts, level) {
    const reports = new Map(), news = new Map(), levels = new Map(), provinces = new Map();
    let allYears = [];
    data.manifest.reports.forEach(function (_, number) {
      const info = GwrSearch.reportInfo(data.manifest, number);
      if (info.year) allYears.push(info.year);
      if (level && info.level !== level) return;
      const count = counts.get(number) || 0;
      const year = info.year || "年份不详";
      if (!REPORT_TYPES.includes(info.type)) { add(news, year, info, count); return; }  // news and resolutions apart
      add(reports, year, info, count);
      add(levels, data.manifest.levels[info.level] || "层级不详", info, count);
      add(provinces, info.province || (info.level === "national" ? "全国" : "省份不详"), info, count);
    });
    allYears = allYears.length ? allYears : [0];
    const first = Math.min.apply(null, allYears), last = Math.max.apply(null, allYears);
    const years = [];
    for (let y = first; y <= last && y > 0; y++) years.push(y);
    if (reports.has("年份不详") || news.has("年份不详")) years.push("年份不详");
    const none = cell();
    const yearRows = years.map(function (y) {
      const r = reports.get(y) || none, n = news.get(y) || none;
      const cells = counted(String(y), r).concat([n.docs, n.mentioning, n.count]);
      if (!r.docs) { cells[4] = "无报告"; cells[5] = "无报告"; }
      return { cells: cells, attrs: { "data-year": String(y), "data-mentioning": String(r.mentioning + n.mentioning) } };
    });
    fillTable("trend-years", yearRows);
    const byCount = function (a, b) { return b[1].count - a[1].count || b[1].docs - a[1].docs || a[0].localeCompare(b[0], "zh-Hans-CN"); };
    const levelRows = Array.from(levels.entries()).sort(byCount).map(function (e) { return { cells: counted(e[0], e[1]) }; });
    const provinceRows = Array.from(provinces.entries()).sort(byCount).map(function (e) { return { cells: counted(e[0], e[1]) }; });
    fillTable("trend-levels", levelRows);
    fillTable("trend-provinces", provinceRows);
    output.hidden = false;  // first: the chart is drawn as wide as it is shown
    drawChart(years.filter(function (y) { return y !== "年份不详"; }), reports, phrase);
    caption.textContent = "“" + phrase + "”：各年报告中每万字出现次数" + (level ? "（" + data.manifest.levels[level] + "）" : "") +
      "；“无”表示该年没有报告";
    const total = function (m, key) { let n = 0; m.forEach(function (c) { n += c[key]; }); return n; };
    summary.textContent = "“" + phrase + "”：报告中出现 " + total(reports, "count") + " 次，" + total(reports, "mentioning") + " 篇提及（共 " +
      total(reports, "docs") + " 篇）；新闻与决议中出现 " + total(news, "count") + " 次，" + total(news, "mentioning") + " 篇提及。";
    summary.dataset.count = String(total(reports, "count") + total(news, "count"));
    table = [["表", "分组", "报告篇数", "提及篇数", "出现次数", "每万字", "每篇", "新闻与决议篇数", "其中提及", "新闻与决议中次数"]]
      .concat(yearRows.map(function (r) { return ["年份"].concat(r.cells); }))
      .concat(levelRows.map(function (r) { return ["层级"].concat(r.cells); }))
      .concat(provinceRows.map(function (r) { return ["省份"].concat(r.cells); }));
  }

  async function run(push) {
    const id = ++runId;
    const phrase = state.q.trim().replace(/^["“”「『]+|["“”」』]+$/g, "");
    const params = new URLSearchParams();
    if (phrase) params.set("q", phrase);
    if (state.level) params.set("level", state.level);
    const url = location.pathname + (params.toString() ? "?" + params : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
    delete summary.dataset.count;
    if (!phrase) {
      output.hidden = true;
      summary.textContent = "输入词语后即可查看；数字和字母（如 PM2.5）也可。";
      return;
    }
    document.title = phrase + " · 趋势 · GWR Reader";
    summary.textContent = "正在检索…";
    try {
      const result = await site.find("\u201c" + phrase + "\u201d");  // one phrase, as the search page's quotes make it
      const data = await site.load();
      if (id !== runId) return;
      const counts = result.found ? await countAll(result.found, result.words, data, id, state.level) : new Map();
      if (!counts) return;
      render(phrase, data, counts, state.level);
    } catch (err) {
      summary.textContent = "索引载入失败：" + err.message;
    }
  }

  csvButton.addEventListener("click", function () { GwrSearch.downloadCsv(table, "趋势", state.q); });

  let state = readUrl();
  input.value = state.q;
  levelBox.value = state.level;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    state = { q: input.value, level: levelBox.value };
    run(true);
  });
  levelBox.addEventListener("change", function () {
    state = { q: input.value, level: levelBox.value };
    run(true);
  });
  window.addEventListener("popstate", function () {
    state = readUrl();
    input.value = state.q;
    levelBox.value = state.level;
    run(false);
  });
  run(false);
})();
