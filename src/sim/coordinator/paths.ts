// Znode paths, checked as ZooKeeper's org.apache.zookeeper.common.PathUtils.validatePath does:
// absolute, no empty segment, no trailing slash (except the root), no "." or ".." segment, no NUL.

export const ROOT = '/';

export function isValidPath(path: string): boolean {
  if (typeof path !== 'string' || path.length === 0 || path[0] !== '/') return false;
  if (path === ROOT) return true;
  if (path.endsWith('/')) return false;
  for (const segment of path.slice(1).split('/')) {
    if (segment.length === 0 || segment === '.' || segment === '..') return false;
    if (segment.includes('\u0000')) return false;
  }
  return true;
}

/** The parent of a valid non-root path ("/a/b" -> "/a", "/a" -> "/"). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? ROOT : path.slice(0, slash);
}

/** The last segment of a valid non-root path. */
export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Every proper ancestor of `path` except the root, outermost first ("/a/b/c" -> ["/a", "/a/b"]). */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/', 1); i > 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/** ZooKeeper's sequential suffix: the parent's cversion, zero-padded to 10 digits ("%010d"). */
export function sequenceSuffix(parentCversion: number): string {
  return String(parentCversion).padStart(10, '0');
}
