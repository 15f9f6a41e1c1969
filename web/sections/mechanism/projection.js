// Draws the projection example from the last forward pass: X, W^Q in one
// column block per head, Q = X · W^Q in the same blocks, each head's own
// block of Q, and the seed line.
import { renderMatrix } from "../../components/matrix.js";
import {
  MECH_D_MODEL,
  MECH_HEADS,
  MECH_TOKENS,
  headSlice,
  joinHeads,
} from "./example.js";
import { MECH_D_K as dK } from "./layout.js";
import { PROJECTION } from "./text.js";

/** W^Q's and Q's column blocks, one per head. */
const GROUPS = Array.from({ length: MECH_HEADS }, (_, h) => ({
  start: h * dK,
  size: dK,
  label: `Head ${h + 1}`,
}));

/**
 * @param {import("./layout.js").ProjectionSlots} element the panel's slots
 * @param {{ seed: number,
 *   args: ReturnType<typeof import("./example.js").projectionArgs>,
 *   result: import("../../lib/mha.js").ForwardResult }} data the last
 *   example: its seed, the core's arguments and its result
 */
export function renderProjection(element, { seed, args, result }) {
  const { xBox, wqBox, qBox, blockBoxes, seedStatus } = element;
  const { n } = result;
  const tokens = [...MECH_TOKENS];
  const cols = Array.from({ length: MECH_D_MODEL }, (_, c) => String(c));
  renderMatrix(
    xBox,
    {
      rows: n,
      cols: MECH_D_MODEL,
      values: args.x,
      rowLabels: tokens,
      colLabels: cols,
    },
    {
      label: `X: token vectors (${n} × ${MECH_D_MODEL}, random)`,
      caption: `X (${n} × ${MECH_D_MODEL})`,
      showValues: true,
      digits: 1,
    },
  );
  renderMatrix(
    wqBox,
    {
      rows: MECH_D_MODEL,
      cols: MECH_D_MODEL,
      values: args.wq,
      rowLabels: cols,
      colLabels: cols,
      colGroups: GROUPS,
    },
    {
      label: `W^Q (${MECH_D_MODEL} × ${MECH_D_MODEL}, random), in ${MECH_HEADS} column blocks of ${dK}, one per head`,
      caption: `W^Q (${MECH_D_MODEL} × ${MECH_D_MODEL})`,
      showValues: true,
      digits: 1,
    },
  );
  renderMatrix(
    qBox,
    {
      rows: n,
      cols: MECH_D_MODEL,
      values: joinHeads(result),
      rowLabels: tokens,
      colLabels: cols,
      colGroups: GROUPS,
    },
    {
      label: `Q = X · W^Q (${n} × ${MECH_D_MODEL}), in ${MECH_HEADS} column blocks, one per head`,
      caption: `Q = X · W^Q (${n} × ${MECH_D_MODEL})`,
      showValues: true,
      digits: 2,
    },
  );
  blockBoxes.forEach((box, h) => {
    renderMatrix(
      box,
      {
        rows: n,
        cols: dK,
        values: headSlice(result.q, h, n, result.dK),
        rowLabels: tokens,
        colLabels: Array.from({ length: dK }, (_, c) => String(h * dK + c)),
      },
      {
        label: `Head ${h + 1} queries Q${subscript(h + 1)} (${n} × ${dK}): columns ${h * dK} to ${h * dK + dK - 1} of Q`,
        caption: `Head ${h + 1}: Q${subscript(h + 1)}`,
        showValues: true,
        digits: 2,
      },
    );
  });
  seedStatus.textContent = PROJECTION.seed(seed);
}

/** A small integer written with Unicode subscript digits ("Q" + "₁"). */
function subscript(k) {
  return String(k).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]);
}
