// Browser-side half of bench/peers.py: runs each peer's own, shipped search code in headless
// Chromium and returns, for each query, the URLs of the pages it returns. bench/peers.py serves
// the built site on 127.0.0.1, opens a blank page on the same origin, adds this script and calls
//   await window.peerHits.<peer>(queries, ...)  ->  {query: [url, ...]}
// Nothing here re-implements a peer's search: the queries go to the peers' own workers and
// modules, exactly as their search boxes send them.
"use strict";

// The first message from `worker` that passes `test`, after posting `message`.
function ask(worker, message, test) {
  return new Promise((resolve, reject) => {
    const onMessage = (event) => {
      if (!test(event.data)) return;
      worker.removeEventListener("message", onMessage);
      resolve(event.data);
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", (event) => reject(new Error(event.message)), { once: true });
    worker.postMessage(message);
  });
}

window.peerHits = {
  // MkDocs' default theme: search/worker.js loads search_index.json and builds the lunr index
  // itself ({init: true}), then answers {query} with {results: [documents]} (pages and sections).
  async mkdocs(queries) {
    const worker = new Worker("search/worker.js");
    await ask(worker, { init: true }, (data) => data.allowSearch);
    const found = {};
    for (const query of queries) {
      const { results } = await ask(worker, { query }, (data) => "results" in data);
      found[query] = results.map((doc) => doc.location);
    }
    worker.terminate();
    return found;
  },

  // Material for MkDocs: its search worker gets the index as the theme's bundle sends it
  // (SETUP = 0, answered by READY = 1), then each query as typed (QUERY = 2, answered by
  // RESULT = 3 with items grouped by page: one group per page the search box lists).
  async material(queries, workerUrl) {
    const { config, docs } = await (await fetch("search/search_index.json")).json();
    const worker = new Worker(workerUrl);
    await ask(worker, { type: 0, data: { config, docs, options: { suggest: false } } }, (m) => m.type === 1);
    const found = {};
    for (const query of queries) {
      const { data } = await ask(worker, { type: 2, data: query }, (m) => m.type === 3);
      found[query] = data.items.map((group) => group[0].location);
    }
    worker.terminate();
    return found;
  },

  // Pagefind: its own search API (pagefind/pagefind.js, WebAssembly), one result per page.
  async pagefind(queries) {
    const pagefind = await import("/pagefind/pagefind.js");
    await pagefind.init();
    const found = {};
    for (const query of queries) {
      const search = await pagefind.search(query);
      const pages = await Promise.all(search.results.map((result) => result.data()));
      found[query] = pages.map((page) => page.url);
    }
    return found;
  },
};
