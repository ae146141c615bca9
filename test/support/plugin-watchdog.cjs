"use strict";
// Preloaded (`node -r`) into plugin processes started by test/support/plugin.ts: the engine kills its plugins, and a
// test process that dies (a crash, a worker torn down with SIGTERM, a test that forgot stop()) must not leave them
// running. When the parent goes away the plugin is re-parented; exit then. The plugin itself is untouched
// (process.argv is unchanged, the timer does not keep it alive).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
