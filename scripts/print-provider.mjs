// Prints the dynamic provider's text exactly as Pulumi serializes it into each resource's state
// (`__provider`): `new pulumi.dynamic.Resource(provider, …)` serializes `() => provider` with
// secrets allowed (https://github.com/pulumi/pulumi/blob/v3.248.0/sdk/nodejs/dynamic/index.ts).
// Run by plain node from the compiled output (npm run build): under a test runner the module
// loader differs and so would the text. Used by test/pulumi/ to check it and to drive the
// provider host with it.
import { createRequire } from "node:module";
import * as path from "node:path";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pulumi = require("@pulumi/pulumi");
const { bucketProvider } = require(path.join(root, "dist", "pulumi", "provider.js"));
const closure = await pulumi.runtime.serializeFunction(() => bucketProvider, { allowSecrets: true });
process.stdout.write(closure.text);
