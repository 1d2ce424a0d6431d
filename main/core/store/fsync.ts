import { fsync } from 'node:fs';

/**
 * The one file system call of a write that goes to libuv's thread pool.
 *
 * Opening, writing a few kilobytes into the page cache, renaming and closing
 * are system calls of microseconds on a local disk; sent to the pool, each
 * cost a round trip of tens to hundreds of microseconds, several times that
 * on a busy machine, and one `add` made about a hundred of them (issue 14).
 * fsync is the call that waits for the device, so it alone leaves the calling
 * thread, and the fsyncs of one round run side by side.
 */
export function fsyncInPool(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
}
