import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL_PREFIX, IPC_EVENT_CHANNEL, METHOD_NAMES, type PayDeskApi } from '../shared/contract';

// Exposes exactly one object, window.paydesk, implementing the shared contract; ipcRenderer itself never leaks.

const api: Record<string, unknown> = {};
for (const method of METHOD_NAMES) api[method] = (input: unknown) => ipcRenderer.invoke(`${IPC_CHANNEL_PREFIX}${method}`, input);
api.on = (event: string, listener: (payload: unknown) => void) => {
  const handler = (_e: unknown, message: { event: string; payload: unknown }) => {
    if (message?.event === event) listener(message.payload);
  };
  ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
  return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
};

contextBridge.exposeInMainWorld('paydesk', api as PayDeskApi);
