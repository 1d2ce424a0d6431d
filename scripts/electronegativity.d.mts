// Types of electronegativity.mjs for the test that imports it.
export declare const DISABLED: readonly { id: string; file?: string; reason: string }[];
export declare function parseCsv(text: string): Record<string, string>[];
