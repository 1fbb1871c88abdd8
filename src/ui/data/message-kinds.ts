// Message categories for the canvas: each Kafka request (and its response) belongs to one, with a
// colour and a shape, so that colour is never the only signal.
import type { MsgCategory } from './types';

export interface CategoryStyle {
  label: string;
  /** The request names it covers, for the legend. */
  requests: string;
  color: string;
  shape: 'circle' | 'square' | 'diamond' | 'triangle' | 'ring' | 'bar';
}

export const CATEGORY_ORDER: MsgCategory[] = [
  'produce',
  'fetch',
  'replication',
  'controller',
  'isr',
  'group',
  'heartbeat',
  'offsets',
  'metadata',
  'zk',
  'admin',
];

export const CATEGORIES: Record<MsgCategory, CategoryStyle> = {
  produce: { label: 'Produce', requests: 'Produce', color: '#2563eb', shape: 'circle' },
  fetch: { label: 'Consumer fetch', requests: 'Fetch, ListOffsets', color: '#059669', shape: 'square' },
  replication: {
    label: 'Replication fetch',
    requests: 'Fetch (follower)',
    color: '#7c3aed',
    shape: 'diamond',
  },
  controller: {
    label: 'Controller',
    requests: 'LeaderAndIsr, UpdateMetadata, StopReplica, ControlledShutdown',
    color: '#ea580c',
    shape: 'triangle',
  },
  isr: { label: 'ISR change', requests: 'AlterPartition', color: '#db2777', shape: 'triangle' },
  group: {
    label: 'Group membership',
    requests: 'FindCoordinator, JoinGroup, SyncGroup, LeaveGroup',
    color: '#b45309',
    shape: 'diamond',
  },
  heartbeat: { label: 'Heartbeat', requests: 'Heartbeat', color: '#0891b2', shape: 'ring' },
  offsets: { label: 'Offsets', requests: 'OffsetCommit, OffsetFetch', color: '#65a30d', shape: 'square' },
  metadata: { label: 'Metadata', requests: 'Metadata, InitProducerId', color: '#94a3b8', shape: 'ring' },
  zk: { label: 'ZooKeeper', requests: 'zk.* (sessions, znodes, watches)', color: '#64748b', shape: 'bar' },
  admin: {
    label: 'Admin',
    requests: 'CreateTopics, DeleteTopics, ElectLeaders',
    color: '#0f766e',
    shape: 'square',
  },
};

const BY_REQUEST: Record<string, MsgCategory> = {
  Produce: 'produce',
  Fetch: 'fetch',
  ListOffsets: 'fetch',
  LeaderAndIsr: 'controller',
  UpdateMetadata: 'controller',
  StopReplica: 'controller',
  ControlledShutdown: 'controller',
  AlterPartition: 'isr',
  FindCoordinator: 'group',
  JoinGroup: 'group',
  SyncGroup: 'group',
  LeaveGroup: 'group',
  Heartbeat: 'heartbeat',
  OffsetCommit: 'offsets',
  OffsetFetch: 'offsets',
  Metadata: 'metadata',
  InitProducerId: 'metadata',
  ApiVersions: 'metadata',
  CreateTopics: 'admin',
  DeleteTopics: 'admin',
  ElectLeaders: 'admin',
  DescribeGroups: 'admin',
};

/** The request name of a message: its `type`, without a trailing "Response". */
export function requestName(type: string): string {
  return type.endsWith('Response') ? type.slice(0, -'Response'.length) : type;
}

export function categorize(
  type: string,
  from: string,
  to: string,
): { category: MsgCategory; response: boolean } {
  const response = type.endsWith('Response') || type.endsWith('.reply') || type === 'zk.reply';
  if (type.startsWith('zk.') || from === 'zk' || to === 'zk')
    return { category: 'zk', response: from === 'zk' };
  const req = requestName(type);
  let category = BY_REQUEST[req] ?? 'admin';
  if (category === 'fetch' && req === 'Fetch' && from.startsWith('broker-') && to.startsWith('broker-')) {
    category = 'replication';
  }
  return { category, response };
}
