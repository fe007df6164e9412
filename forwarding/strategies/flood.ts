/**
 * Blind flooding, the simplest baseline the benchmark compares against.
 *
 * Rules: every node rebroadcasts every new frame once, after a random jitter
 * of 0–2 ms so that the neighbours that heard it together do not all start
 * together; uplink it originates is broadcast too. Copies heard later change
 * nothing. No HELLOs, no routes, no acknowledgements, no custody.
 */
import type { FrameHeader } from "../../protocol/frame";
import type { ForwardingStrategy, StrategyParts } from "../strategy";

/** Rebroadcast jitter, ms. */
const JITTER_MS = 2;

export class BlindFlood implements ForwardingStrategy {
  readonly name = "flood";
  readonly announces = false;
  readonly routesUplink = false;

  constructor(private readonly p: StrategyParts) {}

  relay(copy: Uint8Array, h: FrameHeader, key: number): void {
    const jitter = this.p.hal.random.next() * JITTER_MS;
    this.p.hal.clock.setTimeout(() => this.p.tx.enqueue(copy, h.priority, key, false), jitter);
  }

  duplicate(): void {}
}
