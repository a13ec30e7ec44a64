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
