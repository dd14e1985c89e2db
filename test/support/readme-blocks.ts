// Finds the ```ts code blocks of a Markdown file, with the line each block's code starts on, so a
// type error can be reported as "README.md:<line>". Only fenced blocks tagged ts/typescript/mts count;
// other languages (sh, json) are documentation, not code we compile.
export interface CodeBlock {
  /** 1-based line in the Markdown file of the block's first code line (the line after the fence). */
  readonly line: number;
  readonly source: string;
}

const OPEN = /^( {0,3})(`{3,}|~{3,})\s*(ts|typescript|mts)(?:\s.*)?$/i;

/** CommonMark: a closing fence is only fence characters, at least as many as the opening one. */
function closes(line: string, fence: string): boolean {
  const t = line.trim();
  return t.length >= fence.length && t.split("").every((c) => c === fence[0]);
}

export function extractTsBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) {
      // Skip over fenced blocks of other languages so a "```ts" inside them is not taken as a fence.
      const other = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]!);
      if (other) {
        const fence = other[1]!;
        i++;
        while (i < lines.length && !closes(lines[i]!, fence)) i++;
      }
      continue;
    }
    const fence = open[2]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !closes(lines[j]!, fence)) {
      body.push(lines[j]!);
      j++;
    }
    if (j >= lines.length) throw new Error(`unclosed code block opened at line ${i + 1}`);
    blocks.push({ line: i + 2, source: `${body.join("\n")}\n` });
    i = j;
  }
  return blocks;
}
