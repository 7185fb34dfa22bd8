import { useEffect, useRef } from 'react';

export interface Shortcut {
  /** KeyboardEvent.key, e.g. 'F8', 'Escape', 'Enter', 'p'. */
  key: string;
  run: () => void;
  /** Off when false (e.g. Capture only while the paylink is authorized). */
  when?: boolean;
  /** Letters, digits and Enter would clash with typing; only keys like F8 or Escape fire from inside a field. */
  inFields?: boolean;
}

const NON_TEXT_INPUTS = ['radio', 'checkbox', 'button', 'submit'];

function isTypingTarget(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.includes(target.type);
  return target instanceof HTMLElement && (target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName));
}

function isButtonTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'BUTTON' || target.tagName === 'A');
}

/**
 * Window-level shortcuts for the current checkout step. Enter is left to a focused button, so Enter on
 * "Cancel" never captures; function keys and Escape work wherever the focus is.
 */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const match = current.current.find((s) => s.key.toLowerCase() === e.key.toLowerCase() && s.when !== false);
      if (!match) return;
      const fnKey = /^F\d+$/.test(match.key) || match.key === 'Escape';
      if (!fnKey && !match.inFields && isTypingTarget(e.target)) return;
      if (match.key === 'Enter' && isButtonTarget(e.target)) return;
      e.preventDefault();
      match.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
