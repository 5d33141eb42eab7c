// The watchdog: a detached process per host that kills it when the test process dies without running
// its exit handlers.
import { spawn, type ChildProcess } from 'node:child_process';
import { HOST_ID_VAR } from './processes';

/**
 * A detached watchdog that kills the host if this process dies without running its exit handlers
 * (SIGKILL, a crash in native code, the CI job's timeout).
 */
export function startWatchdog(pid: number, hostId: string, root: string): ChildProcess | undefined {
  const src = `
const [parent, pid, id, root, keep] = process.argv.slice(1);
const fs = require('fs');
const alive = (p) => { try { process.kill(+p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
function mine() {
  const out = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(n) || +n === process.pid) continue;
    try {
      const st = fs.readFileSync('/proc/' + n + '/stat', 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z') continue;
      if (+n === +pid || +f[2] === +pid || fs.readFileSync('/proc/' + n + '/environ', 'latin1').split('\\0').includes('${HOST_ID_VAR}=' + id)) out.push(+n);
    } catch {}
  }
  return out;
}
setInterval(() => {
  if (!alive(pid) && mine().length === 0) process.exit(0);
  if (alive(parent)) return;
  for (let i = 0; i < 20; i++) {
    try { process.kill(-pid, 'SIGKILL'); } catch {}
    const ps = mine();
    if (!ps.length) break;
    for (const p of ps) { try { process.kill(p, 'SIGKILL'); } catch {} }
  }
  if (keep !== '1') { try { fs.rmSync(root, { recursive: true, force: true }); } catch {} }
  process.exit(0);
}, 1000);
`;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  const w = spawn(
    process.execPath,
    ['-e', src, String(process.pid), String(pid), hostId, root, process.env.RC_E2E_KEEP === '1' ? '1' : '0'],
    { detached: true, stdio: 'ignore', env },
  );
  w.unref();
  return w;
}
