// "My code": swap in the new personal code when the old one rotates out, keep the screen on.
function startMyCode(frame) {
  const image = frame.querySelector(".my-code-qr");
  const countdown = frame.querySelector(".my-code-countdown");
  const problem = frame.querySelector(".my-code-problem");
  let secondsLeft = Number(frame.dataset.secondsLeft) || 1;
  let loading = false;

  const showCountdown = () => {
    countdown.textContent = frame.dataset.countdown.replace("%(seconds)s", String(secondsLeft));
  };

  const refresh = async () => {
    if (loading) return;
    loading = true;
    try {
      const response = await fetch(frame.dataset.codeUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      const data = await response.json();
      if (!response.ok) throw new Error(data.message || response.statusText);
      image.src = data.image;
      secondsLeft = data.seconds_left;
      problem.hidden = true;
    } catch (error) {
      problem.textContent = error instanceof SyntaxError || error instanceof TypeError
        ? frame.dataset.offline
        : error.message;
      problem.hidden = false;
      secondsLeft = 5; // try again soon; the server accepts a code for 90 s anyway
    } finally {
      loading = false;
      showCountdown();
    }
  };

  setInterval(() => {
    secondsLeft -= 1;
    if (secondsLeft <= 0) {
      refresh();
    } else {
      showCountdown();
    }
  }, 1000);

  // A phone that was locked shows a stale code when unlocked: fetch a fresh one at once.
  let wakeLock = null;
  const keepScreenOn = async () => {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
    } catch {
      wakeLock = null; // not allowed here (battery saver, an in-app browser): the hint stays
    }
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      refresh();
      if (wakeLock === null || wakeLock.released) keepScreenOn();
    }
  });
  keepScreenOn();
}

const codeFrame = document.querySelector("[data-code-url]");
if (codeFrame) startMyCode(codeFrame);
