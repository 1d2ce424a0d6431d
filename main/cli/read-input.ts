/** A FILE argument's bytes, `-` for stdin: files are read by the Service's reader (no FIFO, no device, bounded); stdin is bounded alike. */
import { MAX_CERTIFICATE_BYTES } from '../../app/limits';
import type { ThinCertService } from '../core/create-service';
import { ThinCertError } from '../core/errors';
import type { CliIo } from './io';

/**
 * Stdin, refused whole when it holds more than `maxBytes`, with the words the
 * file reader uses: a file named by mistake (`cat big.iso | thincert add rdp -`)
 * or an endless one must end in a short error, not in memory running out.
 */
export async function readStdin(io: CliIo, maxBytes: number = MAX_CERTIFICATE_BYTES, what = 'a certificate file'): Promise<Buffer> {
  const bytes = await io.readStdin(maxBytes);
  if (bytes.length > maxBytes) {
    throw new ThinCertError('file-too-large', `What came on stdin is more than ${maxBytes} bytes (${mebibytes(maxBytes)}), the most ${what} may be.`, { size: bytes.length, limit: maxBytes });
  }
  return bytes;
}

function mebibytes(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}

export async function readInput(service: ThinCertService, io: CliIo, file: string): Promise<Uint8Array> {
  if (file === '-') return readStdin(io);
  return (await service.call('readFile', { path: file }, { actor: 'cli' })).bytes;
}
