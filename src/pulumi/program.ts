/**
 * The Pulumi program, `main` in Pulumi.yaml (compiled to dist/pulumi/program.js). Pulumi calls a
 * program's `module.exports` when it is a function and waits for its promise; a compiled
 * `export default` would never be called (https://www.pulumi.com/docs/iac/languages-sdks/javascript/#entrypoint).
 */
import { cyncStack } from "./stack";

export = (): ReturnType<typeof cyncStack> => cyncStack();
