// The registration form: show 工号 to staff and the affiliation field to everyone else, as the
// choice changes. Without this script the server's own choice of fields stays shown.
const form = document.getElementById("register-form");

const show = () => {
  const checked = form.querySelector('input[name="kind"]:checked');
  const kind = checked ? checked.value : "staff";
  for (const part of form.querySelectorAll("[data-kind]")) {
    part.hidden = part.dataset.kind !== kind;
  }
};

if (form) {
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") show();
  });
  show();
}
