// Progressive enhancement only: every control works as a plain form without this file.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-toggle]");
  if (!toggle) return;
  const target = document.getElementById(toggle.dataset.toggle);
  if (!target) return;
  event.preventDefault();
  const hidden = target.hasAttribute("hidden");
  target.toggleAttribute("hidden", !hidden);
  toggle.setAttribute("aria-expanded", String(hidden));
  if (hidden) {
    const field = target.querySelector("textarea, input:not([type=hidden]), select");
    if (field) field.focus();
  }
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
