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
require(main).main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
  process.stderr.write(String(err && err.stack || err) + '\n');
  process.exitCode = 2;
});
