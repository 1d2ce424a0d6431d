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

export type ProblemKind = 'changed' | 'removed' | 'reordered' | 'unreadable';

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

export async function readHead(dir: string): Promise<Head | null> {
  const bytes = await readFileIfExists(headFile(dir));
  if (!bytes) return null;
  try {
    const raw = JSON.parse(bytes.toString('utf8')) as Partial<Head>;
    return typeof raw.seq === 'number' && typeof raw.hash === 'string' ? { seq: raw.seq, hash: raw.hash } : null;
  } catch {
    return null; // an unreadable head only loses the check of the newest record
  }
}

export async function verifyChain(dir: string): Promise<VerifyResult> {
  const { lines, damagedTail } = await readChain(dir);
  const where = (l: ChainLine) => `${path.basename(l.file)} line ${l.line}`;
  const fail = (problem: ChainProblem): VerifyResult => ({ intact: false, records: lines.length, lastSeq: problem.seq, problem, damagedTail });

  let prevHash = GENESIS;
  let expected = 1;
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
    expected++;
  }

  const lastSeq = expected - 1;
  const head = await readHead(dir);
  if (head) {
    const last = lines[lines.length - 1];
    if (head.seq > lastSeq) {
      return fail({ kind: 'removed', seq: lastSeq + 1, file: last?.file ?? dir, line: (last?.line ?? 0) + 1, message: `Records ${lastSeq + 1} to ${head.seq} were removed from the end of the log.` });
    }
    if (head.seq === lastSeq && last && head.hash !== prevHash) {
      return fail({ kind: 'changed', seq: lastSeq, file: last.file, line: last.line, message: `Record ${lastSeq} (${where(last)}) was changed.` });
    }
  }
  return { intact: true, records: lines.length, lastSeq, problem: null, damagedTail };
}
