// The ZooKeeper-like coordinator: the "zk" node (server), the client a broker embeds, and the protocol.
export { coordinatorBehavior, type ZkServerState } from './server';
export * from './protocol';
export {
  createZkClient,
  zkStart,
  zkClose,
  zkRequest,
  zkCreateRecursive,
  zkOnMessage,
  zkOnTimer,
  zkIsConnected,
  zkReadTimeoutMs,
  zkPingIntervalMs,
  ZK_CLIENT_TICK_TIMER,
  ZK_CLIENT_EVENT_TIMER,
  type ZkClientState,
  type ZkNotification,
  type ZkClientConnState,
} from './client';
export {
  zkView,
  znodeDataByPath,
  type ZkView,
  type ZkZnodeView,
  type ZkSessionView,
  type ZkWatchView,
} from './view';
export { SNAPSHOT_KEY, TXN_LOG_KEY } from './persistence';
export { DEFAULT_TICK_TIME_MS, type ZkServerConfig } from './state';
