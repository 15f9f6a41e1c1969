// A React component that shows the explainer's heads on the reader's own
// sentence. The page loads mha-embed.js once with a script tag (see
// react.html); React 19 passes the props to <mha-heads> as attributes.
import { useState } from "react";
import { createRoot } from "react-dom/client";

export function AttentionDemo() {
  const [sentence, setSentence] = useState("The clever fox jumped");
  return (
    <section>
      <label>
        Your sentence{" "}
        <input value={sentence} onChange={(e) => setSentence(e.target.value)} />
      </label>
      <mha-heads sentence={sentence} heads="positional,syntactic" view="grid" />
    </section>
  );
}

createRoot(document.getElementById("root")).render(<AttentionDemo />);
