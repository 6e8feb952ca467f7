export declare function pinnedPnpmVersion(): string;
export declare function pnpmCommand(): string;
export declare function setup(options?: { browser?: boolean }): void;
