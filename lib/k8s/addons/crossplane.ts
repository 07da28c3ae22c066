import { type Construct } from 'constructs';
import { CROSSPLANE } from '../../addons/crossplane';
import { AddOn, type AddOnProps, addOnSpec } from './addon';

/** Props of {@link CrossplaneAddOn}. */
export interface CrossplaneAddOnProps extends AddOnProps {}

/** Crossplane (v2): composite resources, compositions and the package manager for providers and functions. */
export class CrossplaneAddOn extends AddOn {
  constructor(scope: Construct, id: string, props: CrossplaneAddOnProps) {
    super(scope, id, addOnSpec(scope, CROSSPLANE, props.version));
  }
}
