// A tiny node used by the kernel's tests and benchmark: it pings its peers on a timer, counts what it
// hears (memory) and writes how many pings it has sent (disk), so crashes and FIFO are observable.
import type { NodeBehavior } from '../core/node';

export interface PingerConfig {
  peers: string[];
  intervalMs: number;
  /** Jitter for the ping timer, drawn from the node's own rng. */
  intervalJitterMs: number;
}

export interface PingerState {
  config: PingerConfig;
  sent: number;
  /** Memory only: the last sequence number heard from each peer. */
  lastHeard: Record<string, number>;
  received: number;
}

export interface Ping {
  type: 'ping';
  n: number;
}

export const pingerBehavior: NodeBehavior<PingerState> = {
  init(spec, disk, ctx) {
    const config = spec.config as PingerConfig;
    const state: PingerState = {
      config,
      sent: (disk['sent'] as number | undefined) ?? 0,
      lastHeard: {},
      received: 0,
    };
    ctx.setTimer('tick', ctx.rng.int(config.intervalMs) + 1);
    return state;
  },
  onMessage(state, from, msg, ctx) {
    const ping = msg as Ping;
    if (ping.type !== 'ping') return; // a refused or closed connection: nothing to count
    state.received++;
    const last = state.lastHeard[from];
    if (last !== undefined && ping.n <= last) ctx.record({ type: 'reordered', from, n: ping.n, last });
    state.lastHeard[from] = ping.n;
  },
  onTimer(state, _timerId, ctx) {
    for (const peer of state.config.peers) ctx.send(peer, { type: 'ping', n: state.sent++ } satisfies Ping);
    ctx.disk({ op: 'put', key: 'sent', value: state.sent });
    const j = state.config.intervalJitterMs;
    ctx.setTimer('tick', state.config.intervalMs + (j > 0 ? ctx.rng.int(j + 1) : 0));
  },
  view(state) {
    return { sent: state.sent, received: state.received };
  },
};
