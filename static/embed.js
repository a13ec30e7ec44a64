// Agora's embed: put an article's questions and best answers on another site.
// Paste where the discussion should appear (the link is what readers without JavaScript get):
//   <div data-agora-article="SLUG"><a href="https://AGORA/articles/SLUG">Discuss this article on Agora</a></div>
//   <script src="https://AGORA/static/embed.js" async></script>
// The site's origin must be listed in Agora's FORUM_EMBED_ORIGINS, or the browser refuses the frame.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var agora = new URL(script.src).origin;
  var frames = [];

  function embed(container) {
    if (container.dataset.agoraEmbedded) return;
    container.dataset.agoraEmbedded = "true";
    var frame = document.createElement("iframe");
    frame.src = agora + "/embed/articles/" + encodeURIComponent(container.dataset.agoraArticle);
    frame.title = container.dataset.agoraTitle || "Discussion on Agora";
    frame.loading = "lazy";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.height = "24rem";  // until the frame says how tall it is
    container.replaceChildren(frame);
    frames.push(frame);
  }

  // The frame posts its height whenever it changes; only Agora's own frames are listened to.
  window.addEventListener("message", function (event) {
    if (event.origin !== agora || !event.data || event.data.type !== "agora-embed-height") return;
    frames.forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.height = Math.max(0, Math.ceil(Number(event.data.height) || 0)) + "px";
      }
    });
  });

  document.querySelectorAll("[data-agora-article]").forEach(embed);
})();
