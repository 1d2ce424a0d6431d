/**
 * The preload: exposes `window.thinCert` built from the channel table and
 * nothing else. It never forwards an arbitrary channel string (STYLE.md: the
 * VS Code preload refuses anything outside its prefix).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createApi } from '../../app/api';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_PREFIX, type ChannelName, type EventName } from '../../app/channels';

const api = createApi({
  invoke(channel: ChannelName, request: unknown) {
    if (!CHANNEL_NAMES.includes(channel)) return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: 'unknown channel' } });
    return ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, request);
  },
  subscribe(event: EventName, listener: (payload: unknown) => void) {
    if (!EVENT_NAMES.includes(event)) return () => undefined;
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(`${IPC_PREFIX}event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`${IPC_PREFIX}event:${event}`, wrapped);
  },
});

contextBridge.exposeInMainWorld('thinCert', api);
