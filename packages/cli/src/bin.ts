#!/usr/bin/env node
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2));
// Exit once stdout and stderr are flushed: keep-alive sockets and timers must not hold a finished command open.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
