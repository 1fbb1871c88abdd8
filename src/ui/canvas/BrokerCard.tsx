// One broker on the canvas: its id, rack, liveness, the controller badge, and its replicas by topic.
import type { BrokerSnap, PartitionSnap, TopicSnap } from '../data/types';
import type { Box } from './layout';
import { ROLE_TEXT, chipRows, type Chip } from './replica-chips';
import { useStore } from '../store/index';

const CHIP_W = 17;
const CHIP_H = 14;
const LABEL_W = 54;

function ReplicaChip({ chip, x, y, broker }: { chip: Chip; x: number; y: number; broker: number }) {
  const select = useStore((s) => s.select);
  const selected = useStore(
    (s) => s.selected?.topic === chip.topic && s.selected?.partition === chip.partition,
  );
  const name = `${chip.topic}-${chip.partition} on broker ${broker}: ${ROLE_TEXT[chip.role]}`;
  return (
    <g
      className={`chip chip-${chip.role}${selected ? ' chip-selected' : ''}`}
      transform={`translate(${x},${y})`}
      onClick={() => select({ topic: chip.topic, partition: chip.partition })}
      role="img"
      aria-label={name}
    >
      <title>{name}</title>
      <rect width={CHIP_W - 2} height={CHIP_H} rx={3} />
      {chip.role === 'offline' && (
        <line x1={1} y1={CHIP_H - 1} x2={CHIP_W - 3} y2={1} className="chip-slash" />
      )}
      <text x={(CHIP_W - 2) / 2} y={CHIP_H / 2 + 0.5} dominantBaseline="middle" textAnchor="middle">
        {chip.label}
      </text>
      {(chip.role === 'leader' || chip.role === 'stale-leader') && (
        <path d={`M ${CHIP_W / 2 - 5} -1 l 2 -4 l 2 2.5 l 2 -2.5 l 2 4 Z`} className="chip-crown" />
      )}
    </g>
  );
}

export function BrokerCard({
  broker,
  box,
  topics,
  partitions,
  netTag,
  isolated,
}: {
  broker: BrokerSnap;
  box: Box;
  topics: TopicSnap[];
  partitions: PartitionSnap[];
  netTag: string | null;
  isolated: boolean;
}) {
  const rows = chipRows(broker, topics, partitions);
  const perLine = Math.max(1, Math.floor((box.w - LABEL_W - 8) / CHIP_W));
  const status = broker.alive
    ? broker.registered
      ? 'running'
      : 'starting'
    : broker.started
      ? 'down'
      : 'not started';
  const label = `Broker ${broker.id}${broker.rack ? `, rack ${broker.rack}` : ''}, ${status}${
    broker.isController ? ', controller' : ''
  }${isolated ? ', isolated' : ''}${netTag ? `, network side ${netTag}` : ''}`;
  return (
    <g
      className={`broker ${broker.alive ? 'alive' : 'dead'}${isolated ? ' isolated' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      role="group"
      aria-label={label}
    >
      <rect className="broker-card" width={box.w} height={box.h} rx={8} />
      <text className="broker-title" x={10} y={19}>
        Broker {broker.id}
      </text>
      {broker.isController && (
        <g transform={`translate(${box.w - 10},8)`} className="controller-badge">
          <rect x={-30} width={30} height={15} rx={7.5} />
          <text x={-15} y={8} dominantBaseline="middle" textAnchor="middle">
            ctrl
          </text>
          <title>The controller (elected through /controller in ZooKeeper)</title>
        </g>
      )}
      <text className="broker-sub" x={10} y={33}>
        {status === 'down'
          ? '✕ down'
          : status === 'running'
            ? `broker epoch ${broker.brokerEpoch}`
            : `… ${status}`}
        {isolated ? ' · isolated' : ''}
        {netTag ? ` · side ${netTag}` : ''}
      </text>
      {rows.map((row, i) => {
        const y = 44 + i * 20;
        const shown = row.chips.slice(0, perLine);
        const more = row.chips.length - shown.length;
        return (
          <g key={row.topic} transform={`translate(8,${y})`}>
            {row.summary ? (
              <text className="row-summary" x={0} y={CHIP_H / 2 + 0.5} dominantBaseline="middle">
                {row.topic}: {row.summary}
              </text>
            ) : (
              <text className="row-label" x={0} y={CHIP_H / 2 + 0.5} dominantBaseline="middle">
                {row.topic.length > 9 ? `${row.topic.slice(0, 8)}…` : row.topic}
              </text>
            )}
            {row.summary
              ? null
              : shown.map((c, j) => (
                  <ReplicaChip key={c.partition} chip={c} x={LABEL_W + j * CHIP_W} y={0} broker={broker.id} />
                ))}
            {more > 0 && (
              <text
                className="row-summary"
                x={LABEL_W + shown.length * CHIP_W + 2}
                y={CHIP_H / 2 + 0.5}
                dominantBaseline="middle"
              >
                +{more}
              </text>
            )}
          </g>
        );
      })}
      {isolated && (
        <rect className="isolation-ring" x={-4} y={-4} width={box.w + 8} height={box.h + 8} rx={11} />
      )}
    </g>
  );
}
