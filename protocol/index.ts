/** The D2D protocol: frames, messages, fragmentation. Runs unchanged on XS and Node. */
export * from "./errors";
export * from "./bytes";
export * from "./utf8";
export * from "./cbor";
export * from "./frame";
export * from "./message";
export * from "./fragment";
export * from "./phone-adv";
export * from "./messages/hello";
export * from "./messages/sos";
export * from "./messages/census";
export * from "./messages/position";
export * from "./messages/text";
export * from "./messages/media";
export * from "./messages/ack";
export * from "./messages/instruction";
export * from "./messages/site-position";
export type { BodyCodec } from "./messages/codec";
