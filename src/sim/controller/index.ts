// The controller (ZooKeeper mode): KafkaController running inside the elected broker.
export {
  controllerView,
  effectiveTopicConfig,
  type ControllerView,
  type ControllerPartitionView,
} from './view';
export {
  startController,
  controllerOnZkResponse,
  controllerOnReconnected,
  controllerOnWatch,
  controllerOnMessage,
  controllerOnTimer,
  isControllerRequest,
  isBrokerResponse,
} from './controller';
export { CONTROLLER_TAG_PREFIX, abandonController, answerNotController, type ControllerIo } from './engine';
export {
  AUTO_REBALANCE_TIMER,
  topicConfig,
  type ControllerState,
  type ControllerContext,
  type PartitionInfo,
  type TopicInfo,
  type BrokerInfo,
  type ElectionReason,
} from './context';
export {
  assignReplicasToBrokers,
  assignRackAware,
  assignRackUnaware,
  rackAlternatedBrokerList,
} from './assignment';
export * from './zk-data';
