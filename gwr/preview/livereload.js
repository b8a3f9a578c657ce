/* Live reload for `python build.py serve`. The preview server adds this script to the pages
 * it serves; the built site never contains it. The page knows which build it shows
 * (data-build); it reloads when a newer build is announced and, when a rebuild failed, shows
 * the error over the page, which stays the last good build. */
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = script ? script.getAttribute("data-build") : "";
  var panel = null;

  function hide() {
    if (panel) {
      panel.remove();
      panel = null;
    }
  }

  function show(kind, title, lines) {
    hide();
    panel = document.createElement("div");
    panel.id = "gwr-preview-" + kind;
    panel.setAttribute("role", kind === "error" ? "alert" : "status");
    panel.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;" +
      "max-height:50vh;overflow:auto;padding:.8rem 1rem;border-radius:6px;font:14px/1.5 system-ui,sans-serif;" +
      "box-shadow:0 4px 16px rgba(0,0,0,.25);color:#1a1a1a;" +
      (kind === "error" ? "background:#fff1f0;border:2px solid #c0392b;" : "background:#fff8e1;border:2px solid #b7791f;");
    var heading = document.createElement("strong");
    heading.textContent = title;
    panel.appendChild(heading);
    lines.forEach(function (line) {
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:.4rem 0 0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace;";
      pre.textContent = line;  // text from the build, never markup
      panel.appendChild(pre);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "关闭";
    close.style.cssText = "position:absolute;top:.5rem;right:.6rem;";
    close.addEventListener("click", hide);
    panel.appendChild(close);
    document.body.appendChild(panel);
  }

  var events = new EventSource("/__gwr/events");
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.error) {
      var where = state.error.file + (state.error.line ? ":" + state.error.line : "");
      show("error", "构建失败 · Build failed（页面仍是上一次成功的构建，保存修复后自动刷新）",
           [where + "\n" + state.error.message]);
      return;
    }
    if (state.session + ":" + state.build !== shown) {
      events.close();
      location.reload();
      return;
    }
    if (state.warnings.length) {
      show("warnings", "构建警告 · Warnings", state.warnings);
    } else {
      hide();
    }
  };
})();
