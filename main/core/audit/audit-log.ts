/**
 * The append side of the audit trail. Each record is written and fsynced
 * before the change it records is reported done; files rotate by size and the
 * chain continues into the next file. A half line left by a crash is moved
 * aside (kept, never deleted) before the next append.
 */
import { closeSync, constants, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fsyncInPool } from '../store/fsync';
import path from 'node:path';
import type { Clock } from '../clock';
import { syncFolder, withDirLock, writeFileDurable, writeFilesDurable } from '../store/durable-file';
import { assertSafeFolder } from '../store/safe-folder';
import { auditDir, auditFileName, headFile, listAuditFiles } from './files';
import { encodeRecord, GENESIS, hashLine, type AuditActor, type AuditDetails, type AuditEvent, type AuditRecord } from './record';
import { readChain, readHeadState, verifyChain, type VerifyResult } from './verify';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export type AppendMany = (entries: readonly { event: AuditEvent; details: AuditDetails }[], actor: AuditActor) => Promise<AuditRecord[]>;

export interface AuditLog {
  readonly dir: string;
  append(event: AuditEvent, actor: AuditActor, details: AuditDetails): Promise<AuditRecord>;
  /** Several records in one write and one fsync (a 1,000-certificate import is one change). */
  appendMany(entries: readonly { event: AuditEvent; details: AuditDetails }[], actor: AuditActor): Promise<AuditRecord[]>;
  /**
   * Runs `fn` holding the trail's cross-process lock; `append` adds records
   * under that same hold. Every audited change runs inside, so "look before,
   * change, look after, record" is one step for every other process: none can
   * slip its change in between and have it recorded twice or under our actor.
   * The lock is taken before any other (store, management), never inside one.
   */
  locked<T>(fn: (append: AppendMany) => Promise<T>): Promise<T>;
  /** Records with seq > since, oldest first. */
  read(since?: number): Promise<AuditRecord[]>;
  verify(): Promise<VerifyResult>;
}

export function openAuditLog(dataDir: string, clock: Clock, options: { maxFileBytes?: number } = {}): AuditLog {
  const dir = auditDir(dataDir);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  /**
   * A free name for a set-aside half line: the time alone is not unique (a
   * fixed clock, two crashes within a millisecond) and a kept tail must never
   * be overwritten. Called under the folder lock.
   */
  async function setAsideName(): Promise<string> {
    const stamp = clock.now().toISOString().replace(/[:.]/g, '');
    const taken = new Set(readdirSync(dir));
    for (let n = 1; ; n++) {
      const name = n === 1 ? `damaged-tail-${stamp}.txt` : `damaged-tail-${stamp}-${n}.txt`;
      if (!taken.has(name)) return name;
    }
  }

  /** The newest file and its last complete line, after setting aside a crash's half line. */
  async function tail(): Promise<{ file: string; index: number; lastLine: string | null; size: number; setAside: { file: string; bytes: number }[] }> {
    const files = await listAuditFiles(dir);
    const setAside: { file: string; bytes: number }[] = [];
    for (let i = files.length - 1; i >= 0; i--) {
      const { file, index } = files[i] as { file: string; index: number };
      // Through one descriptor opened without following links: a planted link must not make us read or cut another file.
      // On this thread, as the store's writes (durable-file.ts): only fsync goes to the pool.
      const fd = openSync(file, constants.O_RDWR | constants.O_NOFOLLOW);
      let text: string;
      try {
        text = readFileSync(fd, 'utf8');
        if (text !== '' && !text.endsWith('\n')) {
          const cut = text.lastIndexOf('\n') + 1;
          const halfLine = text.slice(cut);
          const name = await setAsideName();
          await writeFileDurable(path.join(dir, name), halfLine, { mode: 0o600 });
          ftruncateSync(fd, Buffer.byteLength(text.slice(0, cut)));
          setAside.push({ file: name, bytes: Buffer.byteLength(halfLine) });
          text = text.slice(0, cut);
        }
      } finally {
        closeSync(fd);
      }
      const lines = text.split('\n').filter((l) => l !== '');
      const last = lines[lines.length - 1];
      if (last !== undefined || i === 0) return { file, index, lastLine: last ?? null, size: Buffer.byteLength(text), setAside };
    }
    return { file: path.join(dir, auditFileName(1)), index: 1, lastLine: null, size: 0, setAside };
  }

  async function locked<T>(fn: (append: AppendMany) => Promise<T>): Promise<T> {
    // Checked before anything is created: a refused data folder gains no audit/ folder either.
    await assertSafeFolder(dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The data folder's lock, shared (issue 14): the store, settings and trust
    // files written inside take no second lock, they write under this one.
    return withDirLock(
      dataDir,
      async () => {
        let holding = true;
        const append: AppendMany = async (entries, actor) => {
          // An append after the hold ended would write without the lock.
          if (!holding) throw new Error('audit append outside its lock');
          return appendHeld(entries, actor);
        };
        try {
          return await fn(append);
        } finally {
          holding = false;
        }
      },
      { outermost: true, shared: true },
    );
  }

  async function appendMany(entries: readonly { event: AuditEvent; details: AuditDetails }[], actor: AuditActor): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    return locked((append) => append(entries, actor));
  }

  /**
   * Called only under the lock. Durable in as few fsync rounds as the order
   * allows (issue 14): the first head, then a new file's name, before the
   * record; the record (appended, fsynced) and the next head's temp file
   * together; then the head's rename.
   */
  async function appendHeld(entries: readonly { event: AuditEvent; details: AuditDetails }[], actor: AuditActor): Promise<AuditRecord[]> {
    if (entries.length === 0) return [];
    const [current, headState] = await Promise.all([tail(), readHeadState(dir)]);
    let seq = current.lastLine ? (JSON.parse(current.lastLine) as { seq: number }).seq : 0;
    let prev = current.lastLine ? hashLine(current.lastLine) : GENESIS;
    // Before the first record, so that a missing head with records present is always tampering, never a crash.
    const firstHead = headState.state === 'missing' && current.lastLine === null;
    if (firstHead) await writeFileDurable(headFile(dir), JSON.stringify({ seq: 0, hash: GENESIS }), { mode: 0o600 });
    /**
     * A head that disagrees with the newest record is the mark of tampering
     * (the end cut, head.json deleted or edited): rewriting it would let the
     * next change erase that mark, so it stays as found and --verify keeps
     * naming it. A head behind the newest record is a crash before its write.
     */
    const headTrusted =
      firstHead || (headState.state === 'ok' && (headState.head.seq < seq || (headState.head.seq === seq && headState.head.hash === prev)));
    const time = clock.now().toISOString();
    const records: AuditRecord[] = [];
    const lines: string[] = [];
    // A set-aside half line is a security event too: the log server and --verify readers learn of it.
    const damaged = current.setAside.map((kept) => ({ event: 'audit-tail-damaged' as const, details: kept, actor: 'system' as const }));
    for (const [i, entry] of [...damaged, ...entries.map((e) => ({ ...e, actor }))].entries()) {
      const record: AuditRecord = { seq: ++seq, time, event: entry.event, actor: entry.actor, details: entry.details, prev };
      const line = encodeRecord(record);
      prev = hashLine(line);
      // The caller gets its own records back, not the ones about the damaged tail.
      if (i >= damaged.length) records.push(record);
      lines.push(line);
    }
    const text = `${lines.join('\n')}\n`;
    const bytes = Buffer.byteLength(text);
    const target = current.size > 0 && current.size + bytes > maxFileBytes ? path.join(dir, auditFileName(current.index + 1)) : current.file;
    const fd = openSync(target, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    try {
      // A new file's name must survive a power cut before the head may name a record in it.
      if (target !== current.file || current.size === 0) await syncFolder(dir);
      // O_APPEND: the whole record lands at the end; writeFileSync continues a short write where it stopped.
      writeFileSync(fd, text);
      const appended = fsyncInPool(fd);
      // Observed through `before` below; this keeps a failure before that from counting as unhandled.
      appended.catch(() => undefined);
      // The next head is written beside the record, but takes its place only once the record is on disk.
      const head = headTrusted ? [{ path: headFile(dir), data: JSON.stringify({ seq, hash: prev }), mode: 0o600 }] : [];
      try {
        await writeFilesDurable([{ files: head, before: () => appended }]);
      } finally {
        // Never close the file under an fsync still running; its failure was thrown through `before`.
        await appended.catch(() => undefined);
      }
    } finally {
      closeSync(fd);
    }
    return records;
  }

  async function append(event: AuditEvent, actor: AuditActor, details: AuditDetails): Promise<AuditRecord> {
    const [record] = await appendMany([{ event, details }], actor);
    return record as AuditRecord;
  }

  async function read(since = 0): Promise<AuditRecord[]> {
    const { lines } = await readChain(dir);
    const records: AuditRecord[] = [];
    for (const { record } of lines) if (record && record.seq > since) records.push(record);
    return records;
  }

  return { dir, append, appendMany, locked, read, verify: () => verifyChain(dir) };
}

