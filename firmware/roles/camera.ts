/**
 * The camera node: captures a JPEG on request (or every `intervalS`) and feeds
 * its MEDIA fragments to the router while the router's queue has room, so
 * images never crowd out SOS and telemetry at the source.
 */
import type { Camera } from "../../hal/camera";
import type { Clock } from "../../hal/clock";
import type { Router } from "../../forwarding/router";
import { Addr, MsgType } from "../../protocol/frame";
import { mediaCapacity, splitMedia } from "../../protocol/fragment";
import type { MediaBody } from "../../protocol/messages/media";

/** Router queue depth the camera leaves free for everything else. */
const QUEUE_SHARE = 12;

export class CameraRole {
  private pending: MediaBody[] = [];
  private pumping = false;
  private stream = 0;
  private frame = 0;
  sent = 0;

  constructor(private readonly router: Router, private readonly camera: Camera, private readonly clock: Clock) {}

  /** Captures one image now and queues it; false if the sensor gave nothing. */
  captureImage(): boolean {
    const jpeg = this.camera.capture();
    if (!jpeg || jpeg.length === 0) return false;
    this.send(jpeg, "image");
    return true;
  }

  /**
   * Queues media bytes as one object: an image (each on a stream of its own,
   * 1..255), or the next frame of this camera's video stream (stream 0).
   * Returns how the object is named on the air.
   */
  send(data: Uint8Array, kind: MediaBody["kind"]): { stream: number; frame: number; fragments: number } {
    const frame = kind === "video" ? this.frame++ & 0x7fff : 0;
    const stream = kind === "image" ? (this.stream = (this.stream % 255) + 1) : 0;
    const per = mediaCapacity({ dst: Addr.anyGateway, type: MsgType.media });
    const parts = splitMedia(stream, kind, frame, data, per);
    for (const part of parts) this.pending.push(part);
    this.pump();
    return { stream, frame, fragments: parts.length };
  }

  private pump(): void {
    while (this.pending.length > 0 && this.router.queued < QUEUE_SHARE) {
      this.router.originate(MsgType.media, this.pending.shift());
      this.sent++;
    }
    if (this.pending.length > 0 && !this.pumping) {
      this.pumping = true;
      this.clock.setTimeout(() => {
        this.pumping = false;
        this.pump();
      }, 20);
    }
  }
}
