/**
 * The dynamic provider as Pulumi serializes it into every resource's state (`__provider`): a shim
 * that captures nothing and loads the implementation (provider-impl.ts) when a method is called,
 * so state holds a few hundred bytes of text per resource, no secret can be serialized, and a
 * delete of a resource written by an older cync runs today's implementation
 * (docs/architecture.md#pulumi; https://www.pulumi.com/docs/iac/concepts/resources/dynamic-providers/).
 *
 * Pulumi serializes these functions with their free variables by value: they may name only
 * `require` and `process`. The provider host runs in the directory of the program (`dist/pulumi/`,
 * https://github.com/pulumi/pulumi/issues/10022), where the compiled implementation lies.
 */
import type * as pulumi from "@pulumi/pulumi";

// Loaded at call time by design (above): nothing of the implementation is serialized.
const impl = (): typeof import("./provider-impl") => require(require("path").join(process.cwd(), "provider-impl.js"));

export const bucketProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    impl().configure(req.config);
  },
  async check(olds, news) {
    return impl().check(olds, news);
  },
  async diff(id, olds, news) {
    return impl().diff(id, olds, news);
  },
  async create(inputs) {
    return impl().create(inputs);
  },
  async update(id, olds, news) {
    return impl().update(id, olds, news);
  },
  async read(id, props) {
    return impl().read(id, props ?? {});
  },
  async delete(id, props) {
    await impl().remove(id, props);
  },
};
