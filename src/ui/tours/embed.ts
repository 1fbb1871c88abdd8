// Embed mode (?embed=1): for docs and blogs, the page shows only the cluster canvas, the playback
// controls and the tour, with a link to open the same scenario in the full playground.
export function isEmbed(search: string = location.search): boolean {
  const v = new URLSearchParams(search).get('embed');
  return v === '1' || v === 'true';
}

/** The same page (and scenario fragment) without ?embed. */
export function fullPlaygroundUrl(): string {
  const params = new URLSearchParams(location.search);
  params.delete('embed');
  const q = params.toString();
  return `${location.pathname}${q ? `?${q}` : ''}${location.hash}`;
}
