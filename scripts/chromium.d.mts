/** Types for scripts/chromium.mjs (used by playwright.config.ts). */
export declare function findChromium(env?: NodeJS.ProcessEnv): string | null;
export declare function noChromiumMessage(env?: NodeJS.ProcessEnv): string;
