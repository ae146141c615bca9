import type * as pulumi from "@pulumi/pulumi";
import type { SubjectType } from "../../client/numspot/iam-policy-binding";
import type { IamScope } from "../../client/numspot/scope";
import type { Props } from "../description";
import { Uuid } from "../fields";
import { containsUnknown } from "../provider";
import { checkScope, type ScopeArgs, scopeOf } from "./scope";

/** The subject of a binding: a user or a service account, exactly one; a change replaces the binding. */
export const subjectFields = {
  userId: { input: Uuid, api: "userId", replace: true, inPath: true },
  serviceAccountId: { input: Uuid, api: "serviceAccountId", replace: true, inPath: true },
} as const;

export interface SubjectArgs extends ScopeArgs {
  /** The user granted. Exactly one of userId and serviceAccountId; a change replaces. */
  userId?: pulumi.Input<string>;
  /** The service account granted. Exactly one of userId and serviceAccountId; a change replaces. */
  serviceAccountId?: pulumi.Input<string>;
}

export interface Subject {
  scope: IamScope;
  type: SubjectType;
  id: string;
}

export function subjectOf(props: Props): Subject {
  const scope = scopeOf(props);
  return props.userId
    ? { scope, type: "users", id: props.userId }
    : { scope, type: "serviceAccounts", id: props.serviceAccountId };
}

/** `organisations/{id}/users/{id}`: where the grants live. */
export const subjectPath = (s: Subject) => `${s.scope.kind}/${s.scope.id}/${s.type}/${s.id}`;

export function parseSubjectPath(path: string): Subject {
  const [kind, scopeId, type, id] = path.split("/");
  return { scope: { kind: kind as IamScope["kind"], id: scopeId! }, type: type as SubjectType, id: id! };
}

export function checkSubject(news: Props, inputs: Props | undefined): pulumi.dynamic.CheckFailure[] {
  const failures = checkScope(news, inputs);
  const set = (["userId", "serviceAccountId"] as const).filter((name) => news[name] !== undefined);
  if (set.length !== 1 && !set.some((name) => containsUnknown(news[name]))) {
    failures.push({
      property: set.length === 0 ? "userId" : "serviceAccountId",
      reason: "set exactly one of userId and serviceAccountId (the subject)",
    });
  }
  return failures;
}
