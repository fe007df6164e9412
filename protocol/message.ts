/**
 * Messages = frame header + typed body. The registry of body codecs, whole-message
 * encode/decode, and the JSON form used by the CLI, logs and the console.
 */
import { checkInt, fromHex, toHex } from "./bytes";
import { badValue, fail } from "./errors";
import {
  Addr, MAX_HOPS, MsgType, PRIORITY_NAMES, decodeFrame, encodeFrame,
  type FragmentInfo, type FrameHeader, type MacFunction, type ParsedFrame,
} from "./frame";
import { ack } from "./messages/ack";
import { census } from "./messages/census";
import { asObject, type BodyCodec, type JsonForm } from "./messages/codec";
import { hello } from "./messages/hello";
import { instruction } from "./messages/instruction";
import { media, mediaJson } from "./messages/media";
import { position } from "./messages/position";
import { sos } from "./messages/sos";
import { text } from "./messages/text";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCodec = BodyCodec<any>;

export const CODECS: readonly AnyCodec[] = [hello, sos, census, position, text, media, ack, instruction];
const BY_TYPE: (AnyCodec | undefined)[] = [];
for (const c of CODECS) BY_TYPE[c.type] = c;

export function codecForType(type: number): AnyCodec {
  const c = BY_TYPE[type];
  if (!c) fail("unknownType", "type " + type);
  return c;
}

export function codecForName(name: string): AnyCodec {
  for (const c of CODECS) if (c.name === name) return c;
  fail("unknownType", JSON.stringify(name) + "; known: " + CODECS.map((c) => c.name).join(", "));
}

/** Hop limit a new message gets when its sender does not choose one. */
export const DEFAULT_HOP_LIMIT = 8;

export interface Message {
  header: FrameHeader;
  /** the decoded body; absent on a fragment */
  body?: unknown;
  /** a fragment's slice of the encoded body */
  chunk?: Uint8Array;
}

/** Encodes one message into one frame (`overLimit` if the body needs fragments). */
export function encodeMessage(header: FrameHeader, body: unknown, mac: MacFunction): Uint8Array {
  const codec = codecForType(header.type);
  return encodeFrame(header, codec.encode(body), mac);
}

/** Decodes a body of the given type that fills payload exactly. */
export function decodeBody(type: number, payload: Uint8Array, start = 0, end = payload.length): unknown {
  return codecForType(type).decode(payload, start, end);
}

/** Body (or fragment chunk) of a frame already parsed and authenticated. */
export function messageOf(f: ParsedFrame): Message {
  const codec = codecForType(f.header.type);
  if (f.header.frag) {
    if (codec.type === MsgType.media) badValue("MEDIA frames carry their own fragment fields and never set F");
    return { header: f.header, chunk: f.bytes.subarray(f.payloadStart, f.micOffset) };
  }
  return { header: f.header, body: codec.decode(f.bytes, f.payloadStart, f.micOffset) };
}

/** The receive path: parse, authenticate, decode. */
export function decodeMessage(bytes: Uint8Array, mac: MacFunction): Message {
  return messageOf(decodeFrame(bytes, mac));
}

// ---------------------------------------------------------------- JSON form

/** A body's JSON form where it differs from the body (off the codecs: only the JSON conversion needs it). */
function jsonForm(type: number): JsonForm<any> | undefined {
  return type === MsgType.media ? mediaJson : undefined;
}

export function addressToJson(a: number): number | string {
  return a === Addr.broadcast ? "broadcast" : a === Addr.anyGateway ? "any-gateway" : a;
}

function addressFromJson(v: unknown, field: string): number {
  if (v === "broadcast") return Addr.broadcast;
  if (v === "any-gateway") return Addr.anyGateway;
  return checkInt(v, 1, 0xfffd, field + ' (or "broadcast", "any-gateway")');
}

export function messageToJson(m: Message): Record<string, unknown> {
  const h = m.header;
  const codec = codecForType(h.type);
  const out: Record<string, unknown> = {
    type: codec.name,
    priority: PRIORITY_NAMES[h.priority],
    net: h.net,
    src: h.src,
    dst: addressToJson(h.dst),
    seq: h.seq,
    hopLimit: h.hopLimit,
    hops: h.hops,
    ack: h.ack,
  };
  if (h.frag) out.frag = { ...h.frag };
  if (m.chunk) out.chunk = toHex(m.chunk);
  else {
    const form = jsonForm(h.type);
    out.body = form ? form.toJson(m.body) : m.body;
  }
  return out;
}

const HEADER_KEYS = ["type", "priority", "net", "src", "dst", "seq", "hopLimit", "hops", "ack", "frag", "body", "chunk"];

/** Reads the JSON form; defaults: priority by type, net 0, dst by type, hopLimit 8, hops 0, ack false. */
export function messageFromJson(json: unknown): Message {
  const o = asObject(json, "message");
  for (const k of Object.keys(o)) if (!HEADER_KEYS.includes(k)) badValue("unknown field " + JSON.stringify(k));
  if (typeof o.type !== "string") badValue("type must be a message name");
  const codec = codecForName(o.type);
  let priority = codec.priority;
  if (o.priority !== undefined) {
    priority = (PRIORITY_NAMES as readonly unknown[]).indexOf(o.priority);
    if (priority < 0) badValue("priority must be one of " + PRIORITY_NAMES.join(", "));
  }
  const defaultDst = codec.type === MsgType.hello || codec.type === MsgType.instruction ? Addr.broadcast : Addr.anyGateway;
  if (o.ack !== undefined && typeof o.ack !== "boolean") badValue("ack must be true or false");
  const header: FrameHeader = {
    type: codec.type,
    priority,
    hopLimit: o.hopLimit === undefined ? DEFAULT_HOP_LIMIT : checkInt(o.hopLimit, 0, MAX_HOPS, "hopLimit"),
    hops: o.hops === undefined ? 0 : checkInt(o.hops, 0, MAX_HOPS, "hops"),
    net: o.net === undefined ? 0 : checkInt(o.net, 0, 31, "net"),
    ack: o.ack === true,
    src: checkInt(o.src, 1, 0xfffd, "src"),
    dst: o.dst === undefined ? defaultDst : addressFromJson(o.dst, "dst"),
    seq: checkInt(o.seq, 0, 0xffffff, "seq"),
  };
  if (o.frag !== undefined) {
    const f = asObject(o.frag, "frag");
    header.frag = { id: f.id, index: f.index, count: f.count } as FragmentInfo;
    if (typeof o.chunk !== "string") badValue("a fragment needs chunk (hex)");
    if (o.body !== undefined) badValue("a fragment carries chunk, not body");
    return { header, chunk: fromHex(o.chunk) };
  }
  if (o.chunk !== undefined) badValue("chunk is only for fragments (frag)");
  if (o.body === undefined) badValue("missing body");
  const form = jsonForm(codec.type);
  const body = form ? form.fromJson(o.body) : asObject(o.body, "body");
  // A field the codec does not carry is a typo or a misunderstanding: say so.
  const encoded = codec.encode(body);
  const carried = codec.decode(encoded, 0, encoded.length) as Record<string, unknown>;
  unknownFields(asObject(o.body, "body"), carried, "body");
  return { header, body };
}

/** Names the first field of `given` (a JSON body, its objects and lists of objects too) that the codec did not carry. */
function unknownFields(given: Record<string, unknown>, carried: Record<string, unknown>, path: string): void {
  for (const k of Object.keys(given)) {
    if (!(k in carried)) badValue("unknown field " + path + "." + k);
    const g = given[k], c = carried[k];
    if (Array.isArray(g) && Array.isArray(c)) g.forEach((x, i) => isObject(x) && isObject(c[i]) && unknownFields(x, c[i] as Record<string, unknown>, `${path}.${k}[${i}]`));
    else if (isObject(g) && isObject(c)) unknownFields(g, c as Record<string, unknown>, path + "." + k);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Encodes a message in its JSON-read form (body or fragment chunk). */
export function encodeMessageObject(m: Message, mac: MacFunction): Uint8Array {
  if (m.chunk) return encodeFrame(m.header, m.chunk, mac);
  return encodeMessage(m.header, m.body, mac);
}
