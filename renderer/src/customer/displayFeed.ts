import { useEffect, useState } from 'react';
import type { CustomerDisplayView } from '../../../shared/display';
import type { PayDeskDisplayBridge } from '../../../shared/displayIpc';

declare global {
  interface Window {
    /** Desktop app only: the customer window's preload (preload/display.ts). */
    paydeskDisplay?: PayDeskDisplayBridge;
  }
}

// The customer display talks to /display/* only (main/display/routes.ts): it pairs with a code, then
// follows its till's view over server-sent events. It never touches the bridge or window.paydesk.

export type FeedState = { kind: 'checking' } | { kind: 'unpaired'; wrongCode: boolean } | { kind: 'paired'; view: CustomerDisplayView };

/** Arabic-Indic and Persian digits typed on a tablet count as the same code. */
export function normalizeDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

export async function pairDisplay(code: string): Promise<boolean> {
  try {
    const res = await fetch('/display/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: normalizeDigits(code).trim() }) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Pairs from `#code=123456` (how the desktop app opens its customer window), then follows the feed. */
export function useDisplayFeed(): { state: FeedState; pair(code: string): Promise<void> } {
  const [state, setState] = useState<FeedState>({ kind: 'checking' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    let source: EventSource | undefined;
    const desktop = window.paydeskDisplay;
    if (desktop) {
      // The desktop window is this till's by construction: no pairing, views come over its preload.
      let seq = -1;
      const show = (view: CustomerDisplayView) => {
        if (!live || view.seq < seq) return;
        seq = view.seq;
        setState({ kind: 'paired', view });
      };
      const off = desktop.onView(show);
      void desktop.current().then(show);
      return () => {
        live = false;
        off();
      };
    }
    void (async () => {
      const fromHash = /(?:^#|&)code=(\d{6})/.exec(window.location.hash)?.[1];
      if (fromHash) {
        await pairDisplay(fromHash);
        history.replaceState(null, '', window.location.pathname);
      }
      const res = await fetch('/display/state', { cache: 'no-store' }).catch(() => undefined);
      if (!live) return;
      if (!res?.ok) {
        setState((s) => (s.kind === 'unpaired' ? s : { kind: 'unpaired', wrongCode: false }));
        return;
      }
      let latest = (await res.json()) as CustomerDisplayView;
      setState({ kind: 'paired', view: latest });
      source = new EventSource('/display/events');
      source.addEventListener('display', (e) => {
        const view = JSON.parse((e as MessageEvent<string>).data) as CustomerDisplayView;
        // A reconnect replays the current view; an older one never replaces a newer one.
        if (view.seq < latest.seq && view.seq !== 0) return;
        latest = view;
        setState({ kind: 'paired', view });
      });
      // A stream refused for good (PayDesk restarted, the pairing is gone) is checked again shortly.
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) setTimeout(() => live && setGeneration((g) => g + 1), 2_000);
      };
    })();
    return () => {
      live = false;
      source?.close();
    };
  }, [generation]);

  return {
    state,
    async pair(code) {
      if (await pairDisplay(code)) setGeneration((g) => g + 1);
      else setState({ kind: 'unpaired', wrongCode: true });
    },
  };
}
