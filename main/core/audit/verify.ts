/**
 * Walks the hash chain of the whole audit trail and names the first record
 * that was changed, removed or reordered. A half line at the very end of the
 * newest file is what a crash mid-append leaves: it is reported as a damaged
 * tail, never as tampering.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeRecord, GENESIS, hashLine, type AuditRecord } from './record';
import { headFile, listAuditFiles } from './files';
import { readFileIfExists } from '../store/durable-file';

export type ProblemKind = 'changed' | 'removed' | 'reordered' | 'unreadable' | 'head-missing' | 'head-unreadable';

export interface ChainProblem {
  kind: ProblemKind;
  seq: number;
  file: string;
  line: number;
  message: string;
}

export interface VerifyResult {
  intact: boolean;
  records: number;
  lastSeq: number;
  problem: ChainProblem | null;
  /** A half line left by a crash at the end of the newest file, if any. */
  damagedTail: { file: string; bytes: number } | null;
}

export interface ChainLine {
  record: AuditRecord | null;
  text: string;
  file: string;
  line: number;
}

/** Every complete line of the log in order, and the half line a crash may have left. */
export async function readChain(dir: string): Promise<{ lines: ChainLine[]; damagedTail: { file: string; bytes: number } | null }> {
  const files = await listAuditFiles(dir);
  const lines: ChainLine[] = [];
  let damagedTail: { file: string; bytes: number } | null = null;
  for (const [i, { file }] of files.entries()) {
    const text = await readFile(file, 'utf8');
    const parts = text.split('\n');
    const last = parts.pop() ?? '';
    if (last !== '') {
      if (i === files.length - 1) damagedTail = { file, bytes: Buffer.byteLength(last) };
      else parts.push(last); // a cut inside an older file cannot come from a crash: judge it as a line
    }
    parts.forEach((textLine, index) => lines.push({ record: decodeRecord(textLine), text: textLine, file, line: index + 1 }));
  }
  return { lines, damagedTail };
}

interface Head {
  seq: number;
  hash: string;
}

function parseHead(bytes: Buffer): Head | null {
  try {
    const raw = JSON.parse(bytes.toString('utf8')) as Partial<Head>;
    const valid = typeof raw.seq === 'number' && Number.isInteger(raw.seq) && raw.seq >= 0 && typeof raw.hash === 'string' && /^[0-9a-f]{64}$/.test(raw.hash);
    return valid ? { seq: raw.seq as number, hash: raw.hash as string } : null;
  } catch {
    return null;
  }
}

/** For counts (records waiting): a missing or unreadable head only means counting the records instead. */
export async function readHead(dir: string): Promise<Head | null> {
  const bytes = await readFileIfExists(headFile(dir));
  return bytes ? parseHead(bytes) : null;
}

/**
 * For judging: head.json is replaced atomically and exists before the first
 * record is written (audit-log.ts), so no crash leaves it missing or garbled
 * while records exist; either is tampering.
 */
export async function readHeadState(dir: string): Promise<{ state: 'missing' } | { state: 'unreadable' } | { state: 'ok'; head: Head }> {
  const bytes = await readFileIfExists(headFile(dir));
  if (bytes === null) return { state: 'missing' };
  const head = parseHead(bytes);
  return head ? { state: 'ok', head } : { state: 'unreadable' };
}

export async function verifyChain(dir: string): Promise<VerifyResult> {
  const { lines, damagedTail } = await readChain(dir);
  const where = (l: ChainLine) => `${path.basename(l.file)} line ${l.line}`;
  const fail = (problem: ChainProblem): VerifyResult => ({ intact: false, records: lines.length, lastSeq: problem.seq, problem, damagedTail });

  let prevHash = GENESIS;
  let expected = 1;
  /** The hash of record n at index n (GENESIS at 0), to check the record head.json names. */
  const hashes = [GENESIS];
  for (let i = 0; i < lines.length; i++) {
    const entry = lines[i] as ChainLine;
    const { record } = entry;
    if (!record) {
      return fail({ kind: 'unreadable', seq: expected, file: entry.file, line: entry.line, message: `Record ${expected} (${where(entry)}) is not a valid record: it was edited.` });
    }
    if (record.seq !== expected) {
      const laterHasExpected = lines.slice(i + 1).some((l) => l.record?.seq === expected);
      if (record.seq > expected && !laterHasExpected) {
        return fail({ kind: 'removed', seq: expected, file: entry.file, line: entry.line, message: `Record ${expected} is missing before ${where(entry)}: it was removed.` });
      }
      return fail({ kind: 'reordered', seq: Math.min(record.seq, expected), file: entry.file, line: entry.line, message: `Record ${record.seq} stands where record ${expected} belongs (${where(entry)}): records were reordered.` });
    }
    if (record.prev !== prevHash) {
      const previous = lines[i - 1];
      const changedSeq = expected - 1;
      return fail({
        kind: 'changed',
        seq: changedSeq,
        file: previous?.file ?? entry.file,
        line: previous?.line ?? entry.line,
        message: `Record ${changedSeq} (${previous ? where(previous) : where(entry)}) was changed: record ${expected} holds another hash of it.`,
      });
    }
    prevHash = hashLine(entry.text);
    hashes.push(prevHash);
    expected++;
  }

  const lastSeq = expected - 1;
  const last = lines[lines.length - 1];
  const headState = await readHeadState(dir);
  if (headState.state === 'missing') {
    if (last) {
      return fail({
        kind: 'head-missing',
        seq: lastSeq,
        file: headFile(dir),
        line: 0,
        message: `head.json, which names the newest record, was deleted while the log holds records 1 to ${lastSeq}: records may have been cut from the end.`,
      });
    }
  } else if (headState.state === 'unreadable') {
    return fail({ kind: 'head-unreadable', seq: lastSeq, file: headFile(dir), line: 0, message: 'head.json, which names the newest record, was changed: it is not a valid head.' });
  } else {
    const { head } = headState;
    if (head.seq > lastSeq) {
      return fail({ kind: 'removed', seq: lastSeq + 1, file: last?.file ?? dir, line: (last?.line ?? 0) + 1, message: `Records ${lastSeq + 1} to ${head.seq} were removed from the end of the log.` });
    }
    // head.seq below lastSeq is a crash between writing records and head.json; the record it names must still match.
    if (head.hash !== hashes[head.seq]) {
      const named = lines[head.seq - 1];
      if (head.seq === lastSeq && last) {
        return fail({ kind: 'changed', seq: lastSeq, file: last.file, line: last.line, message: `Record ${lastSeq} (${where(last)}) was changed.` });
      }
      return fail({
        kind: 'changed',
        seq: head.seq,
        file: named?.file ?? headFile(dir),
        line: named?.line ?? 0,
        message: named ? `Record ${head.seq} (${where(named)}) was changed: head.json holds another hash of it.` : 'head.json was changed: it names no record with its hash.',
      });
    }
  }
  return { intact: true, records: lines.length, lastSeq, problem: null, damagedTail };
}
