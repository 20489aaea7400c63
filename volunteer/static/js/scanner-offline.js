// The scanner page's side of the offline queue (scanner-queue.js holds the queue itself): the
// explicit choice of sign-in or sign-out, the count of scans waiting, what became of each scan,
// the sending (when the page opens, when the network returns, by Background Sync in the
// service worker), and a line saying which mode the device is in and why.
const SYNC_TAG = "scanner-queue";
const RETRY_MS = 30000;
const LIST_LENGTH = 30;

const clock = (at) =>
  new Date(at).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });

// Return the queue for `root`, or null where this browser cannot keep scans (plain http, where
// there is neither a camera nor crypto.randomUUID, or an old browser without IndexedDB).
export function offlineScanner(root, texts, show) {
  const queue = window.scannerQueue;
  const usable =
    window.isSecureContext &&
    "indexedDB" in window &&
    Boolean(window.crypto && window.crypto.randomUUID) &&
    Boolean(queue);
  const modeNote = root.querySelector(".scanner-mode");
  const panel = root.querySelector(".scanner-queue");
  const count = root.querySelector(".scanner-queue-count");
  const sendButton = root.querySelector(".scanner-queue-send");
  const list = root.querySelector(".scanner-queue-list");
  const actions = [...root.querySelectorAll('input[name="scan-action"]')];
  const queueUrl = new URL(root.dataset.queueUrl, window.location.href).href;
  const choiceKey = `scanner-action:${queueUrl}`;
  let camera = "starting";
  let waitingCount = 0;
  let toldRefused = false;

  const describe = () => {
    let mode = "camera";
    if (!window.isSecureContext) mode = "insecure";
    else if (!usable) mode = "no_queue";
    else if (!navigator.onLine) mode = "offline";
    else if (camera === "none") mode = "no_camera";
    root.dataset.mode = mode;
    modeNote.textContent = texts[`mode_${mode}`];
    modeNote.className = `scanner-mode scanner-mode-${mode}`;
  };

  const item = (scan) => {
    const line = document.createElement("li");
    line.className = `scan-${scan.state}`;
    line.dataset.scanId = scan.id;
    const time = document.createElement("time");
    time.textContent = clock(scan.at);
    const action = document.createElement("b");
    action.textContent = texts[scan.action];
    const state = document.createElement("span");
    state.className = "scanner-queue-state";
    state.textContent = texts[`state_${scan.state}`] || scan.state;
    const message = document.createElement("span");
    message.className = "scanner-queue-message";
    message.textContent = scan.message;
    line.append(time, action, state, message);
    return line;
  };

  const refresh = async () => {
    const scans = (await queue.all())
      .filter((scan) => scan.queueUrl === queueUrl)
      .sort((a, b) => b.at - a.at);
    waitingCount = scans.filter((scan) => scan.state === "waiting").length;
    root.dataset.waiting = String(waitingCount);
    count.textContent = texts.waiting.replace("{count}", String(waitingCount));
    sendButton.hidden = waitingCount === 0;
    list.replaceChildren(...scans.slice(0, LIST_LENGTH).map(item));
  };

  // While the page is open it sends by itself; Background Sync is for a page put away (a locked
  // phone, another app) before the network returned.
  const askForSync = async () => {
    try {
      const registration = await navigator.serviceWorker.ready;
      if (registration.sync) await registration.sync.register(SYNC_TAG);
    } catch {
      // No Background Sync here (Firefox, Safari): the page sends when it opens or goes online.
    }
  };

  const send = async () => {
    describe();
    if (!navigator.onLine) return;
    try {
      const answers = await queue.send();
      toldRefused = false;
      if (answers.length) show(answers[answers.length - 1], { log: false });
    } catch (error) {
      // The scans stay on the device for the next try; a refusal needs the coordinator.
      if (error.name === "QueueRefused" && !toldRefused) {
        toldRefused = true; // once: the retries every 30 s must not buzz each time
        show({ outcome: "refused", message: texts.forbidden }, { log: false });
      }
    }
    await refresh();
  };

  // Keep a scanned code with the chosen action, then try to send it.
  const take = async (text) => {
    const action = actions.find((input) => input.checked);
    if (!action) {
      show({ outcome: "refused", message: texts.choose_action }, { log: false });
      return;
    }
    await queue.keep(queueUrl, text, action.value);
    await refresh();
    if (navigator.onLine) {
      show({ outcome: "waiting", message: texts.sending }, { log: false });
      await send();
    } else {
      show({ outcome: "waiting", message: texts.kept }, { log: false });
    }
  };

  if (!usable) {
    panel.hidden = true;
    describe();
    return { take: null, camera: () => {} };
  }

  const remembered = window.localStorage.getItem(choiceKey);
  for (const input of actions) {
    input.checked = input.value === remembered;
    input.addEventListener("change", () => window.localStorage.setItem(choiceKey, input.value));
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker
      .register(root.dataset.workerUrl)
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // The page, and every file it loaded (modules it imported too); the worker keeps only
        // the scanner's page and static files among them.
        const urls = [
          window.location.href,
          root.dataset.decoderUrl,
          root.dataset.wasmUrl,
          ...performance.getEntriesByType("resource").map((entry) => entry.name),
        ];
        registration.active.postMessage({ type: "keep", urls });
      })
      .catch(() => {
        // No worker (a private window, storage refused): the queue still works while open.
      });
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "sent") refresh();
    });
  }

  sendButton.addEventListener("click", send);
  window.addEventListener("online", send);
  window.addEventListener("offline", describe);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && waitingCount) askForSync();
  });
  setInterval(() => {
    if (waitingCount) send();
  }, RETRY_MS);
  refresh().then(send);

  return {
    take,
    camera: (state) => {
      camera = state;
      describe();
    },
  };
}
