/**
 * The Kubernetes CEL types that a plain CEL runtime lacks (Quantity, IP,
 * CIDR, URL, Format, optional, the authorizer's checks), for @bufbuild/cel.
 *
 * @bufbuild/cel 0.6.1 knows values of the CEL scalar, list and map types and
 * protobuf messages, and it dispatches functions on a value's type name. So
 * each Kubernetes type is a protobuf message, described at run time (a
 * FileDescriptorSet built here, no generated code) under the type name the
 * API server gives it (`kubernetes.Quantity`, `net.IP`, `net.CIDR`, ...):
 * `type(x)` and overloads then work as upstream. A message holds one string
 * field, a canonical key: @bufbuild/cel compares messages field by field, so
 * equal keys make equal values (`quantity('1') == quantity('1000m')`). The
 * parsed value itself (a Quantity, an address, ...) is kept beside the
 * message in a WeakMap, keyed by the message object.
 *
 * @internal
 */
import { type CelObjectType, type CelValue, objectType } from '@bufbuild/cel';
import { type DescMessage, type Registry, create, createFileRegistry, createRegistry } from '@bufbuild/protobuf';
import { type ReflectMessage, isReflectMessage, reflect } from '@bufbuild/protobuf/reflect';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { Addr, Prefix } from './go-netip';
import type { Quantity } from './go-quantity';
import type { GoUrl } from './go-url';

const STRING = 9;
const MESSAGE = 11;
const OPTIONAL = 1;

const keyed = (name: string) => ({ name, field: [{ name: 'key', number: 1, type: STRING, label: OPTIONAL, jsonName: 'key' }] });

const FILES = create(FileDescriptorSetSchema, {
  file: [
    { name: 'paved/optional.proto', package: '', syntax: 'proto3', messageType: [keyed('optional_type')] },
    { name: 'paved/kubernetes.proto', package: 'kubernetes', syntax: 'proto3', messageType: [keyed('Quantity'), keyed('URL'), keyed('NamedFormat')] },
    { name: 'paved/net.proto', package: 'net', syntax: 'proto3', messageType: [keyed('IP'), keyed('CIDR')] },
    {
      name: 'paved/authorization.proto',
      package: 'kubernetes.authorization',
      syntax: 'proto3',
      messageType: [
        {
          name: 'Authorizer',
          field: [{ name: 'requestResource', number: 1, type: MESSAGE, typeName: '.kubernetes.authorization.ResourceCheck', label: OPTIONAL, jsonName: 'requestResource' }],
        },
        keyed('PathCheck'),
        keyed('GroupCheck'),
        keyed('ResourceCheck'),
        keyed('Decision'),
      ],
    },
  ],
});

const fileRegistry = createFileRegistry(FILES);

/** The registry to give the CEL environment (for message equality and type names). */
export const TYPE_REGISTRY: Registry = createRegistry(fileRegistry);

function message(name: string): DescMessage {
  const desc = fileRegistry.getMessage(name);
  if (!desc) throw new Error(`paved's CEL types lack ${name}`);
  return desc;
}

/** One Kubernetes CEL type: its CEL type, and how to make and read its values. */
export interface K8sType<T> {
  readonly cel: CelObjectType;
  /** A value of this type holding `state`, equal to every value of the same key. */
  make(key: string, state: T): ReflectMessage;
  /** The state a value of this type holds, or undefined for any other value. */
  read(value: CelValue | undefined): T | undefined;
}

function k8sType<T>(name: string): K8sType<T> {
  const desc = message(name);
  const states = new WeakMap<object, T>();
  return {
    cel: objectType(desc),
    make(key, state) {
      const m = create(desc, { key } as Record<string, unknown>);
      states.set(m, state);
      return reflect(desc, m);
    },
    read(value) {
      if (!isReflectMessage(value) || value.desc.typeName !== name) return undefined;
      return states.get(value.message);
    },
  };
}

export const QUANTITY_TYPE_NAME = 'kubernetes.Quantity';
export const types = {
  quantity: k8sType<Quantity>(QUANTITY_TYPE_NAME),
  ip: k8sType<Addr>('net.IP'),
  cidr: k8sType<Prefix>('net.CIDR'),
  url: k8sType<GoUrl>('kubernetes.URL'),
  format: k8sType<{ readonly name: string; readonly validate: (s: string) => string[] }>('kubernetes.NamedFormat'),
  optional: k8sType<{ readonly value: CelValue } | undefined>('optional_type'),
  pathCheck: k8sType<null>('kubernetes.authorization.PathCheck'),
  groupCheck: k8sType<null>('kubernetes.authorization.GroupCheck'),
  resourceCheck: k8sType<null>('kubernetes.authorization.ResourceCheck'),
  decision: k8sType<null>('kubernetes.authorization.Decision'),
};

const AUTHORIZER = message('kubernetes.authorization.Authorizer');
export const AUTHORIZER_TYPE: CelObjectType = objectType(AUTHORIZER);

/** The value of the `authorizer` variable: its checks cannot be made offline (see cel-lib-authz.ts). */
export const authorizerValue = (): ReflectMessage => reflect(AUTHORIZER, create(AUTHORIZER));
