// Scenario versions and their migrations. A scenario file or share link names its `version`; an older
// one is upgraded step by step (N -> N+1) before validation, so old files and links keep working, and a
// newer one is refused with a clear message instead of being half-understood. Version 1 is the first
// (docs/SCENARIOS.md); compatible additions such as `tour` need no new version.

/** The version this playground writes. */
export const CURRENT_SCENARIO_VERSION = 1;

/** Upgrades a plain-JSON scenario of version `from` to `from + 1`. Pure: returns a new value. */
export interface Migration {
  from: number;
  describe: string;
  migrate(scenario: Record<string, unknown>): Record<string, unknown>;
}

/** Every migration, by the version it upgrades from. Empty while version 1 is the only version. */
export const MIGRATIONS: readonly Migration[] = [];

export type MigrationResult = { ok: true; value: unknown; migrated: number[] } | { ok: false; error: string };

/**
 * Brings a parsed scenario up to `current`. Anything that is not an object with a numeric version is
 * passed through unchanged for the validator to name its errors.
 */
export function migrateScenario(
  input: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
  current: number = CURRENT_SCENARIO_VERSION,
): MigrationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { ok: true, value: input, migrated: [] };
  const version = (input as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version))
    return { ok: true, value: input, migrated: [] };
  if (version > current) {
    return {
      ok: false,
      error: `version: this scenario is version ${version}, made by a newer playground; this one reads versions up to ${current}`,
    };
  }
  let value = input as Record<string, unknown>;
  const migrated: number[] = [];
  for (let v = version; v < current; v++) {
    const m = migrations.find((x) => x.from === v);
    if (!m)
      return {
        ok: false,
        error: `version: no migration from version ${v} (this playground reads versions up to ${current})`,
      };
    value = { ...m.migrate(value), version: v + 1 };
    migrated.push(v);
  }
  return { ok: true, value, migrated };
}
