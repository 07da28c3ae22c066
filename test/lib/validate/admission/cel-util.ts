/** Evaluates CEL expressions in paved's Kubernetes environment, as plain values for assertions. */
import { type CelInput, type CelValue, isCelError, isCelList, isCelMap, isCelUint } from '@bufbuild/cel';
import { isReflectMessage } from '@bufbuild/protobuf/reflect';
import { compileExpression } from '../../../../lib/validate/admission/cel-env';
import { authorizerValue } from '../../../../lib/validate/admission/cel-types';

/** A CEL value as plain data: lists as arrays, maps as objects, Kubernetes types as `<type name>(<key>)`. */
export function plain(v: CelValue): unknown {
  if (isCelList(v)) return [...v].map(plain);
  if (isCelMap(v)) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x)]));
  if (isCelUint(v)) return { uint: v.value };
  if (isReflectMessage(v)) return `${v.desc.typeName}(${String((v.message as unknown as { key?: unknown }).key ?? '')})`;
  return v;
}

/** The value of an expression, `{ error }` when evaluation fails, `{ invalid }` / `{ offline }` when it does not compile. */
export function celEval(expression: string, bindings: Record<string, CelInput> = {}): unknown {
  const compiled = compileExpression(expression, { variables: ['object', 'authorizer', 'self', ...Object.keys(bindings)] });
  if (!compiled.ok) return { [compiled.kind]: compiled.message };
  const result = compiled.run({ authorizer: authorizerValue(), ...bindings });
  return isCelError(result) ? { error: result.message } : plain(result);
}
