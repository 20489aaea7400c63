// The scanner's queue on the device (IndexedDB): every scan is kept here first, with an id made
// on the device, the device's time, the code and the chosen action, then sent to the server,
// which receives each id once. Shared by the scanner page (loaded as a module) and its service
// worker (importScripts, for Background Sync): so no import or export, only
// `self.scannerQueue`.
(() => {
  const DB_NAME = "volunteer-scanner";
  const STORE = "scans";
  const KEEP_SETTLED = 200; // answered scans kept for the page's list; older ones are dropped,
  const KEEP_SETTLED_MS = 12 * 3600 * 1000; // and any answered more than 12 hours ago
  const WAITING = "waiting";

  const openDatabase = () =>
    new Promise((resolve, reject) => {
      const request = self.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  // Run `work(store)` in one transaction; resolve with what it returned once it is committed.
  const inStore = async (mode, work) => {
    const database = await openDatabase();
    return new Promise((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const outcome = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => {
        database.close();
        resolve(outcome && "result" in outcome ? outcome.result : outcome);
      };
      transaction.onerror = () => {
        database.close();
        reject(transaction.error);
      };
    });
  };

  const all = () => inStore("readonly", (store) => store.getAll());

  // Keep a scan of `token` for the queue at `queueUrl`; `action` is "sign_in" or "sign_out".
  const keep = async (queueUrl, token, action) => {
    const scan = {
      id: self.crypto.randomUUID(),
      queueUrl,
      token,
      action,
      at: Date.now(),
      state: WAITING,
      message: "",
      offline: !self.navigator.onLine, // the server marks the record as made offline
    };
    await inStore("readwrite", (store) => store.put(scan));
    return scan;
  };

  const waiting = async () => (await all()).filter((scan) => scan.state === WAITING);

  const settle = (answers) =>
    inStore("readwrite", (store) => {
      for (const answer of answers) {
        const request = store.get(answer.id);
        request.onsuccess = () => {
          if (!request.result) return;
          store.put({ ...request.result, state: answer.outcome, message: answer.message });
        };
      }
    });

  const dropOldest = async () => {
    const settled = (await all())
      .filter((scan) => scan.state !== WAITING)
      .sort((a, b) => a.at - b.at);
    const old = Date.now() - KEEP_SETTLED_MS;
    const extra = settled.filter(
      (scan, index) => index < settled.length - KEEP_SETTLED || scan.at < old,
    );
    if (extra.length) {
      await inStore("readwrite", (store) => extra.forEach((scan) => store.delete(scan.id)));
    }
  };

  // Scans whose sending failed waited on the device: they were made offline.
  const markOffline = (scans) =>
    inStore("readwrite", (store) => scans.forEach((scan) => store.put({ ...scan, offline: true })));

  // The server answered but would not take the queue (login lost, no right to this activity).
  const refused = (response) => {
    const error = new Error(`queue refused: HTTP ${response.status}`);
    error.name = "QueueRefused";
    return error;
  };

  // Send one queue's waiting scans; return the server's answers, or throw when it is not reached.
  const sendTo = async (queueUrl, scans) => {
    const ticket = await fetch(queueUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!ticket.ok || ticket.redirected) throw refused(ticket);
    const { csrf_token: csrfToken } = await ticket.json();
    const response = await fetch(queueUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken,
      },
      body: JSON.stringify({
        device_now: Date.now(),
        scans: scans.map(({ id, token, action, at, offline }) => ({
          id,
          token,
          action,
          at,
          offline,
        })),
      }),
    });
    if (!response.ok || response.redirected) throw refused(response);
    return (await response.json()).results;
  };

  let sending = null;

  // Send every waiting scan (grouped by queue); resolve with the answers received. One run at
  // a time on this page or worker; the server ignores a scan sent twice by two of them.
  const send = () => {
    sending =
      sending ||
      (async () => {
        const answers = [];
        try {
          const queues = new Map();
          for (const scan of await waiting()) {
            if (!queues.has(scan.queueUrl)) queues.set(scan.queueUrl, []);
            queues.get(scan.queueUrl).push(scan);
          }
          for (const [queueUrl, scans] of queues) {
            const received = await sendTo(queueUrl, scans).catch(async (error) => {
              await markOffline(scans);
              throw error;
            });
            await settle(received);
            answers.push(...received);
          }
          await dropOldest();
          return answers;
        } finally {
          sending = null;
        }
      })();
    return sending;
  };

  self.scannerQueue = { all, keep, waiting, send };
})();
