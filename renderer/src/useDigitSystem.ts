import { setDigitSystem, type DigitSystem } from './digitSystem';

const STORAGE_KEY = 'paydesk.digits';

/**
 * Applies the store's digit setting before anything below renders, and remembers it so the sign-in screen
 * of the next start uses it too. Returns it, for keying the screens so they redraw when it changes.
 */
export function useDigitSystem(fromSettings: DigitSystem | undefined): DigitSystem {
  const remembered = localStorage.getItem(STORAGE_KEY) === 'latn' ? 'latn' : 'arab';
  const digits = fromSettings ?? remembered;
  if (fromSettings && fromSettings !== remembered) localStorage.setItem(STORAGE_KEY, fromSettings);
  setDigitSystem(digits);
  document.documentElement.dataset.digits = digits; // CSS counters (the step numbers) follow it too
  return digits;
}
