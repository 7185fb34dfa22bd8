// Chromium switches the till's windows run with. Pure data, so the bench can launch its Chromium the same way.

/**
 * Chromium features turned off for the till:
 * - DeferRendererTasksAfterInput holds a page's network and IPC replies that arrive right after a keypress
 *   until the next frame has been drawn. On a till the reply to Enter is the new screen itself (the created
 *   link's QR): held, it misses the frame it was ready for and shows one frame (~17 ms) later.
 */
export const DISABLED_CHROMIUM_FEATURES: readonly string[] = ['DeferRendererTasksAfterInput'];

interface CommandLine {
  getSwitchValue(name: string): string;
  appendSwitch(name: string, value?: string): void;
}

/** Adds the till's disabled features to Electron's command line, keeping any the user passed already. */
export function applyTillChromiumSwitches(commandLine: CommandLine): void {
  const given = commandLine.getSwitchValue('disable-features').split(',').filter(Boolean);
  const all = [...new Set([...given, ...DISABLED_CHROMIUM_FEATURES])];
  commandLine.appendSwitch('disable-features', all.join(','));
}

/** The same switches as command-line arguments, for a Chromium launched outside Electron (the bench). */
export function tillChromiumArgs(): string[] {
  return [`--disable-features=${DISABLED_CHROMIUM_FEATURES.join(',')}`];
}
