// The tool-call stream of scenario 11, shared by the fake provider (which sends it) and
// bench/tool-stream-check.mjs (which checks what arrived against it): two parallel tool calls whose
// argument JSON arrives as <deltas> fragments each, interleaved. The text depends on a seed, so 64
// concurrent streams each carry different bytes and a cross-over between streams shows. The cuts
// fall anywhere (between a backslash and what it escapes, inside "\\n", next to multi-byte
// characters and emoji), never inside a character, as a real model's deltas do.
const PIECES = ['src/main/Ma', 'in.java', '\\n', '\\"quoted\\"', ' tab\\there', 'naïve café ', '😀 ', '{\\"k\\":[1,2]}', '\\\\', '/* */', 'é', '日本語', ' ', '\\u00e9'];

function fragments(seed, call, deltas) {
  let x = (seed * 2654435761 + call * 40503 + 1) >>> 0;
  const rnd = () => { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; return x; };
  let text = `{"path":"file-${seed}-${call}.txt","patch":"`;
  for (let i = 0; i < deltas * 2; i++) text += PIECES[rnd() % PIECES.length];
  text += `","seed":${seed}}`;
  const chars = Array.from(text);   // code points: a cut never splits a surrogate pair
  const cuts = new Set();
  while (cuts.size < deltas - 1) cuts.add(1 + (rnd() % (chars.length - 1)));
  const at = [0, ...[...cuts].sort((a, b) => a - b), chars.length];
  return at.slice(1).map((end, i) => chars.slice(at[i], end).join(''));
}

/** The deltas in the order the fake sends them: [{index, id?, name?, arguments}]. */
export function toolDeltas(seed, deltas) {
  const calls = [0, 1].map((c) => fragments(seed, c, deltas));
  const seq = [];
  for (const c of [0, 1]) seq.push({ index: c, id: `call_${seed}_${c}`, name: c ? 'apply_patch' : 'read_file', arguments: '' });
  for (let i = 0; i < deltas; i++) for (const c of [0, 1]) seq.push({ index: c, arguments: calls[c][i] });
  return seq;
}

/** The seed a request carries in its last message ("seed:123"), or 0. */
export function seedOf(request) {
  const msgs = Array.isArray(request.messages) ? request.messages : [];
  const last = msgs.length ? String(msgs[msgs.length - 1].content ?? '') : '';
  return Number(/seed:(\d+)/.exec(last)?.[1] ?? 0);
}
