/**
 * The preload: exposes `window.thinCert` built from the channel table and
 * nothing else. createApi calls `invoke` only with the table's names and
 * `subscribe` only with its events (STYLE.md: the VS Code preload refuses
 * anything outside its prefix), and main's IPC has a handler for exactly
 * those; answers are validated once, by createApi.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi } from '../../app/api';
import { IPC_PREFIX, type ChannelName, type EventName } from '../../app/channels';

const api = createApi({
  invoke(channel: ChannelName, request: unknown) {
    return ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, request);
  },
  subscribe(event: EventName, listener: (payload: unknown) => void) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(`${IPC_PREFIX}event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`${IPC_PREFIX}event:${event}`, wrapped);
  },
});

contextBridge.exposeInMainWorld('thinCert', api);
