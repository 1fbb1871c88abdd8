// Share links: a whole scenario (with every action a user took, at its virtual time) in the URL's
// fragment, so a static host serves it and nothing leaves the browser.
//
//   #s=1.<data>   link format 1: <data> is base64url (RFC 4648 section 5, no padding) of the scenario's
//                 JSON in UTF-8, compressed with raw DEFLATE (RFC 1951).
//   #scenario=<b> link format 0, the playground's first: base64url of the JSON, uncompressed. Still read.
//   #builtin=<id> a built-in scenario by name.
//
// The link format is versioned separately from the scenario (migrations.ts): the number before the dot
// says how <data> is packed, the scenario inside says its own `version`. Decoding is total: whatever the
// fragment holds (truncated, oversized, hostile), it returns a valid scenario or errors that say what is
// wrong, and never throws. Nothing from a link is ever evaluated; the UI renders its text as text.
//
// DEFLATE comes from fflate (8 kB, synchronous, no dependencies): CompressionStream is asynchronous,
// which would make loading a page and copying a link asynchronous too, and it is not in Node's test
// environment in the same form. Scenario JSON is repetitive; DEFLATE makes links about 4x shorter.
import { Inflate, deflateSync } from 'fflate';
import { MAX_SCENARIO_BYTES, validateScenario, type Scenario, type ValidationResult } from './validate';

/** The link format this playground writes. */
export const SHARE_LINK_FORMAT = 1;

/** Links longer than this are unreliable (chat apps, mail clients, some servers and proxies cut them). */
export const SHARE_URL_SAFE_CHARS = 8000;

/** Fragments longer than this are refused before any decoding (Chromium's own URL limit is 2 MB). */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;

/** At most this many errors are reported, each at most this long: a hostile link cannot flood the page. */
const MAX_ERRORS = 20;
const MAX_ERROR_CHARS = 300;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]! + B64[(n >>> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >>> 18]! + B64[(n >>> 12) & 63]! + B64[(n >>> 6) & 63]!;
  }
  return out;
}

/** Strict base64url: its alphabet only, no padding, no impossible length. Null if it is not. */
export function fromBase64Url(s: string): Uint8Array | null {
  if (s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >>> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Raw DEFLATE, refusing output beyond `limit` bytes (a small link must not inflate to gigabytes). */
function inflateCapped(data: Uint8Array, limit: number): { bytes: Uint8Array } | { error: string } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > limit) over = true;
    else chunks.push(chunk);
  });
  try {
    // Small input slices bound how much one push can expand (DEFLATE expands at most ~1032x).
    const SLICE = 1024;
    for (let i = 0; i < data.length && !over; i += SLICE) {
      inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
    }
    if (data.length === 0) inflater.push(data, true);
  } catch (e) {
    return { error: `the compressed data is damaged or cut short (${(e as Error).message})` };
  }
  if (over) return { error: `it unpacks to more than ${MAX_SCENARIO_BYTES} bytes` };
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { bytes };
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The fragment (without '#') that carries a scenario: `s=1.<data>`. */
export function encodeShareFragment(s: Scenario): string {
  const json = new TextEncoder().encode(JSON.stringify(s));
  return `s=${SHARE_LINK_FORMAT}.${toBase64Url(deflateSync(json, { level: 9 }))}`;
}

/** What a page's fragment asks for. */
export type ShareRequest =
  | { kind: 'none' }
  | { kind: 'builtin'; id: string }
  | { kind: 'scenario'; result: ValidationResult; format: number };

function fail(errors: string[], format = SHARE_LINK_FORMAT): ShareRequest {
  const trimmed = errors
    .slice(0, MAX_ERRORS)
    .map((e) => (e.length > MAX_ERROR_CHARS ? `${e.slice(0, MAX_ERROR_CHARS)}…` : e));
  if (errors.length > MAX_ERRORS) trimmed.push(`… and ${errors.length - MAX_ERRORS} more errors`);
  return { kind: 'scenario', format, result: { ok: false, errors: trimmed } };
}

function fromJsonText(text: string, format: number): ShareRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail([`(share link): not valid JSON: ${(e as Error).message}`], format);
  }
  const r = validateScenario(json);
  return r.ok ? { kind: 'scenario', format, result: r } : fail(r.errors, format);
}

function decodeFormat1(data: string): ShareRequest {
  const packed = fromBase64Url(data);
  if (!packed) return fail(['(share link): the data is not base64url (letters, digits, "-" and "_")']);
  if (packed.length === 0) return fail(['(share link): the link carries no data']);
  const inflated = inflateCapped(packed, MAX_SCENARIO_BYTES);
  if ('error' in inflated) return fail([`(share link): ${inflated.error}`]);
  const text = utf8(inflated.bytes);
  if (text === null) return fail(['(share link): the data is not UTF-8 text']);
  return fromJsonText(text, 1);
}

function decodeFormat0(data: string): ShareRequest {
  const bytes = fromBase64Url(data);
  if (!bytes) return fail(['(share link): the data is not base64url (letters, digits, "-" and "_")'], 0);
  if (bytes.length > MAX_SCENARIO_BYTES)
    return fail([`(share link): more than ${MAX_SCENARIO_BYTES} bytes`], 0);
  const text = utf8(bytes);
  if (text === null) return fail(['(share link): the data is not UTF-8 text'], 0);
  return fromJsonText(text, 0);
}

/** The value of `name` in a fragment of `a=1&b=2` pairs, percent-decoded; null if absent. */
function param(fragment: string, name: string): string | null {
  for (const pair of fragment.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq) !== name) continue;
    try {
      return decodeURIComponent(pair.slice(eq + 1));
    } catch {
      return pair.slice(eq + 1);
    }
  }
  return null;
}

/** Reads a location hash. Never throws. */
export function decodeShareFragment(hash: string): ShareRequest {
  try {
    const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
    if (fragment.length > MAX_FRAGMENT_CHARS) {
      return fail([
        `(share link): too long (${fragment.length} characters; the limit is ${MAX_FRAGMENT_CHARS}): open it as a file instead`,
      ]);
    }
    const s = param(fragment, 's');
    if (s !== null) {
      const dot = s.indexOf('.');
      const version = dot > 0 ? s.slice(0, dot) : '';
      if (!/^\d{1,6}$/.test(version)) return fail(['(share link): no link format (expected s=1.<data>)']);
      const format = Number(version);
      if (format === 1) return decodeFormat1(s.slice(dot + 1));
      if (format > SHARE_LINK_FORMAT)
        return fail(
          [
            `(share link): link format ${format} comes from a newer playground; this one reads up to ${SHARE_LINK_FORMAT}`,
          ],
          format,
        );
      return fail([`(share link): unknown link format ${format}`], format);
    }
    const legacy = param(fragment, 'scenario');
    if (legacy !== null) return decodeFormat0(legacy);
    const builtin = param(fragment, 'builtin');
    if (builtin !== null) return { kind: 'builtin', id: builtin };
    return { kind: 'none' };
  } catch (e) {
    // Every known failure is handled above; this is the guarantee that a link never breaks the page.
    return fail([`(share link): cannot be read (${e instanceof Error ? e.message : 'unknown error'})`]);
  }
}

/** The full address of a share link for a page at `base` (origin + path + search). */
export function shareUrl(base: string, s: Scenario): string {
  return `${base}#${encodeShareFragment(s)}`;
}
