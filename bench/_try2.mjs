import { benchMixedUp } from "./mixed-up.mjs";

const rows = await benchMixedUp((l) => console.log(new Date().toISOString().slice(11, 19), l));
console.log(JSON.stringify(rows, null, 1));
process.exit(0);
