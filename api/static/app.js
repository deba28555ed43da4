// Small, framework-free behaviour: filters apply as soon as they change, a plan upload shows progress, and a
// workshop pack is built in the browser (kept in localStorage), exported and saved through the API.
(function () {
  "use strict";

  var messagesNode = document.getElementById("kb-messages");
  var MSG = messagesNode ? JSON.parse(messagesNode.textContent) : {};
  function msg(key, values) {
    var text = MSG[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }

  // -- search and suggestions ---------------------------------------------------------------------------
  var search = document.getElementById("search");
  if (search) {
    search.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") { search.submit(); }
    });
    var filters = search.querySelector("details.filters");
    if (filters && window.matchMedia("(max-width: 760px)").matches && !search.querySelector(".filters input:checked")) {
      filters.removeAttribute("open");
    }
  }
  var suggest = document.getElementById("suggest");
  if (suggest) {
    suggest.addEventListener("submit", function () {
      var working = document.getElementById("working");
      if (working) { working.hidden = false; }
      var button = suggest.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
    });
  }

  // -- the pack being built: {name, title, intro, language, audience, date, practices: [{id, title, note}]} --
  var KEY = "kb.pack.v1";
  function emptyPack() {
    return { name: "", title: "", intro: "", language: document.documentElement.lang || "es", audience: "",
             date: "", practices: [] };
  }
  function load() {
    try {
      var pack = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (pack && Array.isArray(pack.practices)) { return Object.assign(emptyPack(), pack); }
    } catch (e) { /* a damaged or unavailable store: start again */ }
    return emptyPack();
  }
  function store(pack) {
    try { window.localStorage.setItem(KEY, JSON.stringify(pack)); } catch (e) { /* private mode: keep in page */ }
    showCount(pack);
  }
  function indexOf(pack, id) {
    for (var i = 0; i < pack.practices.length; i++) { if (pack.practices[i].id === id) { return i; } }
    return -1;
  }
  function showCount(pack) {
    var count = document.querySelector("#my-pack-link .pack-count");
    if (!count) { return; }
    count.textContent = String(pack.practices.length);
    count.hidden = pack.practices.length === 0;
  }

  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  document.body.appendChild(live);
  function announce(text) { live.textContent = text; }

  function paintAddButton(button, pack) {
    var inPack = indexOf(pack, button.dataset.id) >= 0;
    button.textContent = inPack ? msg("remove_from_pack") : msg("add");
    button.setAttribute("aria-pressed", inPack ? "true" : "false");
    button.hidden = false;
  }
  var addButtons = document.querySelectorAll("button.add-pack");
  var current = load();
  showCount(current);
  Array.prototype.forEach.call(addButtons, function (button) {
    paintAddButton(button, current);
    button.addEventListener("click", function () {
      var pack = load();
      var at = indexOf(pack, button.dataset.id);
      if (at >= 0) {
        pack.practices.splice(at, 1);
        announce(msg("removed", { title: button.dataset.title }));
      } else {
        pack.practices.push({ id: button.dataset.id, title: button.dataset.title, note: "" });
        announce(msg("added", { title: pack.title || msg("untitled") }));
      }
      store(pack);
      Array.prototype.forEach.call(addButtons, function (b) { paintAddButton(b, pack); });
    });
  });

  // -- a saved pack's page: load it into the editor --------------------------------------------------------
  Array.prototype.forEach.call(document.querySelectorAll("button.edit-pack"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      fetch("/api/packs/" + encodeURIComponent(button.dataset.pack)).then(function (r) {
        return r.json().then(function (body) { if (!r.ok) { throw new Error(body.detail || r.status); } return body; });
      }).then(function (saved) {
        var draft = load();
        if (draft.practices.length && draft.name !== saved.name &&
            !window.confirm(msg("replace_draft", { title: saved.title }))) { return; }
        store({ name: saved.name, title: saved.title, intro: saved.intro || "", language: saved.language,
                audience: saved.audience || "", date: saved.date || "",
                practices: saved.practices.map(function (p) { return { id: p.id, title: p.title || p.id, note: p.note || "" }; }) });
        window.location.href = "/paquete";
      }).catch(function (e) { announce(msg("failed", { detail: e.message })); window.alert(msg("failed", { detail: e.message })); });
    });
  });

  // -- the editor (/paquete) -------------------------------------------------------------------------------
  var editor = document.getElementById("pack-editor");
  if (!editor) { return; }
  editor.hidden = false;
  var pack = load();
  var list = document.getElementById("pk-list");
  var template = document.getElementById("pk-item");
  var status = document.getElementById("pk-status");
  var fields = ["title", "audience", "date", "language", "intro"];
  var nameInput = document.getElementById("pk-name");

  function say(text, isError) {
    status.textContent = text;
    status.className = "status" + (isError ? " error" : "");
  }
  function slug(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  }

  fields.forEach(function (field) {
    var input = document.getElementById("pk-" + field);
    if (pack[field]) { input.value = pack[field]; }
    input.addEventListener("input", function () { pack[field] = input.value; store(pack); });
  });
  nameInput.value = pack.name || "";
  nameInput.placeholder = slug(pack.title) || "taller";

  function render(focus) {
    list.textContent = "";
    document.getElementById("pk-empty").hidden = pack.practices.length > 0;
    pack.practices.forEach(function (item, n) {
      var node = template.content.firstElementChild.cloneNode(true);
      var id = "pk-note-" + n;
      node.querySelector(".num").textContent = (n + 1) + ".";
      var link = node.querySelector(".pk-link");
      link.textContent = item.title || item.id;
      link.href = "/practices/" + encodeURIComponent(item.id);
      var label = node.querySelector(".pk-note-label");
      label.textContent = msg("note_label");
      label.htmlFor = id;
      var note = node.querySelector(".pk-note");
      note.id = id;
      note.value = item.note || "";
      note.addEventListener("input", function () { item.note = note.value; store(pack); });
      [["pk-up", "move_up", -1], ["pk-down", "move_down", 1]].forEach(function (spec) {
        var button = node.querySelector("." + spec[0]);
        button.textContent = msg(spec[1]);
        button.setAttribute("aria-label", msg(spec[1]) + ": " + (item.title || item.id));
        button.disabled = (spec[2] < 0 && n === 0) || (spec[2] > 0 && n === pack.practices.length - 1);
        button.addEventListener("click", function () {
          var to = n + spec[2];
          pack.practices.splice(n, 1);
          pack.practices.splice(to, 0, item);
          store(pack);
          render({ index: to, button: spec[0] });
          announce(msg("moved", { title: item.title || item.id, n: to + 1 }));
        });
      });
      var remove = node.querySelector(".pk-remove");
      remove.textContent = msg("remove");
      remove.setAttribute("aria-label", msg("remove") + ": " + (item.title || item.id));
      remove.addEventListener("click", function () {
        pack.practices.splice(n, 1);
        store(pack);
        render({ index: Math.min(n, pack.practices.length - 1), button: "pk-remove" });
        announce(msg("removed", { title: item.title || item.id }));
      });
      list.appendChild(node);
    });
    if (focus && focus.index >= 0 && list.children[focus.index]) {
      var target = list.children[focus.index].querySelector("." + focus.button);
      (target && !target.disabled ? target : list.children[focus.index].querySelector(".pk-link")).focus();
    }
  }
  render();

  function body() {
    var out = { title: pack.title, intro: pack.intro, language: pack.language,
                practices: pack.practices.map(function (p) { return { id: p.id, note: p.note || "" }; }) };
    if ((pack.audience || "").trim()) { out.audience = pack.audience; }
    if ((pack.date || "").trim()) { out.date = pack.date; }
    return out;
  }
  function ready() {
    if (!(pack.title || "").trim()) { say(msg("need_title"), true); document.getElementById("pk-title").focus(); return false; }
    if (!pack.practices.length) { say(msg("need_practices"), true); return false; }
    return true;
  }
  function failure(response) {
    return response.json().catch(function () { return {}; }).then(function (b) {
      var detail = b.detail;
      if (Array.isArray(detail)) { detail = detail.map(function (d) { return d.msg || JSON.stringify(d); }).join("; "); }
      throw new Error(detail || response.status + " " + response.statusText);
    });
  }

  Array.prototype.forEach.call(editor.querySelectorAll("button[data-format]"), function (button) {
    button.addEventListener("click", function () {
      if (!ready()) { return; }
      var format = button.dataset.format;
      button.disabled = true;
      say(msg("preparing"));
      fetch("/api/packs/export?format=" + format, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body())
      }).then(function (r) { return r.ok ? r.blob() : failure(r); }).then(function (blob) {
        var file = (slug(pack.name || pack.title) || "pack") + "." + format;
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = file;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
        say(msg("downloaded", { file: file }));
      }).catch(function (e) { say(msg("failed", { detail: e.message }), true); })
        .then(function () { button.disabled = false; });
    });
  });

  document.getElementById("pk-save").addEventListener("click", function () {
    if (!ready()) { return; }
    var name = nameInput.value.trim() || slug(pack.title);
    var token = document.getElementById("pk-token").value.trim();
    var update = pack.name && pack.name === name;
    say(msg("saving"));
    fetch(update ? "/api/packs/" + encodeURIComponent(name) : "/api/packs?name=" + encodeURIComponent(name), {
      method: update ? "PUT" : "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
      body: JSON.stringify(body())
    }).then(function (r) { return r.ok ? r.json() : failure(r); }).then(function (saved) {
      pack.name = saved.name;
      nameInput.value = saved.name;
      store(pack);
      say(msg("saved", { name: saved.name }));
    }).catch(function (e) { say(msg("failed", { detail: e.message }), true); });
  });

  document.getElementById("pk-clear").addEventListener("click", function () {
    if (!window.confirm(msg("confirm_clear"))) { return; }
    pack = emptyPack();
    store(pack);
    fields.forEach(function (field) { document.getElementById("pk-" + field).value = pack[field]; });
    nameInput.value = "";
    render();
    say("");
  });
})();
