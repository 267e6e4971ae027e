import { spawnSync } from 'node:child_process';

/**
 * What the real /bin/sh says about a script's syntax (`sh -n`, nothing runs): undefined when it
 * parses, else sh's message. Every command people are told to paste is held to this.
 */
export function shSyntaxError(script: string): string | undefined {
  const r = spawnSync('/bin/sh', ['-n'], { input: script, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status === 0 ? undefined : `${r.stderr.trim()}\n--- in:\n${script}`;
}

/**
 * The contents of the Markdown ```sh fenced blocks of a text (fences of three or more backticks or
 * tildes, info string `sh`; the closing fence is the same run, as CommonMark says).
 */
export function shBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let open: { fence: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    const t = line.trimStart();
    if (open) {
      if (t.trimEnd() === open.fence) {
        blocks.push(open.lines.join('\n'));
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const run = fenceRun(t);
    if (run !== '' && t.slice(run.length).trim() === 'sh') open = { fence: run, lines: [] };
  }
  return blocks;
}

function fenceRun(line: string): string {
  const c = line[0];
  if (c !== '`' && c !== '~') return '';
  let n = 0;
  while (line[n] === c) n++;
  return n >= 3 ? c.repeat(n) : '';
}
