// The demo's "text the line" panel: posts a text to /demo/text and shows the reply the line's
// number would send, with its SMS segments. It reads the demo's language and time if the page
// has them; nothing is kept and nothing is sent to any phone.
(function () {
  "use strict";
  var URL = document.currentScript.getAttribute("data-text");
  var form = document.getElementById("text-form"), input = document.getElementById("text-body");
  var thread = document.getElementById("text-thread");
  if (!form || !input || !thread) return;

  function value(id) { var el = document.getElementById(id); return el ? el.value : ""; }
  function add(who, text, note, lang) {
    var li = document.createElement("li");
    li.className = who;
    var b = document.createElement("strong");
    b.textContent = who === "you" ? "You: " : "Line: ";
    var span = document.createElement("span");
    span.textContent = text;
    if (lang) span.lang = lang === "cmn-CN" ? "zh-CN" : lang;
    li.appendChild(b);
    li.appendChild(span);
    if (note) {
      var small = document.createElement("small");
      small.textContent = " (" + note + ")";
      li.appendChild(small);
    }
    thread.appendChild(li);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = input.value.trim();
    if (!body) return;
    add("you", body, "", "");
    input.value = "";
    fetch(URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ body: body, lang: value("lang"), now: value("when") || "now" })
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.error) { add("line", data.error, "", "en-GB"); return; }
      if (!data.reply) { add("line", "no reply. " + data.note, "", "en-GB"); return; }
      var s = data.segments;
      add("line", data.reply, s.count + " SMS segment" + (s.count === 1 ? "" : "s") + ", " + s.encoding + ", " + data.lang, data.lang);
    }).catch(function () { add("line", "The demo could not reach the line.", "", "en-GB"); });
  });
})();
