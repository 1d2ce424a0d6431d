/** A FILE argument's bytes, `-` for stdin: files are read by the Service's reader (no FIFO, no device, bounded). */
import type { ThinCertService } from '../core/create-service';
import type { CliIo } from './io';

export async function readInput(service: ThinCertService, io: CliIo, file: string): Promise<Uint8Array> {
  if (file === '-') return io.readStdin();
  return (await service.call('readFile', { path: file }, { actor: 'cli' })).bytes;
}
