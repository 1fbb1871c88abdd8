// The human-readable summary printed by `npm run sim` without --json.
import type { Scenario, SimResult } from '../sim/index';

export function summarise(s: Scenario, r: SimResult): string {
  const lines: string[] = [];
  lines.push(
    `${s.name ?? 'scenario'} (seed ${r.seed}) at ${r.time} ms: ${r.events} events, trace ${r.traceHash}`,
  );
  lines.push(`controller: ${r.controller ?? 'none'}`);
  lines.push(`brokers: ${r.brokers.map((b) => `${b.id}${b.alive ? '' : ' (down)'}`).join(', ')}`);
  for (const p of r.partitions) {
    lines.push(
      `  ${p.topic}-${p.partition}: leader ${p.leader ?? 'none'} epoch ${p.leaderEpoch} isr [${p.isr.join(', ')}] hw ${p.highWatermark}`,
    );
  }
  for (const g of r.groups)
    lines.push(`group ${g.groupId}: ${g.state}, generation ${g.generation}, ${g.members.length} members`);
  for (const p of r.producers)
    lines.push(`producer ${p.clientId}: ${p.acked.length} acked, ${p.failed.length} failed`);
  for (const c of r.consumers) lines.push(`consumer ${c.clientId}: ${c.consumed.length} consumed`);
  lines.push(r.violations.length ? `violations: ${r.violations.length}` : 'violations: none');
  for (const v of r.violations)
    lines.push(
      `  ${v.kind} ${v.topic}-${v.partition}${v.offset !== undefined ? `@${v.offset}` : ''}: ${v.cause}`,
    );
  return `${lines.join('\n')}\n`;
}
