/** Where the audit trail lives: numbered JSON-lines files in `<data>/audit/`. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const AUDIT_DIR = 'audit';
const FILE_PATTERN = /^audit-(\d{6})\.jsonl$/;

export function auditDir(dataDir: string): string {
  return path.join(dataDir, AUDIT_DIR);
}

export function auditFileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

/** The log's files, oldest first, with their index. */
export async function listAuditFiles(dir: string): Promise<{ index: number; file: string }[]> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .map((e) => ({ index: Number(e.match[1]), file: path.join(dir, e.name) }))
    .sort((a, b) => a.index - b.index);
}

export function headFile(dir: string): string {
  return path.join(dir, 'head.json');
}
