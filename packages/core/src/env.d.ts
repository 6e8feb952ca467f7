// The two web globals core uses; present in browsers and Node >= 16 (not Node built-in modules).
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare var performance: { now(): number };
