// blomma live reload: injected by `blomma serve` only, never part of a built site.
// Listens to /__blomma/events; reloads keeping the scroll position, swaps stylesheets when only
// CSS changed, and shows build errors in an overlay. Error text is only ever set with
// textContent, and the script is external so it runs under `Content-Security-Policy:
// default-src 'self'`.
(function () {
  "use strict";
  if (window.__blommaLive) return;
  window.__blommaLive = true;

  var PREFIX = "/__blomma/";
  var OVERLAY_ID = "__blomma-overlay";
  var SCROLL_KEY = "__blomma:scroll:" + location.pathname + location.search;
  var currentBuild = null;
  var lastFocus = null;

  // ----- scroll position across reloads -----
  function saveScroll() {
    try {
      sessionStorage.setItem(SCROLL_KEY, String(Math.round(window.scrollY)));
    } catch (e) { /* storage disabled: reload without restoring */ }
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(SCROLL_KEY);
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (e) { return; }
    if (saved === null) return;
    var y = parseInt(saved, 10);
    if (!isFinite(y)) return;
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    var apply = function () { window.scrollTo(0, y); };
    apply();
    if (document.readyState !== "complete") window.addEventListener("load", apply, { once: true });
  }

  function reload() {
    saveScroll();
    location.reload();
  }

  // ----- stylesheets without a reload -----
  function refreshCss() {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    Array.prototype.forEach.call(links, function (link) {
      var url;
      try { url = new URL(link.href, location.href); } catch (e) { return; }
      if (url.origin !== location.origin || !link.parentNode) return;
      url.searchParams.set("v", stamp);
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      var done = function () {
        if (link.parentNode) link.parentNode.removeChild(link);
      };
      // Keep the old sheet until the new one has loaded: no flash of unstyled content.
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  // ----- error overlay -----
  function el(tag, text, style) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (style) Object.assign(node.style, style);
    return node;
  }

  function location_of(err) {
    if (!err.file) return "";
    var loc = String(err.file);
    if (err.line) {
      loc += ":" + err.line;
      if (err.column) loc += ":" + err.column;
    }
    return loc;
  }

  function hideErrors() {
    var old = document.getElementById(OVERLAY_ID);
    if (!old) return;
    old.parentNode.removeChild(old);
    document.removeEventListener("keydown", onKey, true);
    if (lastFocus && typeof lastFocus.focus === "function") lastFocus.focus();
    lastFocus = null;
  }

  function onKey(event) {
    if (event.key === "Escape") hideErrors();
  }

  function showErrors(errors) {
    var hadOverlay = !!document.getElementById(OVERLAY_ID);
    if (!hadOverlay) lastFocus = document.activeElement;
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.parentNode.removeChild(old);
    if (!errors || !errors.length) { hideErrors(); return; }

    var overlay = el("div", null, {
      position: "fixed", inset: "0", zIndex: "2147483647", overflow: "auto",
      background: "rgba(0, 0, 0, 0.6)", padding: "2rem 1rem", boxSizing: "border-box",
      font: "16px/1.5 system-ui, sans-serif", textAlign: "left"
    });
    overlay.id = OVERLAY_ID;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
    overlay.setAttribute("aria-describedby", OVERLAY_ID + "-list");
    overlay.setAttribute("lang", "en");
    overlay.setAttribute("dir", "ltr");

    var panel = el("div", null, {
      maxWidth: "60rem", margin: "0 auto", background: "#1d1d1f", color: "#f5f5f7",
      border: "3px solid #ff6b6b", borderRadius: "8px", padding: "1.25rem 1.5rem",
      boxShadow: "0 10px 40px rgba(0,0,0,0.5)"
    });
    panel.tabIndex = -1;

    var title = el("h2", errors.length === 1 ? "Build error" : errors.length + " build errors", {
      margin: "0 0 0.75rem", font: "bold 1.35rem/1.3 system-ui, sans-serif", color: "#ff8a8a"
    });
    title.id = OVERLAY_ID + "-title";

    var close = el("button", "Close", {
      float: "right", font: "inherit", padding: "0.25rem 0.75rem", cursor: "pointer",
      background: "#f5f5f7", color: "#1d1d1f", border: "0", borderRadius: "4px"
    });
    close.type = "button";
    close.setAttribute("aria-label", "Close the error overlay");
    close.addEventListener("click", hideErrors);

    var list = el("ol", null, { margin: "0", padding: "0", listStyle: "none" });
    list.id = OVERLAY_ID + "-list";
    errors.forEach(function (err) {
      var item = el("li", null, { margin: "0 0 1.25rem", padding: "0" });
      var loc = location_of(err);
      if (loc) {
        item.appendChild(el("p", loc, {
          margin: "0", font: "bold 0.95rem/1.4 ui-monospace, monospace", color: "#9cdcfe"
        }));
      }
      item.appendChild(el("p", err.message, { margin: "0.25rem 0", whiteSpace: "pre-wrap" }));
      if (err.source_line) {
        var text = String(err.source_line);
        if (err.column > 0) {
          var pad = "";
          for (var i = 0; i < err.column - 1 && i < text.length; i++) {
            pad += text.charAt(i) === "\t" ? "\t" : " ";
          }
          var carets = "^";
          for (var w = 1; w < (err.width || 1); w++) carets += "^";
          text += "\n" + pad + carets;
        }
        item.appendChild(el("pre", text, {
          margin: "0.5rem 0", padding: "0.5rem 0.75rem", background: "#000", color: "#f5f5f7",
          overflow: "auto", font: "0.95rem/1.4 ui-monospace, monospace", borderRadius: "4px",
          tabSize: "4"
        }));
      }
      if (err.help) {
        item.appendChild(el("p", "help: " + err.help, { margin: "0.25rem 0", color: "#b5e8a5" }));
      }
      list.appendChild(item);
    });

    var note = el("p",
      "The page shows the last successful build. Fix the file and save: this page reloads by itself.",
      { margin: "0.5rem 0 0", fontSize: "0.9rem", color: "#c7c7cc" });

    panel.appendChild(close);
    panel.appendChild(title);
    panel.appendChild(list);
    panel.appendChild(note);
    overlay.appendChild(panel);
    (document.body || document.documentElement).appendChild(overlay);
    document.addEventListener("keydown", onKey, true);
    if (!hadOverlay) panel.focus();
  }

  function parse(data) {
    try { return JSON.parse(data); } catch (e) { return null; }
  }

  // ----- event stream -----
  function connect() {
    if (typeof EventSource === "undefined") return;
    var source = new EventSource(PREFIX + "events");
    source.addEventListener("hello", function (event) {
      var msg = parse(event.data);
      if (!msg) return;
      // A different build after a reconnect: we missed it (or the server restarted).
      if (currentBuild !== null && msg.build !== currentBuild) { reload(); return; }
      currentBuild = msg.build;
    });
    source.addEventListener("reload", function () { reload(); });
    source.addEventListener("css", function (event) {
      var msg = parse(event.data);
      if (msg) currentBuild = msg.build;
      refreshCss();
    });
    source.addEventListener("errors", function (event) {
      var msg = parse(event.data);
      if (msg && Array.isArray(msg.errors)) showErrors(msg.errors);
    });
  }

  function loadErrors() {
    if (typeof fetch !== "function") return;
    fetch(PREFIX + "errors.json", { cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (body && Array.isArray(body.errors) && body.errors.length) showErrors(body.errors);
      })
      .catch(function () { /* server gone: the event stream will retry */ });
  }

  restoreScroll();
  function start() {
    loadErrors();
    connect();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
