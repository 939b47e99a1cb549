/** Entry point of `dist/server.cjs`: `node dist/server.cjs --stdio` (or `--node-ipc`, `--socket=N`, `--pipe=NAME`). */
import { inHistoryWorker, runHistoryWorker } from '../node/history-worker';
import { startServer } from './server';

const TRANSPORT = /^--(?:stdio|node-ipc|socket|pipe)(?:=|$)/;

// The history pool starts this bundle as its worker threads (src/node/history-pool.ts).
if (inHistoryWorker()) {
  runHistoryWorker();
} else if (process.argv.slice(2).some((a) => TRANSPORT.test(a))) {
  startServer();
} else {
  process.stderr.write('Prompt Coach language server: give a transport: --stdio, --node-ipc, --socket=PORT or --pipe=NAME.\n');
  process.exitCode = 2;
}
