/**
 * Running project code inside the real XS engine on the desktop (@agoric/xsnap):
 * bundle a TypeScript entry with esbuild, evaluate it in an XS worker, and
 * collect what it reports through issueCommand. The compute meter returned
 * with each evaluation is deterministic: the regression figure of choice on a
 * noisy machine.
 */
import "@endo/init";
import { xsnap } from "@agoric/xsnap";
import { build } from "esbuild";
import { spawn } from "node:child_process";
import os from "node:os";

export async function bundle(entry: string, minify = false): Promise<string> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    minify,
    logLevel: "silent",
  });
  return r.outputFiles[0].text;
}

export interface XsRun {
  /** each JSON value the XS side passed to issueCommand during this evaluation */
  reports: unknown[];
  /** XS compute meter for the evaluation */
  compute: number;
  /** XS heap slots in use after it */
  heapCount: number;
}

export interface XsWorker {
  evaluate(code: string): Promise<XsRun>;
  /** Sends a JSON command to the XS side's handleCommand and returns its JSON reply. */
  command(message: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts an XS worker. Without a handler, what the XS side passes to
 * issueCommand is collected as reports; with one, each message is answered by it.
 */
export async function startXs(handler?: (message: unknown) => unknown): Promise<XsWorker> {
  let reports: unknown[] = [];
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const worker = await xsnap({
    os: os.type(),
    spawn,
    fs: {},
    name: "d2d-xs",
    meteringLimit: 0,
    handleCommand: async (msg: Uint8Array) => {
      const m = JSON.parse(decoder.decode(msg));
      if (!handler) {
        reports.push(m);
        return new Uint8Array(0);
      }
      return encoder.encode(JSON.stringify(handler(m) ?? null));
    },
  });
  return {
    async evaluate(code: string) {
      reports = [];
      const r = await worker.evaluate(code);
      return { reports, compute: Number(r.meterUsage.compute), heapCount: Number(r.meterUsage.currentHeapCount) };
    },
    async command(message: unknown) {
      const r = await worker.issueCommand(encoder.encode(JSON.stringify(message)));
      const text = decoder.decode(r.reply);
      return text ? JSON.parse(text) : null;
    },
    close: () => worker.close(),
  };
}
