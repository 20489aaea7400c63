// The activity screen: poll the state every 3 s, swap the QR code, count down, list the latest.
// Names are people's input: they go into the page with textContent only, never as HTML.
const POLL_MS = 3000;

function startScreen(root) {
  const url = root.dataset.stateUrl;
  const qr = root.querySelector("[data-qr]");
  const message = root.querySelector("[data-message]");
  const countdownLine = root.querySelector("[data-countdown-line]");
  const countdown = root.querySelector("[data-countdown]");
  const offline = root.querySelector("[data-offline]");
  const latest = root.querySelector("[data-latest]");
  const offlineValid = offline.querySelector("[data-offline-valid]");
  const offlineLeft = offline.querySelector("[data-offline-left]");
  const offlineExpired = offline.querySelector("[data-offline-expired]");
  // Screen readers hear the outage once as it starts, not the seconds ticking in the notice.
  const announce = root.querySelector("[data-announce]");
  let secondsLeft = parseInt(countdown.textContent, 10) || 0;
  // When the code on screen stops being accepted (device clock): the outage notice counts to it.
  let validUntil = Date.now() + (parseInt(offline.dataset.validSeconds, 10) || 0) * 1000;
  let timer = null;

  const showOutage = () => {
    const left = Math.max(0, Math.ceil((validUntil - Date.now()) / 1000));
    offlineLeft.textContent = String(left);
    offlineValid.hidden = left === 0 || qr.hidden;
    offlineExpired.hidden = !offlineValid.hidden;
    if (offline.hidden) announce.textContent = announce.dataset.outage;
    offline.hidden = false;
  };

  const event = (item) => {
    const li = document.createElement("li");
    li.className = `screen-event screen-event-${item.kind === "sign_out" ? "sign_out" : "sign_in"}`;
    for (const [className, text] of [
      ["screen-event-time", item.time],
      ["screen-event-name", item.name],
      ["screen-event-action", item.action],
    ]) {
      const span = document.createElement("span");
      span.className = className;
      span.textContent = text;
      li.appendChild(span);
    }
    return li;
  };

  const show = (state) => {
    root.dataset.phase = state.phase;
    // Rewriting the same words would make the live region speak them again every poll.
    if (message.textContent !== state.message) message.textContent = state.message;
    if (state.qr) {
      if (qr.getAttribute("src") !== state.qr) qr.setAttribute("src", state.qr);
      qr.hidden = false;
      countdownLine.hidden = false;
    } else {
      qr.hidden = true;
      qr.removeAttribute("src");
      countdownLine.hidden = true;
    }
    secondsLeft = state.seconds_left;
    validUntil = Date.now() + state.valid_seconds * 1000;
    countdown.textContent = String(secondsLeft);
    for (const [key, count] of Object.entries(state.counts)) {
      const cell = root.querySelector(`[data-count="${key}"]`);
      if (cell) cell.textContent = String(count);
    }
    latest.replaceChildren();
    if (state.latest.length === 0) {
      const empty = document.createElement("li");
      empty.className = "screen-event screen-event-empty";
      empty.textContent = latest.dataset.empty;
      latest.appendChild(empty);
    }
    for (const item of state.latest) latest.appendChild(event(item));
  };

  const poll = () => {
    clearTimeout(timer);
    const request = new XMLHttpRequest();
    request.open("GET", url, true);
    request.setRequestHeader("Accept", "application/json");
    request.timeout = 5000;
    request.onload = () => {
      if (request.status === 200) {
        offline.hidden = true;
        announce.textContent = "";
        try {
          show(JSON.parse(request.responseText));
        } catch {
          showOutage();
        }
      } else {
        showOutage(); // logged out or lost permission: the screen says so
      }
      timer = setTimeout(poll, POLL_MS);
    };
    request.onerror = request.ontimeout = () => {
      showOutage();
      timer = setTimeout(poll, POLL_MS);
    };
    request.send();
  };

  // Count down locally between polls; at zero fetch the next code at once.
  setInterval(() => {
    if (!offline.hidden) showOutage();
    if (secondsLeft > 0) {
      secondsLeft -= 1;
      countdown.textContent = String(secondsLeft);
      if (secondsLeft === 0) poll();
    }
  }, 1000);

  const fullscreen = root.querySelector("[data-fullscreen]");
  if (fullscreen && document.documentElement.requestFullscreen) {
    fullscreen.addEventListener("click", () => {
      document.documentElement.requestFullscreen().catch(() => {});
    });
  } else if (fullscreen) {
    fullscreen.hidden = true;
  }

  timer = setTimeout(poll, POLL_MS);
}

const screenRoot = document.getElementById("checkin-screen");
if (screenRoot) startScreen(screenRoot);
