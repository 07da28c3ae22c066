import { differences, stacks } from './stacks';

// the staging stack as its differences from prod (whose parts have their own snapshots): `~` changed, `-` only in prod, `+` only in staging
test('the staging stack differs from the prod stack in these values', () => {
  expect(differences(stacks.prod, stacks.staging)).toMatchSnapshot();
});
