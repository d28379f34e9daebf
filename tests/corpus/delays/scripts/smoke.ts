import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

// Start the server and hope it listens within three seconds: on a cold CI runner it does not.
const server = spawn('node', ['dist/server.js'], { stdio: 'inherit' });
await sleep(3000); // expect: race/no-sleep-synchronization
const health = await fetch('http://localhost:3000/health');
console.log(health.status);

// Waiting for readiness by polling the health check.
async function waitForServer(url: string) {
  for (;;) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await sleep(250); // safe: race/no-sleep-synchronization
  }
}
await waitForServer('http://localhost:3000/health');

// Shutting down: the pause lets connections drain, then the process exits.
server.kill('SIGTERM');
await sleep(2000); // safe: race/no-sleep-synchronization
process.exit(0);
