#!/usr/bin/env node
'use strict';
// Thin launcher: the command line is compiled from src/cli by `npm run build:cli` (run by `npm ci` via "prepare").
const path = require('path');
const fs = require('fs');
// V8's optimizing compiler inlines no function into another here. A run is one pass over its files, in a process
// that ends with it: most of tonghop's code runs cold, and what the compiler does is paid within the run, on cores
// the run shares. Inlining made it dear: at 200 communes the compile jobs of a cold run took ~1.5 s on V8's
// background thread (--trace-opt) beside a run of 1.3 s. Without it, 200 communes on 2 cores: 1.31 → 1.15 s, CPU
// 2.03 → 1.64 s (seven alternated runs); on 1 core 2.00 → 1.61 s (README, "Đo tốc độ"). A big run, relaunched
// (relaunch.ts: from 1,000 files), runs long enough for inlined code to pay: it keeps V8's defaults (at 3,321
// communes, seven alternated pairs, neither was the faster beyond the machine's noise).
if (!process.env.TONGHOP_RELAUNCHED) require('v8').setFlagsFromString('--no-turbo-inlining');
const main = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
if (!fs.existsSync(main)) {
  process.stderr.write('tonghop: chưa biên dịch — hãy chạy `npm run build:cli` / not built yet: run `npm run build:cli`\n');
  process.exit(1);
}
// A run of thousands of files goes on in a new Node given other flags (src/cli/relaunch.ts), once: its exit code.
const relaunch = process.env.TONGHOP_RELAUNCHED
  ? undefined
  : (flags) =>
      new Promise((resolve) => {
        // Node's own flags go on (not a debugger's port, which this process holds)
        const args = [...process.execArgv.filter((a) => !/^--inspect/.test(a)), ...flags, __filename, ...process.argv.slice(2)];
        const child = require('child_process').spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, TONGHOP_RELAUNCHED: '1' } });
        child.on('error', () => resolve(null));
        child.on('exit', (code, signal) => resolve(code !== null ? code : 128 + ((signal && require('os').constants.signals[signal]) || 0)));
      });
const run = () =>
  require(main).main(process.argv.slice(2), { relaunch }).then((code) => { process.exitCode = code; }, (err) => {
    process.stderr.write(String(err && err.stack || err) + '\n');
    process.exitCode = 2;
  });
// a run that is plainly big goes on in the new Node at once, before the rest of tonghop is loaded here
let early = null;
try {
  early = relaunch ? require(path.join(__dirname, '..', 'lib', 'cli', 'relaunch.js')).earlyRelaunchFlags(process.argv.slice(2), process.execArgv, process.cwd()) : null;
} catch {
  early = null;
}
if (early) relaunch(early).then((code) => (code === null ? run() : (process.exitCode = code)));
else run();
