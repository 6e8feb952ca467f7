export declare const fakeMicWav: string;
export declare function chromiumPath(): string | undefined;
export declare function chromiumArgs(micWav?: string): string[];
