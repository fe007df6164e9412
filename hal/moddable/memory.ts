/** Memory figures from Moddable's Instrumentation. */
import Instrumentation from "instrumentation";
import type { MemorySource } from "../memory";

export const moddableMemory: MemorySource = () => ({
  slots: Instrumentation.get(Instrumentation.map("XS Slot Heap Used")) ?? 0,
  chunks: Instrumentation.get(Instrumentation.map("XS Chunk Heap Used")) ?? 0,
  free: Instrumentation.get(Instrumentation.map("System Free Memory")) ?? 0,
});
