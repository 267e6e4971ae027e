// bench:real's result as Markdown: a line saying under what conditions it was measured (load
// average, pinning), then one table row per corpus. Kept apart from the measuring so a saved --json
// result can be shown again (`bench:real -- --render FILE`).

const mb = (b) => (b / 1e6).toFixed(1);
const rss = (x) => (x === null || x === undefined ? 'n/a' : `${x} MiB`);

export const TABLE_HEADER = [
  '| repository | text MB (files) | scan, 1 core | engine, 1 core | scan peak RSS | commits / blobs swept | `git log -p --all -U0` | `git cat-file --batch-all-objects --batch` | sweep | sweep / log -p | sweep / cat-file | sweep peak RSS |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
];

function rowCells(r) {
  const cells = [
    `${r.corpus} @${r.head.slice(0, 10)}`,
    `${mb(r.textBytes)} (${r.files})`,
    `${r.scan.medianS} s, **${r.scan.mbPerS} MB/s**`,
    `${r.engine.medianS} s, **${r.engine.mbPerS} MB/s**`,
    rss(r.scan.peakRssMiB),
  ];
  const s = r.sweep;
  if (!s) return [...cells, '—', '—', '—', 'not run (--no-sweep)', '—', '—', '—'];
  cells.push(
    `${s.commits}${s.since ? ` since ${s.since}` : ''}${s.blobBytes !== undefined ? ` / ${mb(s.blobBytes)} MB of blobs` : ''}`,
    `${s.gitLogPS} s`,
    s.catFileS === null ? '— (not sliceable)' : `${s.catFileS} s`,
  );
  if (s.medianS === undefined)
    return [...cells, `not run to the end (stopped after ${s.stoppedAfterS} s)`, '—', '—', '—'];
  return [
    ...cells,
    `${s.medianS} s`,
    `**${s.overGitLogP}×**`,
    s.overCatFile === null ? '—' : `${s.overCatFile}×`,
    rss(s.peakRssMiB),
  ];
}

export function markdownTable(result) {
  const out = [
    `Real repositories, ${result.startedAt}, Node ${result.node}, ${result.cpus} CPUs, load average ${result.loadAverage1m.before} before / ${result.loadAverage1m.after} after; medians of ${result.runs}.`,
    result.pinnedToOneCore
      ? 'Scan and engine pinned to one core (taskset -c 0).'
      : 'Scan and engine NOT pinned: no taskset here.',
    `Peak RSS: ${result.peakRss}.`,
    '',
    ...TABLE_HEADER,
    ...result.rows.map((r) => `| ${rowCells(r).join(' | ')} |`),
  ];
  return `${out.join('\n')}\n`;
}
