// Section placeholder: filled in by its own change.
export function mount(root) {
  root.textContent = "";
}
