// Placeholder: built in issue 6.
/** @param {HTMLElement} root */
export function mount(root) {
  root.textContent = "Coming soon.";
}
