// Types of after-pack.cjs for the TypeScript tests that import it.
import type { FuseV1Config } from '@electron/fuses';
import type { AfterPackContext } from 'app-builder-lib';

export declare const FUSES: FuseV1Config<boolean>;
export declare function electronBinaryPath(appOutDir: string, executableName: string): string;
export declare function afterPack(context: AfterPackContext): Promise<void>;
