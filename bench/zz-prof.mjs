import { readFileSync, readdirSync } from 'node:fs';
for (const file of readdirSync('/tmp/h5prof')) {
  const p = JSON.parse(readFileSync(`/tmp/h5prof/${file}`, 'utf8'));
  const self = new Map(); const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  p.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + p.timeDeltas[i]));
  let total = 0;
  for (const [id, us] of dt) { const n = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + us); if (n.callFrame.functionName !== '(idle)') total += us; }
  console.log(file, 'busy ms', Math.round(total / 1000));
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `  ${Math.round(v / 1000)} ms ${k}`).join('\n'));
}
