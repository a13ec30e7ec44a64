// Progressive enhancement only: every control works as a plain form or link without this file.

// The page's one reply form (#reply) moves under the post whose "Reply" is pressed. Without this
// script "Reply" is a link to the post's permalink, where the form is open under the post.
function replyBox() {
  return document.getElementById("reply");
}

function upgradeReplyLinks(scope) {
  if (!replyBox()) return;
  for (const link of scope.querySelectorAll("a[data-reply]:not([role])")) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-controls", "reply");
    link.setAttribute("aria-expanded", "false");
  }
  for (const link of scope.querySelectorAll("a[data-quote]:not([role])")) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-controls", "reply");
  }
}

function syncReplyLinks() {
  const box = replyBox();
  const open = box && !box.hidden ? box.dataset.for : null;
  for (const link of document.querySelectorAll("a[data-reply][role=button]")) {
    link.setAttribute("aria-expanded", String(link.dataset.reply === open));
  }
}

function toggleReply(link) {
  const box = replyBox();
  const article = link.closest("article");
  if (!box.hidden && box.dataset.for === link.dataset.reply) {
    box.hidden = true;
  } else {
    article.after(box);
    box.dataset.for = link.dataset.reply;
    box.querySelector("form").action = `${box.dataset.base}${link.dataset.reply}/reply${box.dataset.query}`;
    box.querySelector("[data-preview]").formAction = `${box.dataset.base}${link.dataset.reply}/reply/preview${box.dataset.query}`;
    box.querySelector(".preview").replaceChildren();
    box.hidden = false;
    box.querySelector("textarea").focus();
  }
  syncReplyLinks();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-reply][role=button]");
  if (!link || !replyBox()) return;
  event.preventDefault();
  toggleReply(link);
});

// "Quote" puts the text selected in the post, or else the post's whole Markdown, into the reply box
// as a Markdown quote. Without this script it is a link to the permalink's reply form, quote included.
let selectedForQuote = "";

function selectionIn(article) {
  const selection = window.getSelection();
  const body = article.querySelector(".post-body");
  if (!selection || selection.isCollapsed || !body) return "";
  if (!body.contains(selection.anchorNode) || !body.contains(selection.focusNode)) return "";
  return selection.toString().trim();
}

function asQuote(text) {
  return text.split("\n").map((line) => `> ${line}`.trimEnd()).join("\n") + "\n\n";
}

// Pressing the link may clear the selection before the click: read it first.
document.addEventListener("pointerdown", (event) => {
  const link = event.target.closest("a[data-quote][role=button]");
  if (link) selectedForQuote = selectionIn(link.closest("article"));
});

async function quoteInto(link) {
  const article = link.closest("article");
  const selected = selectedForQuote || selectionIn(article);
  selectedForQuote = "";
  let quote = selected ? asQuote(selected) : "";
  if (!quote) {
    const response = await fetch(`${replyBox().dataset.base}${link.dataset.quote}/quote`, {credentials: "same-origin"});
    if (!response.ok) return;
    quote = await response.text();
  }
  const box = replyBox();
  if (box.hidden || box.dataset.for !== link.dataset.quote) toggleReply(article.querySelector("a[data-reply]"));
  const field = box.querySelector("textarea");
  field.value = field.value.trim() ? `${field.value.trimEnd()}\n\n${quote}` : quote;
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-quote][role=button]");
  if (!link || !replyBox()) return;
  event.preventDefault();
  quoteInto(link);
});

// A link that plays a button answers Space as a button does (Enter already clicks it).
document.addEventListener("keydown", (event) => {
  if (event.key !== " ") return;
  const link = event.target.closest && event.target.closest("a[role=button]");
  if (!link) return;
  event.preventDefault();
  link.click();
});

// The moved form posts with htmx: the answer replaces the form and adds the reply under its post.
document.addEventListener("submit", (event) => {
  const box = event.target.closest("#reply");
  if (!box || !window.htmx) return;
  event.preventDefault();
  window.htmx.ajax("POST", event.target.action, {source: event.target, target: "#reply", swap: "outerHTML"});
});

// "Preview" shows the text as it would read above the form, in place; without this script it
// submits the form to the preview address, which shows the page with the preview above the kept form.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-preview]");
  if (!button || !window.htmx || !button.formAction) return;
  event.preventDefault();
  window.htmx.ajax("POST", button.formAction, {source: button.form, target: `#${button.dataset.preview}`, swap: "innerHTML"});
});

// "Collapse" / "Expand": each post and its replies sit in a <details>; its summary says whether it is open.
function syncFold(details) {
  details.querySelector(":scope > summary").setAttribute("aria-expanded", String(details.open));
}

document.addEventListener("toggle", (event) => {
  if (event.target.classList && event.target.classList.contains("fold")) syncFold(event.target);
}, true);

function enhance(scope) {
  upgradeReplyLinks(scope);
  for (const details of scope.querySelectorAll("details.fold")) syncFold(details);
}

document.addEventListener("DOMContentLoaded", () => enhance(document));
document.addEventListener("htmx:afterSettle", (event) => {
  enhance(document);
  syncReplyLinks();
});

document.addEventListener("htmx:afterSwap", (event) => {
  const focus = event.detail.target.querySelector("[autofocus]");
  if (focus) focus.focus();
});

// Times arrive as absolute dates (a cached page must not freeze "3 minutes ago"); show them relative.
const TIME_UNITS = [["year", 365 * 86400], ["month", 30 * 86400], ["day", 86400], ["hour", 3600], ["minute", 60]];

function relativeTime(seconds) {
  for (const [name, size] of TIME_UNITS) {
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      return `${count} ${name}${count === 1 ? "" : "s"} ago`;
    }
  }
  return "just now";
}

function showRelativeTimes() {
  for (const time of document.querySelectorAll("time[data-relative]")) {
    const moment = Date.parse(time.getAttribute("datetime"));
    if (Number.isNaN(moment)) continue;
    if (!time.title) time.title = time.textContent;
    time.textContent = relativeTime(Math.max(0, (Date.now() - moment) / 1000));
  }
}

document.addEventListener("DOMContentLoaded", showRelativeTimes);
document.addEventListener("htmx:afterSettle", showRelativeTimes);
setInterval(showRelativeTimes, 60_000);
