import type { BuildResult, Metafile } from 'esbuild';

/** A code-split build as a browser loads it (gzip -9 bytes). */
export interface Split {
  upfront: number;
  upfrontFiles: number;
  lazy: number;
  lazyFiles: number;
  /** The inputs bundled into the up-front files. */
  upfrontInputs: string[];
}
export declare function upfrontOutputs(metafile: Metafile, entry: string): Set<string>;
export declare function measureSplit(result: BuildResult, entry: string, absWorkingDir?: string): Split;
