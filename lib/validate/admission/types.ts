/**
 * The typed API of paved's offline ValidatingAdmissionPolicy evaluator (see
 * evaluate.ts and policy-check.ts).
 */
import type { SchemaCatalog } from '../catalog';
import type { ManifestObject } from '../findings';

/** The user a request is made as (request.userInfo). */
export interface AdmissionUserInfo {
  readonly username: string;
  /** @default - none */
  readonly uid?: string;
  /** @default - none */
  readonly groups?: readonly string[];
  /** @default - none */
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** What to evaluate: policies and bindings against objects, each created (operation CREATE). */
export interface AdmissionInput {
  /** ValidatingAdmissionPolicy objects (admissionregistration.k8s.io/v1); other kinds are ignored. */
  readonly policies: readonly ManifestObject[];
  /** ValidatingAdmissionPolicyBinding objects (admissionregistration.k8s.io/v1); other kinds are ignored. */
  readonly bindings: readonly ManifestObject[];
  /** The objects to admit, each as a CREATE request. */
  readonly objects: readonly ManifestObject[];
  /**
   * The namespaces the objects are created in (their labels feed
   * namespaceSelector, the object itself is `namespaceObject`).
   * @default - the Namespace objects among `objects`
   */
  readonly namespaces?: readonly ManifestObject[];
  /**
   * Definitions of custom resources the cluster serves besides those among
   * `objects` and in the catalog: CustomResourceDefinitions, and Crossplane's
   * CompositeResourceDefinitions (Crossplane serves each as a CRD of the same names).
   * @default []
   */
  readonly definitions?: readonly ManifestObject[];
  /**
   * The objects policies take as parameters (paramKind/paramRef), e.g. ConfigMaps.
   * @default - none: a binding that needs parameters finds none
   */
  readonly params?: readonly ManifestObject[];
  /**
   * The user the requests are made as.
   * @default - a user named `paved:offline` in no group
   */
  readonly userInfo?: AdmissionUserInfo;
  /**
   * The schema catalog whose custom resources map kinds to resources (with the
   * CustomResourceDefinitions among `objects`).
   * @default - the bundled catalog (SchemaCatalog.bundled())
   */
  readonly catalog?: SchemaCatalog;
}

/** The validation actions of a binding. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** One policy decision that was not "admit", under one binding. */
export interface AdmissionViolation {
  readonly policy: string;
  readonly binding: string;
  /** The file and the object (`Kind namespace/name`) the request created. */
  readonly file: string;
  readonly object: string;
  /** The binding's actions: `Deny` is a denial; `Warn` a warning to the client; `Audit` an audit annotation. */
  readonly actions: readonly ValidationAction[];
  /** The index in spec.validations, when a validation failed or failed to evaluate (absent for match conditions, parameters and audit annotations). */
  readonly validation?: number;
  /** The field of the policy at fault (`spec.validations[0].expression`, `spec.matchConditions`, `spec.paramRef`, ...). */
  readonly field: string;
  /** The reason the API server answers with (`Invalid`, `Forbidden`, ...). */
  readonly reason: string;
  /** The decision's message (a validation's message, messageExpression, `failed expression: ...`, or an error). */
  readonly message: string;
  /**
   * As the API server words it: `ValidatingAdmissionPolicy '<policy>' with binding '<binding>' denied request: <message>`
   * (Deny), or `Validation failed for ValidatingAdmissionPolicy '<policy>' with binding '<binding>': <message>` (Warn, Audit).
   */
  readonly apiServerMessage: string;
}

/** Something paved could not evaluate: never counted as admitted. */
export interface AdmissionProblem {
  /** The policy and binding concerned, when one is. */
  readonly policy?: string;
  readonly binding?: string;
  /** The file of the object (or of the policy or binding) concerned. */
  readonly file: string;
  /** The object concerned (`Kind namespace/name`), when one is. */
  readonly object?: string;
  readonly field: string;
  readonly message: string;
}

/** What one binding of one policy did. */
export interface BindingResult {
  readonly policy: string;
  readonly binding: string;
  /** Objects the policy's and the binding's match criteria and match conditions selected. */
  readonly matched: number;
  /** Of those, objects it admitted: no Deny violation and nothing left unevaluated. */
  readonly admitted: number;
  /** Of those, objects with a violation under a Deny action. */
  readonly denied: number;
  /** Of those, objects with something paved could not evaluate (and no denial). */
  readonly unevaluated: number;
}

/** The outcome of {@link evaluateAdmission}. */
export interface AdmissionReport {
  /** Per binding of each policy, in the order policies and bindings were given. */
  readonly bindings: readonly BindingResult[];
  /** Every violation, in the order objects, policies and bindings were given (the API server answers with the first denial only). */
  readonly violations: readonly AdmissionViolation[];
  readonly problems: readonly AdmissionProblem[];
  /** Objects evaluated. */
  readonly objects: number;
  /** Objects no binding denied and nothing left unevaluated. */
  readonly admitted: number;
}
