// The coordinator's scanner: read personal codes with the camera and sign people in or out,
// or find them by name, 工号 or phone (whole, or its last 4 digits with a name). The server
// decides everything, whom the search may find too; this page only shows it.
//
// Decoding uses the browser's own BarcodeDetector where it reads QR codes (Android Chrome,
// Safari), and otherwise the barcode-detector polyfill served from /static/vendor/ with its
// ZXing WebAssembly beside it: nothing is fetched from a CDN.
// In a secure context scans are kept on the device first, with the chosen action
// (scanner-offline.js); elsewhere a scan is sent at once and toggles the person's session.
import { offlineScanner } from "./scanner-offline.js";

function startScanner(root) {
  const texts = JSON.parse(document.getElementById("scanner-texts").textContent);
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

  const video = root.querySelector(".scanner-video");
  const cameraNote = root.querySelector(".scanner-camera-note");
  const cameraStart = root.querySelector(".scanner-camera-start");
  const result = root.querySelector(".scan-result");
  const log = root.querySelector(".scan-log");
  const logEmpty = root.querySelector(".scan-log-empty");
  const searchForm = root.querySelector(".scanner-search");
  const searchNote = root.querySelector(".scanner-search-note");
  const results = root.querySelector(".scanner-results");

  const LOG_LENGTH = 20;
  const SAME_CODE_PAUSE_MS = 4000; // the server treats a minute as one event; spare it the calls
  const SCAN_INTERVAL_MS = 250;

  // --- Answers: big, coloured, with a buzz or a beep ------------------------------------------

  let audio = null;
  const beep = (ok) => {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = ok ? 880 : 220;
      gain.gain.value = 0.15;
      tone.connect(gain).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + (ok ? 0.12 : 0.35));
    } catch {
      // No audio here (autoplay policy, an old WebView): the colour says it.
    }
  };

  const show = (answer, { log: logged = true } = {}) => {
    const outcome = answer.outcome || "refused";
    result.className = `scan-result scan-${outcome}`;
    result.querySelector(".scan-result-name").textContent = answer.name || "";
    result.querySelector(".scan-result-message").textContent = answer.message || "";
    result.hidden = false;
    if (navigator.vibrate) navigator.vibrate(outcome === "refused" ? [90, 60, 90] : 80);
    if (outcome !== "waiting") beep(outcome !== "refused");
    if (!logged) return;

    const item = document.createElement("li");
    item.className = `scan-${outcome}`;
    const time = document.createElement("time");
    const clock = { hour: "2-digit", minute: "2-digit", hour12: false };
    time.textContent = new Date().toLocaleTimeString([], clock);
    const message = document.createElement("span");
    message.textContent = answer.message || "";
    item.append(time, message);
    log.prepend(item);
    while (log.children.length > LOG_LENGTH) log.lastElementChild.remove();
    logEmpty.hidden = true;
  };

  const post = async (url, body) => {
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": csrfToken,
        },
        body: JSON.stringify(body || {}),
      });
      if (response.status === 403 || response.status === 400 || response.redirected) {
        return { outcome: "refused", message: texts.forbidden };
      }
      return await response.json();
    } catch {
      return { outcome: "refused", message: texts.network };
    }
  };

  // --- Camera and decoding ---------------------------------------------------------------------

  const loadScript = (src) =>
    new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });

  const nativeDetector = async () => {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch {
      return null;
    }
  };

  const polyfillDetector = async () => {
    await loadScript(root.dataset.decoderUrl);
    const api = window.BarcodeDetectionAPI;
    const wasmUrl = new URL(root.dataset.wasmUrl, window.location.href).href;
    // The bundle would fetch its .wasm from jsDelivr: point it at our own copy instead.
    await api.prepareZXingModule({
      overrides: {
        locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
      },
      fireImmediately: true,
    });
    return new api.BarcodeDetector({ formats: ["qr_code"] });
  };

  // Start loading the decoder at once, while the camera starts, so the first scan is quick.
  const detectorReady = (async () => {
    try {
      const detector = (await nativeDetector()) || (await polyfillDetector());
      root.dataset.decoder = "ready";
      return detector;
    } catch {
      root.dataset.decoder = "failed";
      return null;
    }
  })();

  const offline = offlineScanner(root, texts, show);
  let lastText = "";
  let lastTextAt = 0;
  let busy = false;

  const handle = async (text) => {
    const now = Date.now();
    if (text === lastText && now - lastTextAt < SAME_CODE_PAUSE_MS) return;
    lastText = text;
    lastTextAt = now;
    busy = true;
    try {
      if (offline.take) await offline.take(text);
      else show(await post(root.dataset.scanUrl, { token: text }));
    } finally {
      busy = false;
    }
  };

  const scanLoop = (detector) => {
    const tick = async () => {
      if (!busy && video.readyState >= 2 && document.visibilityState === "visible") {
        try {
          const codes = await detector.detect(video);
          if (codes.length) await handle(codes[0].rawValue);
        } catch {
          // A frame the decoder could not read: try the next one.
        }
      }
      setTimeout(tick, SCAN_INTERVAL_MS);
    };
    tick();
  };

  const cameraProblem = (message, canRetry) => {
    offline.camera("none");
    cameraNote.textContent = message;
    cameraStart.hidden = !canRetry;
    video.hidden = true;
  };

  let scanning = false;
  const startCamera = async () => {
    // Browsers give pages the camera only on https or on the machine itself (localhost).
    if (!window.isSecureContext) return cameraProblem(texts.insecure, false);
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return cameraProblem(texts.no_camera_api, false);
    }
    cameraStart.hidden = true;
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" } }, // the rear camera on phones
      });
      await video.play();
    } catch (error) {
      if (error && error.name === "NotAllowedError") return cameraProblem(texts.denied, true);
      if (error && (error.name === "NotFoundError" || error.name === "OverconstrainedError")) {
        return cameraProblem(texts.no_camera, true);
      }
      return cameraProblem(texts.camera_failed, true);
    }
    const detector = await detectorReady;
    if (!detector) return cameraProblem(texts.decoder_failed, false);
    video.hidden = false;
    offline.camera("ready");
    cameraNote.textContent = texts.scanning;
    if (!scanning) {
      scanning = true;
      scanLoop(detector);
    }
  };
  cameraStart.addEventListener("click", startCamera);
  startCamera();

  // A handheld scanner types the code and Enter: the camera decoder's path (tests use it too).
  const manual = root.querySelector(".scanner-manual");
  manual.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = manual.elements.code.value.trim();
    manual.elements.code.value = "";
    lastText = "";
    if (text) handle(text);
  });

  // --- Search fallback -------------------------------------------------------------------------

  const personItem = (person) => {
    const item = document.createElement("li");
    const who = document.createElement("span");
    who.className = "scanner-person";
    const name = document.createElement("b");
    name.textContent = person.name;
    const details = document.createElement("span");
    details.className = "muted";
    details.textContent = [person.staff_no, person.unit, person.phone].filter(Boolean).join(" · ");
    who.append(name, details);
    item.append(who);
    if (person.signed_in_here || person.signed_in_elsewhere) {
      const state = document.createElement("span");
      state.className = person.signed_in_here ? "badge badge-ok" : "badge badge-warn";
      state.textContent = person.signed_in_here ? texts.here : texts.elsewhere;
      item.append(state);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = person.signed_in_here ? "btn" : "btn btn-primary";
    button.textContent = person.signed_in_here ? texts.sign_out : texts.sign_in;
    button.dataset.accountId = String(person.account_id);
    button.addEventListener("click", async () => {
      button.disabled = true;
      const url = person.signed_in_here ? person.sign_out_url : person.sign_in_url;
      const answer = await post(url);
      show(answer);
      button.disabled = false;
      if (answer.ok) search();
    });
    item.append(button);
    return item;
  };

  const search = async () => {
    const text = searchForm.elements.q.value.trim();
    results.replaceChildren();
    if (text.length < 2) {
      searchNote.textContent = texts.too_short;
      return;
    }
    searchNote.textContent = "";
    try {
      const url = new URL(root.dataset.searchUrl, window.location.href);
      url.searchParams.set("q", text);
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.status === 429) {
        // Past the account's budget of searches: the server's message says to wait.
        searchNote.textContent = (await response.json()).message;
        return;
      }
      if (!response.ok || response.redirected) {
        searchNote.textContent = texts.forbidden;
        return;
      }
      const data = await response.json();
      if (!data.results.length) searchNote.textContent = texts.no_results;
      results.replaceChildren(...data.results.map(personItem));
    } catch {
      searchNote.textContent = texts.network;
    }
  };
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
}

const scannerRoot = document.querySelector(".scanner[data-scan-url]");
if (scannerRoot) startScanner(scannerRoot);
