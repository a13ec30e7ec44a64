// Inside the embed frame: tell the page around it how tall the content is, so it shows without a scrollbar.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = -1;
  function report() {
    // The body's own height: the document's scrollHeight never drops below the frame's, so it could only grow.
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // Only a height travels, so any page may hear it; embed.js checks that it came from Agora.
    window.parent.postMessage({ type: "agora-embed-height", height: height }, "*");
  }
  new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
})();
