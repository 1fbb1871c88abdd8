// ZooKeeper's SessionTrackerImpl, reduced to what a single server needs. Expiry is tick based:
// every deadline is rounded UP to the next multiple of tickTime ((t / tickTime + 1) * tickTime, as
// SessionTrackerImpl.roundToNextInterval does), and sessions are expired in batches at those boundaries.
// A session touched last at t therefore expires at the first tick boundary strictly after t + timeout:
// between timeout + 1 ms and timeout + tickTime after the last message the server heard from it.
import type { NodeContext } from '../core/node';
import type { ZkServerConfig, ZkServerState, ZkSession } from './state';

/** The server's only timer: the next tick boundary at which some session is due. */
export const EXPIRY_TIMER_ID = 'tick';

/** ZooKeeperServer.processConnectRequest: the timeout is clamped to [minSessionTimeout, maxSessionTimeout]. */
export function negotiateSessionTimeout(config: ZkServerConfig, requestedMs: unknown): number {
  const requested =
    typeof requestedMs === 'number' && Number.isFinite(requestedMs) ? Math.floor(requestedMs) : 0;
  return Math.min(config.maxSessionTimeoutMs, Math.max(config.minSessionTimeoutMs, requested));
}

/** SessionTrackerImpl.roundToNextInterval. */
export function roundToNextTick(config: ZkServerConfig, timeMs: number): number {
  return (Math.floor(timeMs / config.tickTimeMs) + 1) * config.tickTimeMs;
}

/** SessionTrackerImpl.touchSession: any message naming a live session pushes its deadline back. */
export function touchSession(state: ZkServerState, session: ZkSession, now: number): void {
  const expiresAt = roundToNextTick(state.config, now + session.timeoutMs);
  if (expiresAt > session.expiresAt) session.expiresAt = expiresAt;
}

export function liveSession(state: ZkServerState, sessionId: unknown): ZkSession | undefined {
  return typeof sessionId === 'number' ? state.sessions[String(sessionId)] : undefined;
}

/** Ids of the sessions whose deadline has passed, in id order. */
export function dueSessions(state: ZkServerState, now: number): number[] {
  return Object.values(state.sessions)
    .filter((s) => s.expiresAt <= now)
    .map((s) => s.sessionId)
    .sort((a, b) => a - b);
}

/**
 * Keeps the "tick" timer armed for the earliest deadline. Touches only move deadlines later, so the
 * timer is re-armed only when an earlier deadline appears (a new session); a timer that fires before
 * any session is due simply re-arms itself. This keeps pings from filling the journal with timer effects.
 */
export function armExpiryTimer(state: ZkServerState, ctx: NodeContext): void {
  let earliest: number | null = null;
  for (const s of Object.values(state.sessions)) {
    if (earliest === null || s.expiresAt < earliest) earliest = s.expiresAt;
  }
  if (earliest === null) {
    if (state.expiryTimerAt !== null) ctx.cancelTimer(EXPIRY_TIMER_ID);
    state.expiryTimerAt = null;
    return;
  }
  if (state.expiryTimerAt === null || earliest < state.expiryTimerAt) {
    ctx.setTimer(EXPIRY_TIMER_ID, Math.max(0, earliest - ctx.now));
    state.expiryTimerAt = earliest;
  }
}
