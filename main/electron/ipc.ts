import type { WebContents } from 'electron';
import { CHANNEL_NAMES, IPC_PREFIX, EVENT_NAMES } from '../../app/channels';
import { refusal } from '../../app/errors';
import type { Service } from '../core/service';
import { isTrustedSender, type SenderFrame } from './sender';

/** The part of Electron's ipcMain this needs; structural so tests register without Electron. */
export interface IpcRegistry {
  handle(channel: string, listener: (event: { senderFrame: SenderFrame | null }, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * One `ipcMain.handle` per channel of the table, each checking the sender's
 * frame before anything else, then handing the raw payload to the Service's
 * validating door.
 */
export function registerIpc(ipcMain: IpcRegistry, service: Service): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, async (event, payload) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: refusal('forbidden', 'Refused: the request did not come from ThinCert.') };
      }
      return service.dispatch(channel, payload, { actor: 'ui' });
    });
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(`${IPC_PREFIX}${channel}`);
  };
}

/** Forwards Service events to the page; events carry no secrets, only "re-read". */
export function forwardEvents(service: Service, contents: () => WebContents | null): () => void {
  return service.onEvent((event, payload) => {
    const target = contents();
    if (target && !target.isDestroyed() && EVENT_NAMES.includes(event)) target.send(`${IPC_PREFIX}event:${event}`, payload);
  });
}
