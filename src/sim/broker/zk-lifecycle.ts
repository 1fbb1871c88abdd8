// A broker's life in ZooKeeper (kafka.server.KafkaServer.startup, kafka.zk.KafkaZkClient and
// KafkaController.elect): open a session, make sure the top-level paths exist, register the ephemeral
// /brokers/ids/<id> and learn the broker epoch (its czxid, KIP-380), then race for /controller. The race
// is KafkaZkClient.registerControllerAndIncrementControllerEpoch: one multi creates the ephemeral
// /controller and bumps /controller_epoch from the version just read, so the winner also owns the new
// epoch and its znode version (the fencing token of every later controller write). A loser watches
// /controller (exists with a watch, as ControllerChangeHandler does) and races again when it goes.
// On session expiry the broker resigns if it was the controller, opens a new session, registers again
// (a new czxid, so a new broker epoch) and races again (KafkaController's Expire and
// RegisterBrokerAndReelect events). ZooKeeper answers tagged 'ctl:' belong to the controller.
import type { NodeContext, NodeId } from '../core/node';
import type { ConfigValue } from '../../scenario/configs';
import {
  createZkClient,
  zkClose,
  zkCreateRecursive,
  zkOnMessage,
  zkOnTimer,
  zkRequest,
  zkStart,
  type ZkClientState,
  type ZkNotification,
} from '../coordinator/client';
import { isZkMessage, type ZkDataResult, type ZkMultiResult, type ZkOp } from '../coordinator/protocol';
import {
  AUTO_REBALANCE_TIMER,
  CONTROLLER_EPOCH_PATH,
  CONTROLLER_PATH,
  CONTROLLER_TAG_PREFIX,
  TOP_LEVEL_PATHS,
  abandonController,
  answerNotController,
  brokerIdPath,
  controllerOnMessage,
  controllerOnReconnected,
  controllerOnTimer,
  controllerOnWatch,
  controllerOnZkResponse,
  decodeControllerEpoch,
  decodeControllerId,
  encodeBrokerRegistration,
  encodeController,
  isBrokerResponse,
  isControllerRequest,
  startController,
  type ControllerIo,
  type ControllerState,
} from '../controller/index';

export interface BrokerZkState {
  zk: ZkClientState;
  brokerId: number;
  rack: string | null;
  /** czxid of our /brokers/ids/<id>; -1 until registered (and again after losing the session). */
  brokerEpoch: number;
  registered: boolean;
  /** The broker named by /controller, -1 when unknown or absent. */
  activeControllerId: number;
  /** Set while this broker is the active controller. */
  controller: ControllerState | null;
  /** Sessions opened so far; lifecycle tags carry it, so answers for an earlier session are ignored. */
  session: number;
  /** Controllerships so far: the controller's tag incarnation. */
  controllerships: number;
  /** An election round (exists /controller ... multi) is in flight. */
  electing: boolean;
  /** Something happened to /controller during the round: check again when it ends. */
  recheckController: boolean;
  /** Steps to redo once the session is reconnected (their answers were lost with the connection). */
  retryRegister: boolean;
  retryElect: boolean;
  /** After brokerZkShutdown: nothing more happens. */
  stopped: boolean;
}

export interface BrokerZkHost {
  ctx: NodeContext;
  brokerConfig: Record<string, ConfigValue>;
}

const TAG = 'brk:';
/** A failed registration step is tried again after this pause. */
const RETRY_TIMER = 'brk.zkRetry';
const RETRY_BACKOFF_MS = 1000;

export function createBrokerZk(
  brokerId: number,
  rack: string | null,
  brokerConfig: Record<string, ConfigValue>,
): BrokerZkState {
  const timeout = brokerConfig['zookeeper.session.timeout.ms'];
  return {
    zk: createZkClient(typeof timeout === 'number' ? timeout : 18000),
    brokerId,
    rack,
    brokerEpoch: -1,
    registered: false,
    activeControllerId: -1,
    controller: null,
    session: 0,
    controllerships: 0,
    electing: false,
    recheckController: false,
    retryRegister: false,
    retryElect: false,
    stopped: false,
  };
}

function io(s: BrokerZkState, host: BrokerZkHost): ControllerIo {
  return { ctx: host.ctx, brokerConfig: host.brokerConfig, zk: s.zk };
}

function request(s: BrokerZkState, op: ZkOp, what: string, host: BrokerZkHost): void {
  zkRequest(s.zk, op, `${TAG}${s.session}:${what}`, host.ctx);
}

export function brokerZkStart(s: BrokerZkState, host: BrokerZkHost): void {
  s.stopped = false;
  zkStart(s.zk, host.ctx);
}

/** KafkaServer.shutdown's ZooKeeper part: resign, then close the session so the ephemerals go at once. */
export function brokerZkShutdown(s: BrokerZkState, host: BrokerZkHost): void {
  if (s.stopped) return;
  resign(s, host);
  s.stopped = true;
  s.registered = false;
  host.ctx.cancelTimer(RETRY_TIMER);
  zkClose(s.zk, host.ctx);
}

/** Handles a zk.* message; false for anything else. */
export function brokerZkOnMessage(s: BrokerZkState, from: NodeId, msg: unknown, host: BrokerZkHost): boolean {
  if (!isZkMessage(msg)) return false;
  if (!s.stopped) handle(s, zkOnMessage(s.zk, from, msg, host.ctx), host);
  return true;
}

/** Handles the ZooKeeper client's, the lifecycle's and the controller's timers; false for others. */
export function brokerZkOnTimer(s: BrokerZkState, timerId: string, host: BrokerZkHost): boolean {
  if (timerId === AUTO_REBALANCE_TIMER) {
    if (s.controller !== null && !s.stopped) {
      controllerOnTimer(s.controller, io(s, host), timerId);
      checkFenced(s, host);
    }
    return true;
  }
  if (timerId === RETRY_TIMER) {
    if (!s.stopped && !s.registered) register(s, host);
    return true;
  }
  const notes = zkOnTimer(s.zk, timerId, host.ctx);
  if (notes === null) return false;
  if (!s.stopped) handle(s, notes, host);
  return true;
}

/**
 * Controller requests (AlterPartition, ControlledShutdown, CreateTopics, DeleteTopics, ElectLeaders) and
 * brokers' answers to the controller. A broker that is not the controller answers requests with
 * NOT_CONTROLLER itself, as KafkaApis does. False for any other message.
 */
export function brokerZkOnMessageForController(
  s: BrokerZkState,
  from: NodeId,
  msg: unknown,
  host: BrokerZkHost,
): boolean {
  if (isControllerRequest(msg)) {
    if (s.controller === null || s.stopped) answerNotController(io(s, host), from, msg);
    else {
      controllerOnMessage(s.controller, io(s, host), from, msg);
      checkFenced(s, host);
    }
    return true;
  }
  if (isBrokerResponse(msg)) {
    if (s.controller !== null && !s.stopped) {
      controllerOnMessage(s.controller, io(s, host), from, msg);
      checkFenced(s, host);
    }
    return true;
  }
  return false;
}

function handle(s: BrokerZkState, notes: ZkNotification[], host: BrokerZkHost): void {
  for (const note of notes) {
    if (s.stopped) return;
    switch (note.kind) {
      case 'connected':
        if (note.resumed) onReconnected(s, host);
        else onNewSession(s, host);
        break;
      case 'response':
        if (note.tag.startsWith(CONTROLLER_TAG_PREFIX)) {
          if (s.controller !== null) {
            controllerOnZkResponse(s.controller, io(s, host), note.tag, note.err, note.result);
            checkFenced(s, host);
          }
        } else onResponse(s, note, host);
        break;
      case 'watch':
        if (s.controller !== null) {
          controllerOnWatch(s.controller, io(s, host), note.event, note.path);
          checkFenced(s, host);
        }
        onWatch(s, note.path, note.event, host);
        break;
      case 'disconnected':
        break; // the session may still be alive: wait for the client to reconnect or learn it expired
      case 'expired':
        onExpired(s, host);
        break;
    }
  }
}

function onNewSession(s: BrokerZkState, host: BrokerZkHost): void {
  s.session++;
  s.registered = false;
  s.brokerEpoch = -1;
  s.electing = false;
  s.recheckController = false;
  s.retryRegister = false;
  s.retryElect = false;
  // KafkaZkClient.createTopLevelPaths: NODEEXISTS answers are expected and ignored.
  for (const path of TOP_LEVEL_PATHS)
    zkCreateRecursive(s.zk, { type: 'create', path, data: null }, `${TAG}${s.session}:top`, host.ctx);
  register(s, host);
}

function onReconnected(s: BrokerZkState, host: BrokerZkHost): void {
  if (s.retryRegister) {
    s.retryRegister = false;
    register(s, host);
  }
  if (s.retryElect) {
    s.retryElect = false;
    elect(s, host);
  }
  if (s.controller !== null) controllerOnReconnected(s.controller, io(s, host));
}

/** KafkaController.processExpire, then RegisterBrokerAndReelect on the new session. */
function onExpired(s: BrokerZkState, host: BrokerZkHost): void {
  host.ctx.record({ type: 'broker.sessionExpired', brokerId: s.brokerId });
  resign(s, host);
  s.registered = false;
  s.brokerEpoch = -1;
  s.activeControllerId = -1;
  s.electing = false;
  zkStart(s.zk, host.ctx);
}

/** KafkaZkClient.registerBroker: the ephemeral /brokers/ids/<id>, then its czxid as the broker epoch. */
function register(s: BrokerZkState, host: BrokerZkHost): void {
  zkCreateRecursive(
    s.zk,
    {
      type: 'create',
      path: brokerIdPath(s.brokerId),
      data: encodeBrokerRegistration(s.brokerId, s.rack),
      ephemeral: true,
    },
    `${TAG}${s.session}:register`,
    host.ctx,
  );
}

function elect(s: BrokerZkState, host: BrokerZkHost): void {
  if (s.electing) {
    s.recheckController = true;
    return;
  }
  s.electing = true;
  // ControllerChangeHandler: exists with a watch tells who leads and arms the watch either way.
  request(s, { type: 'exists', path: CONTROLLER_PATH, watch: true }, 'controllerExists', host);
}

function endElection(s: BrokerZkState, host: BrokerZkHost): void {
  s.electing = false;
  if (s.recheckController) {
    s.recheckController = false;
    elect(s, host);
  }
}

function onResponse(
  s: BrokerZkState,
  note: Extract<ZkNotification, { kind: 'response' }>,
  host: BrokerZkHost,
): void {
  const m = /^brk:(\d+):([A-Za-z]+)(?::(\d+))?$/.exec(note.tag);
  if (m === null || Number(m[1]) !== s.session) return; // meant for an earlier session
  const what = m[2]!;
  const lost = note.err === 'CONNECTIONLOSS';
  switch (what) {
    case 'top':
      return;
    case 'register':
      if (note.err === 'OK' || note.err === 'NODEEXISTS') {
        request(s, { type: 'getData', path: brokerIdPath(s.brokerId) }, 'registered', host);
      } else if (lost) s.retryRegister = true;
      else host.ctx.setTimer(RETRY_TIMER, RETRY_BACKOFF_MS);
      return;
    case 'registered': {
      if (note.err === 'NONODE') return register(s, host);
      if (note.err !== 'OK') {
        if (lost) s.retryRegister = true;
        return;
      }
      const r = note.result as ZkDataResult;
      if (r.stat.ephemeralOwner !== s.zk.sessionId) {
        // The znode of our previous life, whose session has not expired yet. Kafka's CheckedEphemeral
        // fails the start-up here ("node already exists and owner does not match"); the simulated broker
        // waits for that session to expire and registers then, as a supervisor restarting it would.
        request(s, { type: 'exists', path: brokerIdPath(s.brokerId), watch: true }, 'registerWait', host);
        return;
      }
      s.brokerEpoch = r.stat.czxid;
      s.registered = true;
      host.ctx.record({
        type: 'broker.registered',
        brokerId: s.brokerId,
        brokerEpoch: s.brokerEpoch,
        rack: s.rack,
      });
      elect(s, host);
      return;
    }
    case 'registerWait':
      if (note.err === 'NONODE') register(s, host);
      else if (lost) s.retryRegister = true;
      return; // OK: the NodeDeleted watch brings us back
    case 'controllerExists': {
      if (note.err === 'OK') {
        const r = note.result as ZkDataResult;
        const id = decodeControllerId(r.data);
        setActiveController(s, id, host);
        if (id === s.brokerId && s.controller === null && r.stat.ephemeralOwner === s.zk.sessionId) {
          // /controller is ours but we are not acting as controller: our election multi succeeded and
          // its answer was lost with the connection. Read the epoch we wrote and take office.
          request(s, { type: 'getData', path: CONTROLLER_EPOCH_PATH }, 'adoptEpoch', host);
          return;
        }
        return endElection(s, host);
      }
      if (note.err === 'NONODE') {
        setActiveController(s, -1, host);
        if (!s.registered) return endElection(s, host); // the race starts once registered
        request(s, { type: 'getData', path: CONTROLLER_EPOCH_PATH }, 'epoch', host);
        return;
      }
      s.electing = false;
      if (lost) s.retryElect = true;
      return;
    }
    case 'epoch':
      if (note.err === 'OK') {
        const r = note.result as ZkDataResult;
        return tryElect(s, decodeControllerEpoch(r.data), r.stat.version, host);
      }
      if (note.err === 'NONODE') {
        // maybeCreateControllerEpochZNode: the first controller ever starts from epoch 0, version 0.
        request(s, { type: 'create', path: CONTROLLER_EPOCH_PATH, data: 0 }, 'epochCreate', host);
        return;
      }
      s.electing = false;
      if (lost) s.retryElect = true;
      return;
    case 'epochCreate':
      if (note.err === 'OK') return tryElect(s, 0, 0, host);
      if (note.err === 'NODEEXISTS') {
        request(s, { type: 'getData', path: CONTROLLER_EPOCH_PATH }, 'epoch', host);
        return;
      }
      s.electing = false;
      if (lost) s.retryElect = true;
      return;
    case 'elect': {
      const epoch = Number(m[3]);
      if (note.err === 'OK') {
        const setData = (note.result as ZkMultiResult).results[1];
        return becomeController(s, epoch, setData?.type === 'setData' ? setData.stat.version : 0, host);
      }
      // NODEEXISTS: someone else won; BADVERSION: the epoch moved under us. Either way, look again
      // (checkControllerAndEpoch); a lost answer is checked once reconnected.
      s.electing = false;
      if (lost) s.retryElect = true;
      else elect(s, host);
      return;
    }
    case 'adoptEpoch':
      if (note.err === 'OK' && s.controller === null && s.activeControllerId === s.brokerId) {
        const r = note.result as ZkDataResult;
        return becomeController(s, decodeControllerEpoch(r.data), r.stat.version, host);
      }
      s.electing = false;
      if (lost) s.retryElect = true;
      return;
  }
}

/** The multi of registerControllerAndIncrementControllerEpoch. */
function tryElect(s: BrokerZkState, currentEpoch: number, epochZkVersion: number, host: BrokerZkHost): void {
  const epoch = currentEpoch + 1;
  request(
    s,
    {
      type: 'multi',
      ops: [
        {
          type: 'create',
          path: CONTROLLER_PATH,
          data: encodeController(s.brokerId, host.ctx.now),
          ephemeral: true,
        },
        { type: 'setData', path: CONTROLLER_EPOCH_PATH, data: epoch, version: epochZkVersion },
      ],
    },
    `elect:${epoch}`,
    host,
  );
}

function becomeController(s: BrokerZkState, epoch: number, epochZkVersion: number, host: BrokerZkHost): void {
  s.controllerships++;
  s.activeControllerId = s.brokerId;
  host.ctx.record({ type: 'controller.elected', brokerId: s.brokerId, controllerEpoch: epoch });
  s.controller = startController(s.brokerId, s.controllerships, epoch, epochZkVersion, io(s, host));
  endElection(s, host);
  checkFenced(s, host);
}

/** ControllerChangeHandler and the registration wait. */
function onWatch(s: BrokerZkState, path: string, event: string, host: BrokerZkHost): void {
  if (path === CONTROLLER_PATH) {
    elect(s, host);
    return;
  }
  if (path === brokerIdPath(s.brokerId) && event === 'NodeDeleted' && !s.registered) register(s, host);
}

/** KafkaController.maybeResign: another broker now holds /controller. */
function setActiveController(s: BrokerZkState, id: number, host: BrokerZkHost): void {
  s.activeControllerId = id;
  if (s.controller !== null && id !== s.brokerId) resign(s, host);
}

/** KafkaController.onControllerResignation. */
function resign(s: BrokerZkState, host: BrokerZkHost): void {
  const ctrl = s.controller;
  if (ctrl === null) return;
  abandonController(ctrl, io(s, host));
  s.controller = null;
  if (s.activeControllerId === s.brokerId) s.activeControllerId = -1;
  host.ctx.record({ type: 'controller.resigned', brokerId: s.brokerId, controllerEpoch: ctrl.context.epoch });
}

/**
 * A controller write failed on the /controller_epoch check (ControllerMovedException): a newer
 * controller exists. Resign, and look at /controller again to learn who it is.
 */
function checkFenced(s: BrokerZkState, host: BrokerZkHost): void {
  if (s.controller === null || !s.controller.fenced) return;
  host.ctx.record({
    type: 'controller.fenced',
    brokerId: s.brokerId,
    controllerEpoch: s.controller.context.epoch,
  });
  resign(s, host);
  elect(s, host);
}
