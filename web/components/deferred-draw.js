// Drawing only what the reader can see. A keystroke in #heads changes
// heatmaps and matrices all down the page; redrawing the ones far off
// screen would take most of a frame. So each drawing job runs at once when
// its element is on screen or near it (or has never been drawn), and
// otherwise waits until the element scrolls near. An IntersectionObserver
// keeps track of which elements are near, so no layout is forced here.

const NEAR = "50% 0px"; // within half a screen above or below the viewport

/**
 * @returns {{ draw(target: Element, fn: () => void): void,
 *             drawAll(jobs: [Element, () => void][]): void,
 *             flush(): void }}
 *   draw() runs fn now if `target` is near the viewport or new, else when
 *   it comes near; a later draw() for the same target replaces a waiting
 *   fn, so the functions should read the latest state. flush() runs every
 *   waiting job now (for printing or exporting).
 */
export function createDeferredDrawer() {
  const near = new WeakSet();
  const seen = new WeakSet();
  const pending = new Map();
  const observer =
    typeof IntersectionObserver === "function"
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (entry.isIntersecting) {
                near.add(entry.target);
                run(entry.target);
              } else {
                near.delete(entry.target);
              }
            }
          },
          { rootMargin: NEAR },
        )
      : null;

  function run(target) {
    const fn = pending.get(target);
    pending.delete(target);
    fn?.();
  }

  function draw(target, fn) {
    for (const old of pending.keys()) {
      if (!old.isConnected) pending.delete(old); // e.g. a closed grid
    }
    const first = !seen.has(target);
    if (first) {
      seen.add(target);
      observer?.observe(target);
    }
    if (first || !observer || near.has(target)) {
      pending.delete(target);
      fn();
    } else {
      pending.set(target, fn);
    }
  }

  return {
    draw,
    drawAll(jobs) {
      for (const [target, fn] of jobs) draw(target, fn);
    },
    flush() {
      for (const target of [...pending.keys()]) run(target);
    },
  };
}
