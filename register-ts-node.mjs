// Registers ts-node's ESM loader through module.register, which avoids --loader's ExperimentalWarning.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
register("ts-node/esm", pathToFileURL("./"));
