/**
 * Plain-text tables that fit a terminal: every column but the last is capped, the last takes what
 * is left of the width, and a cell too wide for its column wraps onto continuation lines. Styles
 * (colour) are applied after padding so escape codes never count towards a width.
 */
export interface Column {
  readonly head: string;
  /** Widest this column may be; the last column takes the rest of the line. */
  readonly max: number;
  readonly right?: boolean;
}

/** A row's cells (a list wraps between its items first), with an optional style per cell. */
export interface TextRow {
  readonly cells: readonly (string | readonly string[])[];
  readonly styles?: readonly (((s: string) => string) | undefined)[];
}

const GAP = "  ";

export function textTable(cols: readonly Column[], rows: readonly TextRow[], width: number, head?: (s: string) => string): string[] {
  const flat = (c: string | readonly string[] | undefined) => (typeof c === "string" ? c : (c ?? []).join(", "));
  const natural = cols.map((c, i) => Math.max(c.head.length, ...rows.map((r) => flat(r.cells[i]).length)));
  const w = natural.map((n, i) => (i < cols.length - 1 ? Math.min(n, cols[i]!.max) : n));
  const used = w.slice(0, -1).reduce((a, b) => a + b + GAP.length, 0);
  w[w.length - 1] = Math.max(20, Math.min(natural[natural.length - 1]!, width - used));
  const emit = (cells: TextRow["cells"], styles?: TextRow["styles"]): string[] => {
    const wrapped = cells.map((c, i) => (typeof c === "string" ? wrap(c, w[i]!) : wrapList(c, w[i]!)));
    const h = Math.max(...wrapped.map((x) => x.length));
    const out: string[] = [];
    for (let k = 0; k < h; k++) {
      const parts = wrapped.map((lines, i) => {
        const text = lines[k] ?? "";
        const pad = " ".repeat(Math.max(0, w[i]! - text.length));
        const st = styles?.[i];
        const shown = st && text ? st(text) : text;
        return cols[i]!.right ? pad + shown : i === cols.length - 1 ? shown : shown + pad;
      });
      out.push(parts.join(GAP).trimEnd());
    }
    return out;
  };
  const top = emit(cols.map((c) => c.head));
  return [...(head ? top.map(head) : top), ...rows.flatMap((r) => emit(r.cells, r.styles))];
}

/** Word-wraps `text` to `width` columns; a word longer than the width is cut. */
export function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    let rest = word;
    while (rest.length > width) {
      if (line) {
        out.push(line);
        line = "";
      }
      // A word too long for the column breaks after a | → or , (so_state's bits) where it can.
      let cut = width;
      for (let k = width; k > width / 2; k--)
        if ("|→,".includes(rest[k - 1]!)) {
          cut = k;
          break;
        }
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += " " + rest;
    else {
      out.push(line);
      line = rest;
    }
  }
  if (line) out.push(line);
  return out;
}

/** Packs `items` into lines of `width`, separated by ", " and broken between items where it can. */
export function wrapList(items: readonly string[], width: number): string[] {
  const out: string[] = [];
  let line = "";
  items.forEach((item, k) => {
    const piece = k < items.length - 1 ? `${item},` : item;
    if (line && line.length + 1 + piece.length <= width) line += " " + piece;
    else {
      if (line) out.push(line);
      if (piece.length <= width) line = piece;
      else {
        const parts = wrap(piece, width);
        out.push(...parts.slice(0, -1));
        line = parts[parts.length - 1]!;
      }
    }
  });
  if (line || out.length === 0) out.push(line);
  return out;
}

/** Wraps a paragraph to `width`, continuation lines indented by `indent` spaces (the first keeps its own). */
export function wrapIndented(text: string, width: number, indent: number): string[] {
  const lead = text.length - text.trimStart().length;
  const words = text.trimStart().split(" ");
  const out: string[] = [];
  let line = text.slice(0, lead);
  let start = true;
  for (const word of words) {
    if (!start && line.length + 1 + word.length > width) {
      out.push(line);
      line = " ".repeat(indent) + word;
    } else line += (start ? "" : " ") + word;
    start = false;
  }
  out.push(line);
  return out.flatMap((l) => (l.length > width ? wrap(l, width) : [l]));
}
