// The one script an author adds to embed the explainer's heads in a page:
//
//   <script type="module" src="…/mha-embed.js"></script>
//   <mha-heads sentence="The clever fox jumped" heads="positional,previous"
//              view="grid"></mha-heads>
//
// Defines <mha-heads> (web/embed/element.js) unless the page already has.
import { MhaHeads } from "./embed/element.js";

// This file sits in the explainer's folder: the element's stylesheets and
// links are found from here, bundled or not.
MhaHeads.base = new URL("./", import.meta.url).href;

if (!customElements.get("mha-heads")) {
  customElements.define("mha-heads", MhaHeads);
}

export { MhaHeads };
