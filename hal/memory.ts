/** Memory in use, for the beacon's health line (Moddable's Instrumentation on the device). */
export interface MemoryReport {
  /** XS slot heap in use, bytes */
  slots: number;
  /** XS chunk heap in use, bytes */
  chunks: number;
  /** system memory still free, bytes */
  free: number;
}

/** undefined where the build collects no figures (a Moddable release build) */
export type MemorySource = () => MemoryReport | undefined;
