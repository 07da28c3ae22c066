export { writeTreeAtomically } from '../private/atomic-tree';
