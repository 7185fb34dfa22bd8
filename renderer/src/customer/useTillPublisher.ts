import { useEffect } from 'react';
import { getApi } from '../api/client';
import { useCheckout } from '../state/checkout';

/**
 * Tells the engine what this till's customer display should show: the sale's lines and the payment link
 * on screen. One call in flight at a time; changes made meanwhile go out together as the latest state.
 */
export function useTillPublisher(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return undefined;
    let inFlight = false;
    let pending = false;
    const send = () => {
      if (inFlight) {
        pending = true;
        return;
      }
      inFlight = true;
      const { lines, paylinkId } = useCheckout.getState();
      void getApi()
        ['display.publish']({ lines, paylink_id: paylinkId })
        .finally(() => {
          inFlight = false;
          if (pending) {
            pending = false;
            send();
          }
        });
    };
    send();
    const unsubscribe = useCheckout.subscribe((s, prev) => {
      if (s.lines !== prev.lines || s.paylinkId !== prev.paylinkId) send();
    });
    return unsubscribe;
  }, [enabled]);
}
