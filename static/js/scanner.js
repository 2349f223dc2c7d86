/* Door scanner: keyboard-wedge scanners type a code and Enter into the big
   input; a camera is used where the browser offers BarcodeDetector. Every scan
   goes to the check-in API with the session cookie and the CSRF token. When the
   server cannot be reached the code is checked against the offline package
   (signature with WebCrypto Ed25519 where the browser has it) and the scan is
   queued, then uploaded when the network is back. The package is the one for the
   chosen zone's kind (a vehicle gate's holds vehicle passes, any other zone's the
   registrations) and is used until its `valid_until`, never after. No inline
   script: this file reads its settings from data attributes and a JSON block. */
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  if (!root) { return; }
  var strings = JSON.parse(document.getElementById("scanner-strings").textContent);
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var urls = {
    scan: root.dataset.scanUrl, stats: root.dataset.statsUrl, lookup: root.dataset.lookupUrl,
    pkg: root.dataset.packageUrl, upload: root.dataset.uploadUrl
  };
  var eventId = parseInt(root.dataset.eventId, 10);
  var storageKey = "summit-scanner:" + root.dataset.eventSlug;
  var input = document.getElementById("code");
  var zoneSelect = document.getElementById("zone");
  var statusLine = document.getElementById("scan-status");
  var recentList = document.getElementById("recent");
  var overlay = document.getElementById("result");
  var offlineStatus = document.getElementById("offline-status");
  var recentEmpty = document.getElementById("recent-empty");
  var timeZone = root.dataset.timeZone;
  var lang = document.documentElement.lang || undefined;
  var hideTimer = null;
  var offlinePackage = null;
  var offlineInside = {};
  var RECENT = parseInt(root.dataset.recentLimit, 10) || 10;
  var COLOURS = {
    accepted: "green", already_checked_in: "amber", zone_denied: "red", invalid: "red",
    not_approved: "red", revoked: "red", wrong_event: "red"
  };

  /* ---- small helpers ---- */
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function direction() {
    var checked = root.querySelector("input[name=direction]:checked");
    return checked ? checked.value : "in";
  }
  function zone() { return zoneSelect.value; }
  function atVehicleGate() {
    var option = zoneSelect.options[zoneSelect.selectedIndex];
    return !!option && option.dataset.kind === "vehicle";
  }
  function text(id, value) {
    var node = document.getElementById(id);
    node.textContent = value || "";
    return node;
  }
  function refocus() {
    var active = document.activeElement;
    if (active && active !== document.body && active !== overlay && active.id !== "code" &&
        active.closest && !active.closest("#result")) { return; }
    input.focus();
  }
  function api(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    if (options.body) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrf;
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    });
  }

  /* ---- sound: a short beep from WebAudio, no files ---- */
  var audio = null;
  function beep(colour) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = colour === "green" ? [[880, 0.12]] : colour === "amber" ? [[520, 0.12], [520, 0.12]] : colour === "neutral" ? [[660, 0.1]] : [[220, 0.45]];
      var start = audio.currentTime;
      tones.forEach(function (tone) {
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.frequency.value = tone[0];
        oscillator.type = colour === "red" ? "square" : "sine";
        gain.gain.value = 0.2;
        oscillator.connect(gain);
        gain.connect(audio.destination);
        oscillator.start(start);
        oscillator.stop(start + tone[1]);
        start += tone[1] + 0.08;
      });
    } catch (error) { /* no sound on this device: the colour still tells */ }
  }

  /* ---- the answer, full screen ---- */
  function hideResult() {
    overlay.hidden = true;
    overlay.className = "result";
    refocus();
  }
  function showVehicle(vehicle) {
    /* A vehicle pass: the plate in place of a name, then the car, driver and delegation. */
    text("result-name", vehicle ? vehicle.plate : "").classList.toggle("result-plate", !!vehicle);
    text("result-name-ar", vehicle ? vehicle.delegation_ar : "");
    text("result-category", vehicle ? strings.vehicle_pass + " · " + [vehicle.make, vehicle.colour].filter(Boolean).join(" · ") : "");
    text("result-org", vehicle ? vehicle.delegation_en || vehicle.delegation : "");
    text("result-zones", vehicle && vehicle.driver ? strings.driver + ": " + vehicle.driver : "");
  }
  function isExit(data) { return data.direction === "out" && data.result === "accepted"; }
  function verdictWords(data) {
    return isExit(data) ? strings.left : (strings.results[data.result] || data.result);
  }
  function showResult(data, offline) {
    var colour = isExit(data) ? "neutral" : (COLOURS[data.result] || "red");
    var person = data.registration;
    var vehicle = data.vehicle || null;
    overlay.className = "result result-" + colour;
    text("result-verdict", verdictWords(data) + (offline ? " · " + strings.offline_result : ""));
    text("result-message", data.message || (offline && data.unverified ? strings.unverified : ""));
    if (vehicle) {
      showVehicle(vehicle);
    } else {
      document.getElementById("result-name").classList.remove("result-plate");
      text("result-name", person ? person.name : "");
      text("result-name-ar", person ? person.name_ar : "");
      text("result-category", person && person.category ? person.category.name : "");
      text("result-org", person ? [person.organization, person.delegation || person.country_name].filter(Boolean).join(" · ") : "");
      text("result-zones", person && person.zones ? strings.zones + ": " + person.zones.map(function (z) { return z.name; }).join(", ") : "");
    }
    var first = "";
    if (data.result === "already_checked_in" && data.first_checked_in_at) {
      first = strings.first_checked_in + ": " + new Date(data.first_checked_in_at).toLocaleTimeString() +
        (data.where && data.where.device ? " " + strings.by + " " + data.where.device : "");
    }
    text("result-first", first);
    var photo = document.getElementById("result-photo");
    if (person && person.photo_url && !offline) {
      photo.src = person.photo_url;
      photo.hidden = false;
    } else {
      photo.hidden = true;
      photo.removeAttribute("src");
    }
    overlay.hidden = false;
    beep(colour);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hideResult, colour === "green" || colour === "neutral" ? 2500 : 6000);
    var label = vehicle ? "🚗 " + vehicle.plate : person ? person.name : data.code_hint || "—";
    addRecent({ verdict: verdictWords(data), colour: colour, name: label, at: data.scanned_at ? new Date(data.scanned_at) : new Date(), offline: offline });
  }
  function clockTime(date) {
    /* The event's time zone, as the list the server rendered on load. */
    var options = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
    try { return date.toLocaleTimeString(lang, Object.assign({ timeZone: timeZone }, options)); }
    catch (error) { return date.toLocaleTimeString(lang, options); }
  }
  function addRecent(entry) {
    /* Newest first, on top of the rows the server rendered; RECENT rows at most. */
    var li = document.createElement("li");
    li.className = "recent-" + entry.colour;
    var time = document.createElement("time");
    time.dateTime = entry.at.toISOString();
    time.textContent = clockTime(entry.at);
    var name = document.createElement("span");
    name.dir = "auto";
    name.textContent = entry.name;
    li.appendChild(time);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(name);
    li.appendChild(document.createTextNode(" — " + entry.verdict + (entry.offline ? " ⚠" : "")));
    recentList.insertBefore(li, recentList.firstChild);
    while (recentList.children.length > RECENT) { recentList.removeChild(recentList.lastChild); }
    recentEmpty.hidden = true;
  }

  /* ---- scanning ---- */
  function send(body, attempt) {
    return api(urls.scan, { method: "POST", body: JSON.stringify(body) }).catch(function (error) {
      if (attempt < 1) { return send(body, attempt + 1); }  /* same nonce: never counted twice */
      throw error;
    });
  }
  function scan(body) {
    body.zone = zone();
    body.direction = direction();
    body.nonce = uuid();
    statusLine.textContent = "…";
    return send(body, 0).then(function (answer) {
      statusLine.textContent = "";
      if (answer.status === 200) {
        showResult(answer.data, false);
        refreshStats();
      } else if (answer.status === 401 || answer.status === 403) {
        statusLine.textContent = strings.error + " (" + answer.status + ")";
      } else {
        var detail = answer.data && (answer.data.code || answer.data.zone || answer.data.detail);
        statusLine.textContent = strings.error + (detail ? ": " + detail : "");
      }
    }).catch(function () {
      statusLine.textContent = strings.network_error;
      if (body.code !== undefined) { return checkOffline(body); }
      return null;
    }).then(refocus);
  }
  document.getElementById("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value.trim();
    input.value = "";
    if (code) { scan({ code: code }); }
    refocus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !overlay.hidden) { hideResult(); }
  });
  overlay.addEventListener("click", hideResult);
  input.addEventListener("blur", function () { setTimeout(refocus, 400); });
  zoneSelect.addEventListener("change", function () {
    try { localStorage.setItem(storageKey + ":zone", zone()); } catch (error) { /* private mode */ }
    refreshStats();
    if (!offlinePackage || offlinePackage.vehicleGate !== atVehicleGate()) { loadPackage(); }
    refocus();
  });
  try {
    var saved = localStorage.getItem(storageKey + ":zone");
    if (saved && zoneSelect.querySelector("option[value='" + saved.replace(/[^a-z0-9-]/g, "") + "']")) { zoneSelect.value = saved; }
  } catch (error) { /* private mode */ }

  /* ---- manual lookup ---- */
  document.getElementById("lookup-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var query = document.getElementById("lookup-q").value.trim();
    var list = document.getElementById("lookup-results");
    if (!query) { return; }
    api(urls.lookup + "?q=" + encodeURIComponent(query)).then(function (answer) {
      list.textContent = "";
      if (answer.status !== 200) {
        /* Too short a query (a field error on q) or too many lookups (429): say so. */
        var refusal = document.createElement("li");
        var data = answer.data || {};
        refusal.textContent = (data.q && data.q[0]) || data.detail || strings.error;
        list.appendChild(refusal);
        return;
      }
      var results = (answer.data && answer.data.results) || [];
      if (!results.length) {
        var none = document.createElement("li");
        none.textContent = strings.no_matches;
        list.appendChild(none);
      }
      results.forEach(function (person) {
        var li = document.createElement("li");
        var label = document.createElement("span");
        label.textContent = person.name + " · " + person.reference + " · " + person.category.name + (person.status !== "approved" ? " · " + person.status : "");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-quiet";
        button.textContent = strings.check_in;
        button.addEventListener("click", function () { scan({ reference: person.reference }); });
        li.appendChild(label);
        li.appendChild(button);
        list.appendChild(li);
      });
    }).catch(function () { list.textContent = strings.network_error; });
  });

  /* ---- live counts ---- */
  function refreshStats() {
    api(urls.stats).then(function (answer) {
      var zones = (answer.data && answer.data.zones) || [];
      var current = zones.filter(function (z) { return z.slug === zone(); })[0];
      if (current) {
        text("count-entered", strings.entered + ": " + current.entered);
        text("count-inside", strings.inside + ": " + current.inside);
      }
    }).catch(function () { /* counts wait for the network */ });
  }
  refreshStats();
  setInterval(refreshStats, 10000);

  /* ---- camera, where the browser offers BarcodeDetector ---- */
  var cameraButton = document.getElementById("camera-toggle");
  var video = document.getElementById("camera");
  var stream = null;
  var lastCode = "";
  var lastAt = 0;
  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var tick = function () {
      if (!stream) { return; }
      detector.detect(video).then(function (codes) {
        var now = Date.now();
        if (codes.length && (codes[0].rawValue !== lastCode || now - lastAt > 4000)) {
          lastCode = codes[0].rawValue;
          lastAt = now;
          scan({ code: lastCode });
        }
      }).catch(function () { /* a frame that could not be read */ }).then(function () {
        setTimeout(tick, 250);
      });
    };
    cameraButton.addEventListener("click", function () {
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
        video.hidden = true;
        cameraButton.textContent = strings.camera_start;
        refocus();
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        video.play();
        cameraButton.textContent = strings.camera_stop;
        tick();
        refocus();
      }).catch(function () { statusLine.textContent = strings.camera_error; });
    });
  }

  /* ---- offline: check against the package, queue, upload later ---- */
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  function base32(textValue) {
    var bits = 0, value = 0, out = [];
    for (var i = 0; i < textValue.length; i++) {
      var index = ALPHABET.indexOf(textValue.charAt(i));
      if (index < 0) { return null; }
      value = (value << 5) | index;
      bits += 5;
      if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; }
    }
    return new Uint8Array(out);
  }
  function varint(bytes, offset) {
    var result = 0, shift = 0;
    for (var i = 0; i < 9 && offset + i < bytes.length; i++) {
      result += (bytes[offset + i] & 127) * Math.pow(2, shift);
      if (!(bytes[offset + i] & 128)) { return [result, offset + i + 1]; }
      shift += 7;
    }
    return null;
  }
  function parseCode(code) {
    var bytes = base32(code.trim().toUpperCase());
    /* Format 2: event, key id, id, version (registrations/badges/signing.py); format 1, printed
       before key generations, has no key id and reads as key 0. Type 1: a badge (the id
       is a registration's); type 2: a vehicle pass (the pass's id). */
    var format = bytes ? bytes[0] >> 4 : 0, fields = [], offset = 1;
    if (!bytes || bytes.length < 68 || [1, 2].indexOf(format) < 0 || [1, 2].indexOf(bytes[0] & 15) < 0) { return null; }
    for (var i = 0; i < (format === 2 ? 4 : 3); i++) {
      var read = varint(bytes, offset);
      if (!read) { return null; }
      fields.push(read[0]);
      offset = read[1];
    }
    if (bytes.length - offset !== 64) { return null; }
    if (format === 1) { fields.splice(1, 0, 0); }
    return { type: bytes[0] & 15, event: fields[0], keyId: fields[1], registration: fields[2], version: fields[3], signed: bytes.slice(0, offset), signature: bytes.slice(offset) };
  }
  function verify(parsed) {
    if (!offlinePackage || !window.crypto || !crypto.subtle) { return Promise.resolve(null); }
    /* Only the key generation the code names can verify it. */
    var known = offlinePackage.publicKeys.filter(function (key) { return key.key_id === parsed.keyId; })[0];
    if (!known) { return Promise.resolve(false); }
    var raw = Uint8Array.from(atob(known.raw_base64), function (ch) { return ch.charCodeAt(0); });
    var prefix = new TextEncoder().encode("summit-badge\u0000");
    var message = new Uint8Array(prefix.length + parsed.signed.length);
    message.set(prefix);
    message.set(parsed.signed, prefix.length);
    return crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]).then(function (key) {
      return crypto.subtle.verify({ name: "Ed25519" }, key, parsed.signature, message);
    }).catch(function () { return null; });  /* null: this browser cannot check Ed25519 */
  }
  function checkOffline(body) {
    var parsed = parseCode(body.code);
    var base = { result: "invalid", registration: null, code_hint: body.code.slice(0, 12), direction: body.direction };
    var decide = function (valid) {
      var answer = Object.assign({}, base);
      if (!offlinePackage) { answer.result = "invalid"; answer.message = strings.network_error; return answer; }
      if (Date.now() > offlinePackage.validUntil) { answer.result = "invalid"; answer.message = strings.offline_expired; return answer; }
      /* A code of a revoked key generation (a rotated key) answers as the server does. */
      if (parsed && parsed.event === eventId && offlinePackage.revokedKeyIds.indexOf(parsed.keyId) >= 0) { answer.result = "revoked"; return answer; }
      if (!parsed || valid === false) { return answer; }
      answer.unverified = valid === null;
      if (parsed.event !== eventId) { answer.result = "wrong_event"; return answer; }
      var atVehicleGate = offlinePackage.zoneKinds[body.zone] === "vehicle";
      if (parsed.type === 2) { return decideVehicle(parsed, answer, atVehicleGate); }
      if (atVehicleGate) { answer.result = "zone_denied"; answer.message = strings.badge_at_vehicle_gate; return answer; }
      var person = offlinePackage.byId[parsed.registration];
      if (!person) {
        var refused = offlinePackage.refused[parsed.registration];
        answer.result = refused === "revoked" ? "revoked" : refused ? "not_approved" : "invalid";
        return answer;
      }
      var category = offlinePackage.categories[person.category] || { zones: [], name: "" };
      answer.registration = { name: person.name, name_ar: person.name_ar, organization: person.organization, delegation: person.delegation, category: { name: category.name }, zones: category.zones.map(function (slug) { return { name: (offlinePackage.zoneNames[slug] || slug) }; }) };
      if (person.version !== parsed.version) { answer.result = "revoked"; return answer; }
      if (category.zones.indexOf(body.zone) < 0) { answer.result = "zone_denied"; return answer; }
      var key = parsed.registration + ":" + body.zone;
      if (body.direction === "out") { delete offlineInside[key]; answer.result = "accepted"; answer.message = strings.goodbye; return answer; }
      answer.result = offlineInside[key] ? "already_checked_in" : "accepted";
      offlineInside[key] = true;
      return answer;
    };
    var decideVehicle = function (parsed, answer, atVehicleGate) {
      var vehicle = offlinePackage.vehicles[parsed.registration];
      if (!atVehicleGate) { answer.result = "zone_denied"; answer.message = strings.vehicle_at_person_gate; answer.vehicle = vehicle || null; return answer; }
      if (!vehicle) {
        var refused = offlinePackage.vehiclesRefused[parsed.registration];
        answer.result = refused === "revoked" ? "revoked" : refused ? "not_approved" : "invalid";
        return answer;
      }
      answer.vehicle = vehicle;
      if (vehicle.version !== parsed.version) { answer.result = "revoked"; return answer; }
      var key = "vehicle:" + parsed.registration + ":" + body.zone;
      if (body.direction === "out") { delete offlineInside[key]; answer.result = "accepted"; answer.message = strings.goodbye; return answer; }
      answer.result = offlineInside[key] ? "already_checked_in" : "accepted";
      offlineInside[key] = true;
      return answer;
    };
    return (parsed ? verify(parsed) : Promise.resolve(false)).then(function (valid) {
      var answer = decide(valid);
      queueOffline({ client_scan_id: body.nonce, code: body.code, zone: body.zone, direction: body.direction, scanned_at: new Date().toISOString(), result: answer.result });
      showResult(answer, true);
    });
  }
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(storageKey + ":queue") || "[]"); } catch (error) { return []; }
  }
  function saveQueue(queue) {
    try { localStorage.setItem(storageKey + ":queue", JSON.stringify(queue)); } catch (error) { /* full or private */ }
    offlineStatus.hidden = !queue.length;
    offlineStatus.textContent = strings.offline_queued.replace("%(count)s", queue.length);
  }
  function queueOffline(item) {
    var queue = loadQueue();
    queue.push(item);
    saveQueue(queue);
  }
  function uploadQueue() {
    var queue = loadQueue();
    if (!queue.length) { return; }
    var batch = queue.slice(0, 200);
    api(urls.upload, { method: "POST", body: JSON.stringify({ scans: batch }) }).then(function (answer) {
      if (answer.status === 200) {
        var sent = {};
        batch.forEach(function (item) { sent[item.client_scan_id] = true; });
        saveQueue(loadQueue().filter(function (item) { return !sent[item.client_scan_id]; }));
        statusLine.textContent = strings.offline_sent;
      }
    }).catch(function () { /* still offline: try again later */ });
  }
  function loadPackage() {
    /* A vehicle gate's package names the gate; any other zone gets the registrations. */
    var vehicleGate = atVehicleGate();
    var url = urls.pkg + (vehicleGate ? "?zone=" + encodeURIComponent(zone()) : "");
    api(url).then(function (answer) {
      /* Refused (this sign-in may need its second factor again): keep a package still valid. */
      if (answer.status !== 200) {
        if (offlinePackage && offlinePackage.vehicleGate !== vehicleGate) { offlinePackage = null; }
        return;
      }
      var data = answer.data;
      var byId = {}, refused = {}, categories = {}, zoneNames = {}, zoneKinds = {}, vehicles = {}, vehiclesRefused = {};
      data.registrations.forEach(function (person) { byId[person.id] = person; });
      data.not_admitted.forEach(function (item) { refused[item.id] = item.status; });
      data.categories.forEach(function (category) { categories[category.slug] = category; });
      data.zones.forEach(function (z) { zoneNames[z.slug] = z.name; zoneKinds[z.slug] = z.kind; });
      (data.vehicles || []).forEach(function (vehicle) { vehicles[vehicle.id] = vehicle; });
      (data.vehicles_not_admitted || []).forEach(function (item) { vehiclesRefused[item.id] = item.status; });
      offlinePackage = { public_key: data.public_key, byId: byId, refused: refused, categories: categories, zoneNames: zoneNames, zoneKinds: zoneKinds, vehicles: vehicles, vehiclesRefused: vehiclesRefused, vehicleGate: vehicleGate, validUntil: Date.parse(data.valid_until) };
      offlinePackage.publicKeys = data.public_keys || [data.public_key];
      offlinePackage.revokedKeyIds = data.revoked_key_ids || [];
    }).catch(function () { /* keep the package we have */ });
  }
  saveQueue(loadQueue());
  loadPackage();
  setInterval(loadPackage, 5 * 60 * 1000);
  setInterval(uploadQueue, 15000);
  uploadQueue();
  refocus();
})();
