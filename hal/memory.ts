/** Memory in use, for the beacon's health line (Moddable's Instrumentation on the device). */
export interface MemoryReport {
  /** XS slot heap in use, bytes */
  slots: number;
  /** XS chunk heap in use, bytes */
  chunks: number;
  /** system memory still free, bytes */
  free: number;
}

export type MemorySource = () => MemoryReport;
