// Contract Watch: small progressive enhancements. Every page works fully without this file.
// Loaded as a module (deferred, own scope, strict mode). Server and user text is only ever
// inserted with textContent or DOM nodes; the one exception is a comment's bodyHtml, which the
// server has already sanitised against an allowlist.

const liveRegion = document.querySelector("[data-live-status]");

// Fill "{name}" placeholders in a message template taken from the page. "{$name}", as Fluent
// prints an unresolved variable (with or without its bidi isolation marks), works too.
function fill(template, values) {
  return (template || "").replace(/\u2068?\{\$?(\w+)\}\u2069?/g, (whole, key) => (key in values ? String(values[key] ?? "") : whole));
}

// Say something through the polite live region. Clearing it first makes screen readers
// announce a message even when it repeats the previous one; messages arriving together are
// joined rather than lost.
let pending = "";
let timer = 0;
function announce(text) {
  if (!liveRegion || !text) return;
  pending = pending ? pending + " " + text : text;
  liveRegion.textContent = "";
  clearTimeout(timer);
  timer = setTimeout(() => { liveRegion.textContent = pending; pending = ""; }, 100);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// ---- 1. Error summary: move focus to it so it is read out first ----
document.querySelector(".error-summary")?.focus();

// ---- 2. Live comments and concern updates (GraphQL over WebSocket) ----
const subject = document.querySelector("[data-live-subject]");
if (subject && subject.dataset.liveSubject && "WebSocket" in window) live(subject);

function live(root) {
  const variables = { s: root.dataset.liveSubject };
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql/ws";
  const COMMENT = "subscription($s: ID!) { commentAdded(subjectId: $s) { id body bodyHtml position depth createdAt author { displayName } organization { name } parent { id } } }";
  const CONCERN = "subscription($s: ID!) { concernUpdated(subjectId: $s) { id summary endorsements status } }";
  let socket = null;
  let failures = 0;
  let delay = 2000;
  let stopped = false;

  function connect() {
    try {
      socket = new WebSocket(url, "graphql-transport-ws");
    } catch {
      return; // e.g. blocked by policy: stay quiet, the page still works
    }
    const ws = socket;
    const send = (message) => ws.send(JSON.stringify(message));
    ws.onopen = () => send({ type: "connection_init", payload: {} });
    ws.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      if (message.type === "connection_ack") {
        failures = 0;
        delay = 2000;
        send({ id: "c", type: "subscribe", payload: { query: COMMENT, variables } });
        send({ id: "k", type: "subscribe", payload: { query: CONCERN, variables } });
        root.dataset.liveConnected = ""; // for tests and styling: updates are on
      } else if (message.type === "ping") {
        send({ type: "pong" });
      } else if (message.type === "next") {
        const data = (message.payload && message.payload.data) || {};
        if (data.commentAdded) addComment(data.commentAdded);
        if (data.concernUpdated) updateConcern(data.concernUpdated);
      }
    };
    // Reconnect with backoff: 2 s, doubling to 60 s; give up after 10 failed tries.
    ws.onclose = () => {
      if (stopped || ws !== socket || ++failures > 10) return;
      setTimeout(() => { if (!stopped) connect(); }, delay);
      delay = Math.min(delay * 2, 60000);
    };
  }

  // Close on leaving so the page can enter the back/forward cache; reopen on return.
  addEventListener("pagehide", () => { stopped = true; socket?.close(); });
  addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    stopped = false;
    failures = 0;
    delay = 2000;
    connect();
  });

  function addComment(c) {
    if (!c.id || document.getElementById("comment-" + c.id)) return;
    let list;
    if (c.depth > 0 && c.parent) {
      const parent = document.getElementById("comment-" + c.parent.id);
      if (!parent) return; // the parent is not on this page (another page of comments)
      list = [...parent.querySelectorAll("ol.comments")].find((ol) => ol.closest("li.comment") === parent);
      if (!list) list = parent.appendChild(element("ol", "comments"));
    } else {
      list = document.getElementById("comments");
    }
    if (!list) return;

    const name = c.author?.displayName ?? "";
    const item = element("li", "comment live-new");
    item.id = "comment-" + c.id;
    const meta = element("p", "comment__meta", name);
    if (c.organization?.name) {
      // Optional page template such as data-msg-org="for {org}"; English otherwise.
      meta.append(" " + fill(liveRegion?.dataset.msgOrg || "for {org}", { org: c.organization.name }));
    }
    if (c.position) {
      const key = String(c.position).toLowerCase();
      const word = root.getAttribute("data-position-" + key) || key;
      meta.append(" ", element("span", "position position--" + key.replace(/[^a-z0-9_-]/g, ""), word));
    }
    const body = element("div", "comment__body");
    if (c.bodyHtml) body.innerHTML = c.bodyHtml; // sanitised by the server (allowlist)
    else body.textContent = c.body || "";
    item.append(meta, body);
    list.append(item);
    announce(fill(liveRegion?.dataset.msgComment, { name }));
  }

  function updateConcern(k) {
    const count = document.getElementById("concern-" + k.id)?.querySelector("[data-endorsements]");
    if (!count) return;
    count.textContent = String(k.endorsements);
    announce(fill(liveRegion?.dataset.msgConcern, { summary: k.summary, count: k.endorsements }));
  }

  connect();
}

// ---- 3. Follow / endorse / withdraw without a full reload ----
// A form with data-enhance="inline" inside an element with data-enhance-region and an id is
// posted with fetch; the same region from the returned page replaces the current one.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.dataset.enhance !== "inline") return;
  const region = form.closest("[data-enhance-region]");
  if (!region || !region.id || !window.fetch || !window.DOMParser) return; // plain submission
  event.preventDefault();
  if (region.getAttribute("aria-busy") === "true") return; // already sending
  region.setAttribute("aria-busy", "true");
  const submitter = event.submitter;

  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form, submitter), // includes the pressed button's name=value, if any
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
      redirect: "follow",
    });
  } catch {
    region.removeAttribute("aria-busy");
    return submitNatively(form, submitter); // network error: let the browser try
  }

  try {
    // Not ok: the action did not happen, so let the browser post it and show the server's own
    // error page (sign-in, rate limit, validation). A GET of the POST URL would show nothing.
    if (!response.ok) return submitNatively(form, submitter);
    const type = response.headers.get("content-type") || "";
    const fresh = type.includes("text/html")
      ? new DOMParser().parseFromString(await response.text(), "text/html")
      : null;
    const replacement = fresh?.getElementById(region.id);
    if (!replacement) return location.assign(response.url); // done, but nothing to splice in

    const node = document.importNode(replacement, true);
    region.replaceWith(node);
    const flash = fresh.querySelector("[data-flash]");
    if (flash) announce(flash.textContent.replace(/\s+/g, " ").trim());
    // Keep the keyboard user where they were: the first control of the new region.
    const target = node.querySelector("button:not([disabled]), a[href]");
    if (target) {
      target.focus();
    } else {
      node.tabIndex = -1;
      node.focus();
    }
  } catch {
    location.assign(response.url);
  }
});

// Submit without our handler (form.submit() fires no submit event), keeping the pressed
// button's name=value, which form.submit() alone would drop.
function submitNatively(form, submitter) {
  if (submitter?.name) {
    const hidden = element("input");
    hidden.type = "hidden";
    hidden.name = submitter.name;
    hidden.value = submitter.value;
    form.append(hidden);
  }
  HTMLFormElement.prototype.submit.call(form); // works even if a field is named "submit"
}
