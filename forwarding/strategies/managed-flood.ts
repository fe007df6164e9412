/**
 * Managed flooding, Meshtastic-style: the second baseline the benchmark
 * compares against (the gradient floods nothing: strategies/gradient.ts).
 *
 * Rules: a new frame is rebroadcast after a contention delay of 1 … w slots of
 * `floodSlotMs`, drawn at random. The window w grows with the strength the
 * frame was heard at, as Meshtastic's does with SNR: 3 slots at −95 dBm or
 * weaker, up to 8 at −55 dBm or stronger, so a node that heard it weakly —
 * likely farther from the sender, its rebroadcast reaching more new nodes —
 * tends to go first. Every copy heard while waiting counts; after `quietAfter`
 * copies the rebroadcast is cancelled (it would add little). Uplink is
 * flooded like everything else; no HELLOs, no routes.
 */
import type { ReceiveInfo } from "../../hal/radio";
import { Priority, type FrameHeader } from "../../protocol/frame";
import type { ForwardingStrategy, StrategyParts } from "../strategy";

interface FloodWait {
  timer: number;
  heard: number;
  /** a responder instruction: site-wide coverage matters, so relays may stay quiet only after several copies */
  instruction: boolean;
}

/** The contention-delayed rebroadcast, cancelled on copies heard. */
export class ContentionFlood {
  private readonly floods = new Map<number, FloodWait>();

  /** `instructionQuietAfter`: copies of an instruction heard before its rebroadcast is cancelled (1 for other frames). */
  constructor(private readonly p: StrategyParts, private readonly instructionQuietAfter: number) {}

  relay(frame: Uint8Array, key: number, priority: number, rssi: number): void {
    const strength = Math.min(1, Math.max(0, (rssi + 95) / 40));
    const window = 3 + Math.round(strength * 5);
    const delay = (Math.floor(this.p.hal.random.next() * window) + 1) * this.p.cfg.floodSlotMs;
    const wait: FloodWait = { timer: 0, heard: 0, instruction: priority === Priority.instruction };
    wait.timer = this.p.hal.clock.setTimeout(() => {
      this.floods.delete(key);
      this.p.tx.enqueue(frame, priority, key, false);
    }, delay);
    this.floods.set(key, wait);
  }

  /** Heard a frame we have seen: a pending rebroadcast of it may be cancelled. */
  overheard(key: number): void {
    const w = this.floods.get(key);
    if (!w) return;
    w.heard++;
    if (w.heard >= (w.instruction ? this.instructionQuietAfter : 1)) {
      this.p.hal.clock.clearTimeout(w.timer);
      this.floods.delete(key);
      this.p.stats.floodCancelled++;
    }
  }
}

export class ManagedFlood implements ForwardingStrategy {
  readonly name = "managed-flood";
  readonly announces = false;
  readonly routesUplink = false;
  private readonly flood: ContentionFlood;

  constructor(p: StrategyParts) {
    this.flood = new ContentionFlood(p, 1);
  }

  relay(copy: Uint8Array, h: FrameHeader, key: number, info: ReceiveInfo): void {
    this.flood.relay(copy, key, h.priority, info.rssi);
  }

  duplicate(_bytes: Uint8Array, _h: FrameHeader, key: number): void {
    this.flood.overheard(key);
  }
}
