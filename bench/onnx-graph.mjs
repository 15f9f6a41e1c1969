// A minimal protobuf encoder for the few ONNX messages a model needs
// (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
// ValueInfoProto), and the graph of multi-head attention built with it:
// the same computation as mha.forward(), in standard ONNX operators, so that
// onnxruntime-web runs exactly what we run. Field numbers are those of
// onnx/onnx.proto3.

// ---- protobuf wire format ---------------------------------------------------

const encoder = new TextEncoder();

/** Bytes of an unsigned varint (values up to 2^53). */
export function varint(value) {
  const out = [];
  let v = value;
  while (v >= 0x80) {
    out.push(v % 0x80 | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

export function concat(parts) {
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A message under construction: a list of encoded fields. */
class Message {
  parts = [];

  /** Field of wire type 0 (int32, int64, enum), non-negative values. */
  int(field, value) {
    this.parts.push(Uint8Array.from([...varint(field << 3), ...varint(value)]));
    return this;
  }

  /** Field of wire type 2: bytes, a string or an embedded message. */
  bytes(field, value) {
    const data =
      typeof value === "string"
        ? encoder.encode(value)
        : value instanceof Message
          ? value.encode()
          : value;
    this.parts.push(
      Uint8Array.from([...varint((field << 3) | 2), ...varint(data.length)]),
    );
    this.parts.push(data);
    return this;
  }

  /** Field of wire type 5 (float). */
  float(field, value) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.parts.push(Uint8Array.from([...varint((field << 3) | 5)]), b);
    return this;
  }

  encode() {
    return concat(this.parts);
  }
}

// ---- ONNX messages ---------------------------------------------------------

const FLOAT = 1; // TensorProto.DataType
const INT64 = 7;
const ATTR_INT = 2; // AttributeProto.AttributeType
const ATTR_INTS = 7;

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9. */
function tensor(name, dims, dataType, data) {
  const m = new Message();
  for (const d of dims) m.int(1, d);
  m.int(2, dataType);
  m.bytes(8, name);
  m.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return m;
}

/** AttributeProto: name 1, i 3, ints 8, type 20. */
function attribute(name, value) {
  const m = new Message().bytes(1, name);
  if (Array.isArray(value)) {
    for (const v of value) m.int(8, v);
    m.int(20, ATTR_INTS);
  } else {
    m.int(3, value).int(20, ATTR_INT);
  }
  return m;
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function node(opType, inputs, outputs, attributes = {}) {
  const m = new Message();
  for (const i of inputs) m.bytes(1, i);
  for (const o of outputs) m.bytes(2, o);
  m.bytes(3, `${opType}_${outputs[0]}`);
  m.bytes(4, opType);
  for (const [k, v] of Object.entries(attributes)) m.bytes(5, attribute(k, v));
  return m;
}

/** ValueInfoProto of a float tensor of fixed shape. */
function valueInfo(name, dims) {
  const shape = new Message();
  for (const d of dims) shape.bytes(1, new Message().int(1, d)); // dim_value
  const tensorType = new Message().int(1, FLOAT).bytes(2, shape);
  return new Message()
    .bytes(1, name)
    .bytes(2, new Message().bytes(1, tensorType));
}

// ---- the attention graph ---------------------------------------------------

/**
 * An ONNX model (bytes) of multi-head attention without mask, for one
 * sequence: input "x" (n × dModel), output "y" (n × dModel). The weights are
 * initializers, as a deployed model has them; biases are optional.
 *
 *   Q = x·Wq + bq → [n, h, dK] → [h, n, dK]       (K → [h, dK, n], V like Q)
 *   P = Softmax(Q·K / √dK), over the keys
 *   y = (P·V → [n, h, dK] → [n, dModel]) · Wo + bo
 */
export function attentionModel({
  n,
  dModel,
  heads,
  wq,
  wk,
  wv,
  wo,
  bq,
  bk,
  bv,
  bo,
}) {
  const dK = dModel / heads;
  const nodes = [];
  const inits = [
    tensor("Wq", [dModel, dModel], FLOAT, wq),
    tensor("Wk", [dModel, dModel], FLOAT, wk),
    tensor("Wv", [dModel, dModel], FLOAT, wv),
    tensor("Wo", [dModel, dModel], FLOAT, wo),
    tensor(
      "split_shape",
      [3],
      INT64,
      BigInt64Array.from([n, heads, dK].map(BigInt)),
    ),
    tensor(
      "merge_shape",
      [2],
      INT64,
      BigInt64Array.from([n, dModel].map(BigInt)),
    ),
    tensor("scale", [], FLOAT, Float32Array.of(1 / Math.sqrt(dK))),
  ];
  const project = (w, b, out) => {
    if (!b) {
      nodes.push(node("MatMul", ["x", w], [out]));
      return;
    }
    inits.push(tensor(`b${out}`, [dModel], FLOAT, b));
    nodes.push(node("MatMul", ["x", w], [`${out}_xw`]));
    nodes.push(node("Add", [`${out}_xw`, `b${out}`], [out]));
  };
  project("Wq", bq, "q");
  project("Wk", bk, "k");
  project("Wv", bv, "v");
  for (const t of ["q", "k", "v"]) {
    nodes.push(node("Reshape", [t, "split_shape"], [`${t}_split`]));
  }
  nodes.push(node("Transpose", ["q_split"], ["q_heads"], { perm: [1, 0, 2] }));
  nodes.push(
    node("Transpose", ["k_split"], ["k_heads_t"], { perm: [1, 2, 0] }),
  );
  nodes.push(node("Transpose", ["v_split"], ["v_heads"], { perm: [1, 0, 2] }));
  nodes.push(node("MatMul", ["q_heads", "k_heads_t"], ["scores_raw"]));
  nodes.push(node("Mul", ["scores_raw", "scale"], ["scores"]));
  nodes.push(node("Softmax", ["scores"], ["weights"], { axis: 2 }));
  nodes.push(node("MatMul", ["weights", "v_heads"], ["heads_out"]));
  nodes.push(
    node("Transpose", ["heads_out"], ["heads_t"], { perm: [1, 0, 2] }),
  );
  nodes.push(node("Reshape", ["heads_t", "merge_shape"], ["concat"]));
  if (bo) {
    inits.push(tensor("bo", [dModel], FLOAT, bo));
    nodes.push(node("MatMul", ["concat", "Wo"], ["y_xw"]));
    nodes.push(node("Add", ["y_xw", "bo"], ["y"]));
  } else {
    nodes.push(node("MatMul", ["concat", "Wo"], ["y"]));
  }

  const graph = new Message();
  for (const nd of nodes) graph.bytes(1, nd);
  graph.bytes(2, "multi_head_attention");
  for (const t of inits) graph.bytes(5, t);
  graph.bytes(11, valueInfo("x", [n, dModel]));
  graph.bytes(12, valueInfo("y", [n, dModel]));

  const opset = new Message().bytes(1, "").int(2, 17);
  return new Message()
    .int(1, 8) // ir_version
    .bytes(2, "mha-explainer bench") // producer_name
    .bytes(7, graph)
    .bytes(8, opset)
    .encode();
}
