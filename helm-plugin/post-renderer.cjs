#!/usr/bin/env node
'use strict';
// The Helm 4 plugin's command (plugin.yaml). `helm plugin install DIR` links the plugin directory
// into Helm's plugins folder; Node resolves that link for this file, so __dirname is the package's
// helm-plugin/ and the CLI is beside it: ../dist/secure-monitors.cjs, run in this process with
// Helm's arguments (the --post-renderer-args).
//
// Helm 4 never shows a plugin's stderr: name a results file (--post-renderer-args=--results=FILE,
// or SECURE_MONITORS_RESULTS=FILE in helm's environment) to see the findings.
const { existsSync } = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'dist', 'secure-monitors.cjs');
if (existsSync(cli)) {
  require(cli);
} else {
  // A copy of this folder without the package around it: say so, write nothing, fail the install.
  process.stderr.write(
    `secure-monitors: the Helm plugin at ${__dirname} cannot find the CLI at ${cli}; install the plugin from the npm package: helm plugin install "$(npm root -g)/secure-monitors/helm-plugin"\n`,
  );
  process.exitCode = 1;
}
