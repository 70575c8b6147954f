// Reading markdown the way GitHub renders it, for the tests that keep docs and code in step.

/**
 * GitHub's anchors for a file's headings: lower-case, punctuation dropped, spaces to hyphens (fenced
 * code skipped); a heading seen before gets `-1`, `-2` … as GitHub numbers repeats.
 */
export function anchorsOf(markdown: string): Set<string> {
  const out = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const m = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
    let anchor = base;
    for (let n = 1; out.has(anchor); n++) anchor = `${base}-${n}`;
    out.add(anchor);
  }
  return out;
}

/** The text of every `code span` outside fenced blocks, whitespace (a span may wrap) folded to one space. */
export function codeSpans(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
  return [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
}

/**
 * The backticked `src/…` paths in the first column of the table under the `## heading`, in row order,
 * without `src/` and a trailing slash (`src/api/` is `api`, `src/cli.ts` is `cli.ts`).
 */
export function srcTableColumn(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';
  return [...section.matchAll(/^\| `src\/([^`]+)` \|/gm)].map((m) => m[1]!.replace(/\/$/, ''));
}
