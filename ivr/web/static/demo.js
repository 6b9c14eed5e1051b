// The demo page: sends each key or silence to /demo/step, shows and speaks what the line says.
// No call state lives on the server: the page keeps `at` (where the call is) and sends it back.
(function () {
  "use strict";
  var STEP = document.currentScript.getAttribute("data-step");
  var BCP47 = { "cmn-CN": "zh-CN" };
  var KEYS = "0123456789*#";
  var $ = function (id) { return document.getElementById(id); };
  var transcript = $("transcript"), errorBox = $("error"), clockBox = $("clock");
  var langSelect = $("lang"), when = $("when"), callButton = $("call"), silent = $("silent");
  var sound = $("sound"), connectBox = $("connect"), connectText = $("connect-text");
  var phoneBox = document.querySelector(".phone"), transcriptBox = document.querySelector(".transcript");
  var NARROW = "(max-width: 60rem)"; // demo.css's one-column layout
  var keyButtons = Array.prototype.slice.call(document.querySelectorAll(".key"));
  var state = { on: false, at: "", next: null, busy: false };
  var muted = false;
  try { muted = window.localStorage.getItem("ivr-demo-muted") === "1"; } catch (e) { /* private mode */ }

  function tag(lang) { return BCP47[lang] || lang; }

  // --- speech ---------------------------------------------------------------
  var synth = window.speechSynthesis || null;
  function voiceFor(lang) {
    if (!synth) return null;
    var want = tag(lang).toLowerCase(), primary = want.split("-")[0];
    var voices = synth.getVoices() || [];
    var norm = function (v) { return String(v.lang || "").replace("_", "-").toLowerCase(); };
    return voices.find(function (v) { return norm(v) === want; }) ||
      voices.find(function (v) { return norm(v).split("-")[0] === primary; }) || null;
  }
  var soundHint = $("sound-hint"), hintText = soundHint.textContent;
  function showVoice() {
    var lang = $("lang").value;
    if (!synth) soundHint.textContent = "This browser cannot speak, so the line is only written out.";
    else if (!voiceFor(lang)) soundHint.textContent = "This browser has no " + tag(lang) + " voice, so the line is only written out in that language.";
    else soundHint.textContent = hintText;
  }
  if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", showVoice);
  function speak(lines) {
    if (!synth) return;
    synth.cancel();
    if (muted) return;
    lines.forEach(function (line) {
      var voice = voiceFor(line.lang);
      if (!voice) return; // never another language's voice: the transcript shows it instead
      var u = new window.SpeechSynthesisUtterance(line.speak || line.text);
      u.voice = voice; u.lang = tag(line.lang); u.rate = 0.95;
      synth.speak(u);
    });
  }
  function showSound() {
    sound.setAttribute("aria-pressed", muted ? "false" : "true");
    sound.textContent = muted ? "Sound: off" : "Sound: on";
  }
  sound.addEventListener("click", function () {
    muted = !muted;
    try { window.localStorage.setItem("ivr-demo-muted", muted ? "1" : "0"); } catch (e) { /* ignore */ }
    if (muted && synth) synth.cancel();
    showSound();
  });
  showSound();

  // --- transcript -----------------------------------------------------------
  function add(kind, text, lang) {
    var li = document.createElement("li");
    li.className = kind;
    li.textContent = text;
    if (lang) li.lang = tag(lang);
    transcript.appendChild(li);
    transcript.scrollTop = transcript.scrollHeight;
  }

  // --- controls -------------------------------------------------------------
  function setPhone() {
    var listening = state.on && state.next && state.next.kind === "listen";
    var live = listening ? state.next.keys.concat(["*", "0"]) : [];
    keyButtons.forEach(function (b) {
      b.disabled = !listening || state.busy;
      b.classList.toggle("live", live.indexOf(b.getAttribute("data-key")) >= 0);
    });
    silent.disabled = !listening || state.busy;
    var connecting = state.on && state.next && state.next.kind === "connect";
    var opening = connecting && connectBox.hidden;
    connectBox.hidden = !connecting;
    phoneBox.classList.toggle("connecting", !!connecting);
    if (opening && connectBox.scrollIntoView) connectBox.scrollIntoView({ block: "nearest" });
    callButton.textContent = state.on ? "Hang up" : (transcript.children.length ? "Call again" : "Call the line");
    callButton.classList.toggle("on", state.on);
  }

  function nowValue() { return when.value ? when.value : "now"; }

  function send(payload, said) {
    if (state.busy) return;
    errorBox.textContent = "";
    payload.lang = langSelect.value;
    payload.now = nowValue();
    if ($("called") && $("called").value.trim()) payload.called = $("called").value.trim();
    payload.at = state.at;
    state.busy = true; setPhone();
    fetch(STEP, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        state.busy = false;
        var body = res.body || {};
        if (!res.ok && !body.lines) { errorBox.textContent = body.error || "The demo could not take that."; setPhone(); return; }
        if (said) add("you", said);
        if (body.error) errorBox.textContent = body.error;
        var clockText = !body.clock ? "" : payload.now === "now" ? "Now, in real time: " + body.clock + "." : "Pretend time: " + body.clock + ".";
        if (clockText && clockBox.textContent !== clockText) clockBox.textContent = clockText; // announced only when it changes
        if (body.lang && body.lang !== langSelect.value) { langSelect.value = body.lang; showVoice(); }
        (body.lines || []).forEach(function (l) { add("line", l.text, l.lang); });
        speak(body.lines || []);
        state.next = body.next;
        state.at = body.next && body.next.at ? body.next.at : "";
        if (body.next && body.next.kind === "connect") {
          // The number is in what the line just said: once is enough.
          connectText.textContent = "A real call would ring " + body.next.service + " now, showing them the line's own number, never the caller's.";
        }
        if (!body.next || body.next.kind === "hangup") { state.on = false; add("note", "The line hung up."); }
        setPhone();
        if (state.on && document.activeElement && document.activeElement.disabled) callButton.focus();
      })
      .catch(function () {
        state.busy = false;
        errorBox.textContent = "The demo server did not answer. Is `ivr serve` still running?";
        setPhone();
      });
  }

  function press(key) {
    if (!state.on || !state.next || state.next.kind !== "listen" || state.busy) return;
    var b = keyButtons.find(function (x) { return x.getAttribute("data-key") === key; });
    if (b) { b.classList.add("pressed"); setTimeout(function () { b.classList.remove("pressed"); }, 180); }
    send({ event: "key", digits: key }, "You pressed " + key + ".");
  }

  callButton.addEventListener("click", function () {
    if (state.on) {
      state.on = false; state.next = null; state.at = "";
      if (synth) synth.cancel();
      add("note", "You hung up.");
      setPhone();
      return;
    }
    state.on = true; state.at = ""; state.next = null;
    add("note", "Calling the line…");
    // On a phone, bring the transcript (the phone's screen) and the keys below it into view.
    if (window.matchMedia && window.matchMedia(NARROW).matches) transcriptBox.scrollIntoView({ block: "start" });
    send({ event: "start" }, "");
  });
  keyButtons.forEach(function (b) {
    b.addEventListener("click", function () { press(b.getAttribute("data-key")); });
  });
  silent.addEventListener("click", function () {
    if (!state.next || state.next.kind !== "listen") return;
    send({ event: "silence", silences: (state.next.silences || 0) + 1 }, "You stayed silent.");
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-status]"), function (b) {
    b.addEventListener("click", function () {
      send({ event: "dial", status: b.getAttribute("data-status") }, "The call to them ended: " + b.textContent + ".");
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    var t = e.target, name = t && t.tagName;
    if (name === "INPUT" || name === "SELECT" || name === "TEXTAREA") return;
    if (KEYS.indexOf(e.key) >= 0 && e.key.length === 1) { e.preventDefault(); press(e.key); }
  });
  langSelect.addEventListener("change", function () {
    showVoice();
    if (state.on && state.next && state.next.kind === "listen") {
      add("note", "Language changed: the line says this again in the new language.");
      send({ event: "key", digits: "0" }, "");
    }
  });

  // --- the pretend clock -----------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function local(d, h) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(h) + ":00"; }
  function nextDay(weekday) {
    var d = new Date(); d.setDate(d.getDate() + 1);
    while (d.getDay() !== weekday) d.setDate(d.getDate() + 1);
    return d;
  }
  function preset(name) {
    if (name === "weekday-10") return local(nextDay(3), 10); // a Wednesday
    if (name === "sunday-2") return local(nextDay(0), 2);
    if (name === "christmas") {
      var now = new Date(), y = now.getFullYear();
      if (now.getMonth() === 11 && now.getDate() > 25) y += 1;
      return local(new Date(y, 11, 25), 11);
    }
    return "";
  }
  function showChosen() {
    clockBox.textContent = when.value ? "Pretend time: " + when.value.replace("T", " ") + " UK time (used from the next thing the line says)." : "It is now, in real time.";
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-when]"), function (b) {
    b.addEventListener("click", function () { when.value = preset(b.getAttribute("data-when")); showChosen(); });
  });
  when.addEventListener("change", showChosen);
  setPhone();
  showVoice();
})();
