// A tiny observable value: the sentence shared by the sections that show
// the reader's own text. Setting it notifies every subscriber synchronously,
// so all heatmaps update in the same frame as the keystroke.
export function createStore(initial) {
  let value = initial;
  const listeners = new Set();
  return {
    get: () => value,
    set(next) {
      if (next === value) return;
      value = next;
      for (const fn of listeners) fn(value);
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
