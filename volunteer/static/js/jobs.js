// A background job's page: poll its state until it is finished, then offer the file.
function startJob(section) {
  const labels = JSON.parse(document.getElementById("job-labels").textContent);
  const status = section.querySelector(".job-status");
  const bar = section.querySelector(".job-progress");
  const count = section.querySelector(".job-count");
  const message = section.querySelector(".job-message");
  const fileBox = section.querySelector(".job-file");
  const problem = section.querySelector(".job-problem");

  const show = (state) => {
    status.textContent = labels[state.status] || state.status;
    if (state.percent === null) {
      bar.removeAttribute("value");
    } else {
      bar.value = state.percent;
      bar.textContent = `${state.percent}%`;
    }
    count.textContent = state.total ? `${state.done} / ${state.total}` : "";
    message.textContent = state.message || "";
    message.hidden = !state.message;
    // The server gives the file's address only once the file is whole.
    if (state.file_url) {
      fileBox.querySelector("a").href = state.file_url;
      fileBox.querySelector(".job-filename").textContent = state.filename || "";
    }
    fileBox.hidden = !state.file_url;
  };

  const poll = async () => {
    try {
      const response = await fetch(section.dataset.stateUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      const state = await response.json();
      if (!response.ok) throw new Error(state.message || response.statusText);
      problem.hidden = true;
      show(state);
      if (state.finished) {
        if (state.status === "failed") window.location.reload();
        return;
      }
    } catch {
      problem.textContent = labels.offline;
      problem.hidden = false;
    }
    setTimeout(poll, 1000);
  };

  if (section.dataset.finished !== "true") poll();
}

const section = document.getElementById("job");
if (section) startJob(section);
