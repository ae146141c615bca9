/**
 * Lets the benchmarks `require()` the TypeScript test support (test/support/*.ts) as CommonJS, the way vitest runs
 * it: each .ts file is transpiled on load (types dropped, no type check), with its real filename, so `__dirname`
 * and extensionless relative imports behave as in the tests. Only used by bench/; the package itself is the built
 * dist/.
 */
const fs = require("node:fs");
const Module = require("node:module");
const ts = require("typescript");

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  esModuleInterop: true,
  sourceMap: false,
  inlineSourceMap: false,
};

Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

module.exports = { require: Module.createRequire(__filename) };
