export declare const buildArgs: string[];
export declare function buildPackages(): number;
