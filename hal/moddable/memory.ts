/**
 * Memory figures from Moddable's Instrumentation. Only builds compiled with
 * MODINSTRUMENTATION (mcconfig -d or -i) collect them; in a release build
 * Instrumentation.get answers undefined, and so does this (the health line then
 * leaves memory out rather than report 0).
 */
import Instrumentation from "instrumentation";
import type { MemorySource } from "../memory";

export const moddableMemory: MemorySource = () => {
  const slots = Instrumentation.get(Instrumentation.map("XS Slot Heap Used"));
  const chunks = Instrumentation.get(Instrumentation.map("XS Chunk Heap Used"));
  const free = Instrumentation.get(Instrumentation.map("System Free Memory"));
  if (slots === undefined || chunks === undefined || free === undefined) return undefined;
  return { slots, chunks, free };
};
