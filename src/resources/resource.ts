/**
 * What every entity's Resource class passes to `pulumi.dynamic.Resource`: the thin provider of its kind, the inputs
 * with `connection` made secret (so credentials never sit in plaintext in the state's inputs) and every output
 * declared, and options listing the generated secrets and `connection` as secret outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Field } from "./description";
import { type ThinProvider, thinProvider } from "./thin";

interface Declared {
  readonly system: { readonly name: string };
  readonly type: string;
  readonly fields: Record<string, Field>;
  readonly adopt: true | { readonly refused: string };
}

export type ResourceArguments = [ThinProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions, string, string];

export function resourceArguments(d: Declared) {
  const provider = thinProvider(`${d.system.name}:${d.type}`);
  const secrets = Object.entries(d.fields)
    .filter(([, field]) => field.secret)
    .map(([name]) => name);
  return (name: string, args: object, opts?: pulumi.CustomResourceOptions): ResourceArguments => {
    const given = args as Record<string, unknown>;
    const props: pulumi.Inputs = {};
    for (const field of Object.keys(d.fields)) props[field] = given[field];
    if (d.adopt === true) props.adopted = undefined;
    Object.assign(props, given);
    if (given.connection !== undefined) props.connection = pulumi.secret(given.connection);
    for (const [field, spec] of Object.entries(d.fields)) {
      if (spec.writeOnly && spec.secret && given[field] !== undefined) props[field] = pulumi.secret(given[field]);
    }
    const options = pulumi.mergeOptions(opts, { additionalSecretOutputs: [...secrets, "connection"] });
    return [provider, name, props, options, d.system.name, d.type];
  };
}
