import type { CustomerDisplayView } from './display';

// Desktop app: the customer window's only link to main. Its preload exposes `window.paydeskDisplay`
// (nothing of the contract): the current view on request, and each new view as main pushes it.

export const DISPLAY_IPC_CURRENT = 'paydesk-display:current';
export const DISPLAY_IPC_VIEW = 'paydesk-display:view';

export interface PayDeskDisplayBridge {
  current(): Promise<CustomerDisplayView>;
  onView(listener: (view: CustomerDisplayView) => void): () => void;
}
