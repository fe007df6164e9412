/**
 * What a router tells the rest of the beacon, and what may be read of it.
 *
 * Events go to the listeners given when the router is built, in that order,
 * synchronously, from inside the receive or originate path: a listener must
 * not block, and one that throws ends that delivery (counted as rejected).
 * The router decodes a delivered message only if it has listeners.
 *
 * The probe is the read-only view: the health line, the simulator and the
 * tests observe a router through it (and through events), never by calling
 * into routing; reading it changes nothing.
 */
import type { ReceiveInfo } from "../hal/radio";
import type { FrameHeader } from "../protocol/frame";
import type { Message } from "../protocol/message";
import type { RouterStats } from "./config";
import type { Route } from "./neighbours";

/** A message this node originated (before it is queued, or delivered at once at a gateway). */
export interface Originated {
  readonly kind: "originated";
  readonly header: FrameHeader;
  /** its (src, seq) dedup key */
  readonly key: number;
  /** the frame as sealed */
  readonly frame: Uint8Array;
  /** a packed frame of this node's (forwarding/pack.ts): it carries other frames' phone SOS, told by "merged" events next */
  readonly packed?: boolean;
}

/** A message this node consumed: all uplink at a gateway, anything sent to its address, broadcasts everywhere. */
export interface Delivered {
  readonly kind: "delivered";
  readonly message: Message;
  /** the frame as it arrived */
  readonly frame: Uint8Array;
  readonly info: ReceiveInfo;
}

/** A frame this node took in, or held, whose every phone SOS now travels in another frame held here (forwarding/pack.ts): neither delivered nor lost itself. */
export interface Merged {
  readonly kind: "merged";
  /** its (src, seq) dedup key */
  readonly key: number;
  /** the dedup key of the frame that carries its SOS on: a packed frame of this node's, or a frame held here that carried them already */
  readonly into: number;
}

export type RouterEvent = Originated | Delivered | Merged;

export type RouterListener = (event: RouterEvent) => void;

export interface RouterProbe {
  readonly stats: Readonly<RouterStats>;
  /** frames waiting in the transmit queue */
  readonly queued: number;
  /** queued frames per priority class, life-safety first */
  queueByClass(): number[];
  /** the route this node would use now (null at a gateway or with none) */
  route(): Route | null;
}
