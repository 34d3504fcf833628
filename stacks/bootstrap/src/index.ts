/**
 * The Pulumi program's entry (Pulumi.yaml `main`, compiled to dist/index.js): Pulumi calls the
 * exported function and makes the object it returns the stack's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { bootstrap, type BootstrapOutputs } from "./program";
import { readSettings } from "./settings";

export = (): BootstrapOutputs => bootstrap(readSettings(new pulumi.Config()));
