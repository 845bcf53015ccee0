#!/usr/bin/env node
'use strict';
// Thin launcher: the command line is compiled from src/cli by `npm run build:cli` (run by `npm ci` via "prepare").
const path = require('path');
const fs = require('fs');
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
