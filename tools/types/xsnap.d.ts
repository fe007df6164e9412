/** The part of @agoric/xsnap's API the project uses (the package ships JavaScript without declarations). */
declare module "@agoric/xsnap" {
  export interface XsnapMeterUsage {
    compute: number | bigint;
    allocate: number | bigint;
    currentHeapCount: number | bigint;
  }
  export interface XsnapResult {
    reply: Uint8Array;
    meterUsage: XsnapMeterUsage;
  }
  export interface XsnapOptions {
    os: string;
    spawn: typeof import("node:child_process").spawn;
    fs: object;
    name?: string;
    meteringLimit?: number;
    handleCommand?: (message: Uint8Array) => Promise<Uint8Array>;
  }
  export interface XsnapWorker {
    evaluate(code: string): Promise<XsnapResult>;
    issueCommand(message: Uint8Array): Promise<XsnapResult>;
    close(): Promise<void>;
  }
  export function xsnap(options: XsnapOptions): Promise<XsnapWorker>;
}
