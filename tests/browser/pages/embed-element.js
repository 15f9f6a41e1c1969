// Records every "mha-update" event of the page's elements, for the tests.
window.mhaUpdates = [];
document.addEventListener("mha-update", (event) => {
  window.mhaUpdates.push({
    id: event.target.id,
    sentence: event.detail.sentence,
    heads: event.detail.heads,
    view: event.detail.view,
    causal: event.detail.causal,
    problem: event.detail.problem,
  });
});
