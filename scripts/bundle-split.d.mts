import type { BuildOptions, BuildResult, Metafile } from 'esbuild';

/** How the size tests build an app (minified browser ESM, zod external, sources). */
export declare const KIT_BUILD: BuildOptions & { write: false };
/** gzip -9 bytes of one output file. */
export declare function gzipBytes(contents: Uint8Array): number;

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
