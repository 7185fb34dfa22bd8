import { contextBridge, ipcRenderer } from 'electron';
import type { CustomerDisplayView } from '../shared/display';
import { DISPLAY_IPC_CURRENT, DISPLAY_IPC_VIEW, type PayDeskDisplayBridge } from '../shared/displayIpc';

// The customer window's preload: read-only, one view at a time; no contract method, no ipcRenderer.

const bridge: PayDeskDisplayBridge = {
  current: () => ipcRenderer.invoke(DISPLAY_IPC_CURRENT) as Promise<CustomerDisplayView>,
  onView(listener) {
    const handler = (_e: unknown, view: CustomerDisplayView) => listener(view);
    ipcRenderer.on(DISPLAY_IPC_VIEW, handler);
    return () => ipcRenderer.removeListener(DISPLAY_IPC_VIEW, handler);
  },
};

contextBridge.exposeInMainWorld('paydeskDisplay', bridge);
