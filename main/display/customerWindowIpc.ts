import type { IpcMain, WebContents } from 'electron';
import { DISPLAY_IPC_CURRENT, DISPLAY_IPC_VIEW } from '../../shared/displayIpc';
import type { DisplayHub } from './hub';

/**
 * Feeds the desktop customer window from the display hub: the current view when its page asks, each new
 * one as the till changes. Only that window's own contents may ask; anything else is refused.
 */
export function wireCustomerWindowIpc(deps: { ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>; hub: DisplayHub; tillId: string; contents: () => Pick<WebContents, 'id' | 'send' | 'isDestroyed'> | undefined }): () => void {
  deps.ipcMain.handle(DISPLAY_IPC_CURRENT, (event) => {
    const own = deps.contents();
    if (!own || event.sender.id !== own.id) throw new Error('not the customer display');
    return deps.hub.view(deps.tillId);
  });
  const unsubscribe = deps.hub.subscribe(deps.tillId, (view) => {
    const own = deps.contents();
    if (own && !own.isDestroyed()) own.send(DISPLAY_IPC_VIEW, view);
  });
  return () => {
    unsubscribe();
    deps.ipcMain.removeHandler(DISPLAY_IPC_CURRENT);
  };
}
