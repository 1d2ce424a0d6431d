/**
 * The management object as CLI.md documents it for scripts: the server as one
 * `host:port` string. The contract carries `{ host, port }` so the kiosk shows
 * it without parsing; the CLI keeps its documented shape (docs/decisions.md).
 */
import type { ManagementStatus, Status } from '../../app/schemas';
import { serverAddressText } from '../../app/server-address';

export type ManagementJson = Omit<ManagementStatus, 'server'> & { server: string | null };

export function managementJson(status: ManagementStatus): ManagementJson {
  return { ...status, server: status.server && serverAddressText(status.server) };
}

export function statusJson(status: Status): Omit<Status, 'management'> & { management: ManagementJson } {
  return { ...status, management: managementJson(status.management) };
}
