/** `audit [--since SEQ] [--verify] [--send]` (CLI.md, issue 10). */
import type { AuditRecordView } from '../../../app/schemas';
import { printJson, stringFlag, type CliContext } from '../context';
import { UsageError } from '../purpose-arg';

export async function runAudit({ service, args, io }: CliContext): Promise<number> {
  const sinceText = stringFlag(args, 'since');
  const since = sinceText === undefined ? 0 : Number(sinceText);
  if (!Number.isInteger(since) || since < 0) throw new UsageError('--since takes a record number (0 or more)');

  if (args.flags.send === true) {
    const sent = await service.call('sendAudit', {}, { actor: 'cli' });
    if (args.json) printJson(io, sent);
    else io.out(`${sent.sent} record${sent.sent === 1 ? '' : 's'} sent to ${sent.server}; ${sent.waiting} waiting.\n`);
    return 0;
  }

  if (args.flags.verify === true) {
    const result = await service.call('auditVerify', {}, { actor: 'cli' });
    if (args.json) printJson(io, result);
    else {
      if (result.intact) io.out(`The audit log is intact: ${result.records} record${result.records === 1 ? '' : 's'}, chain verified.\n`);
      else io.out(`The audit log was altered: ${result.problem?.message ?? ''}\n`);
      if (result.damagedTail) io.out(`A half-written last line (${result.damagedTail.bytes} bytes, left by a crash) is set aside at the next change; it is not tampering.\n`);
    }
    return result.intact ? 0 : 1;
  }

  const { records } = await service.call('auditRead', { since }, { actor: 'cli' });
  if (args.json) printJson(io, { records });
  else if (records.length === 0) io.out('No audit records.\n');
  else io.out(`${records.map(formatRecord).join('\n')}\n`);
  return 0;
}

export function formatRecord(r: AuditRecordView): string {
  const details = Object.entries(r.details)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
  return `${String(r.seq).padStart(6)}  ${r.time}  ${r.actor.padEnd(6)} ${r.event.padEnd(24)} ${details}`;
}
