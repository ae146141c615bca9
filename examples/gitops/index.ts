// The entry `pulumi up` runs (Pulumi.yaml `main`); the pipelines run the same program through ci.mjs.
import { program } from "./program";

export = program();
