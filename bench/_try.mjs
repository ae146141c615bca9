import { benchEngineRefresh } from "/work/main/bench/engine-refresh.mjs";

const rows = await benchEngineRefresh((l) => console.log(new Date().toISOString().slice(11, 19), l));
console.log(JSON.stringify(rows, null, 1));
process.exit(0);
