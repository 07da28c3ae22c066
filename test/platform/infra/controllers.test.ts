import { PARTS, partOf, stacks } from './stacks';

// the regression snapshot of the prod stack's controllers part(s) (test/platform/infra/stacks.ts cuts them; staging.test.ts has staging)
test.each(PARTS['controllers'])('prod stack, $name', (part) => {
  expect(partOf(stacks.prod, part)).toMatchSnapshot();
});
