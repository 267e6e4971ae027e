// Entry point of the bundled action (dist/index.js): runs once and sets the exit code, which
// mirrors the CLI's: 0 nothing blocking, 1 blocking findings, 2 usage, configuration or internal error.
import { run } from './main.js';

process.exitCode = await run();
