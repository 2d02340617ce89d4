// The browser half of `node scripts/mutation-check.mjs`: runs only the test files that claim one mutated feature,
// in the browser their group of the project's config launches them in. (Whole files: web-test-runner counts the
// tests a mocha grep leaves out as failed.)
import project from '../../web-test-runner.config.mjs';

const { MUTATION_CHECK_FILES = '', MUTATION_CHECK_GROUP } = process.env;
const group = project.groups.find(({ name }) => name === MUTATION_CHECK_GROUP);
if (MUTATION_CHECK_GROUP && !group) throw new Error(`no group "${MUTATION_CHECK_GROUP}" in web-test-runner.config.mjs`);

export default {
  ...project,
  files: MUTATION_CHECK_FILES.split(','),
  groups: [],
  browsers: group?.browsers ?? project.browsers,
};
