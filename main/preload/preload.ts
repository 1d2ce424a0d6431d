/**
 * The preload: exposes `window.thinCert` built from the channel table and
 * nothing else. It never forwards an arbitrary channel string (STYLE.md: the
 * VS Code preload refuses anything outside its prefix): createApi calls the
 * transport only with names of the table, so no second check is needed here.
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
