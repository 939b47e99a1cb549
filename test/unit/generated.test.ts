import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { README_PATH, renderReadme, renderSchema, SCHEMA_PATH } from '../../scripts/generate';

/** Generated files are committed so users and VS Code see them; they must match their source. */
describe('generated files have not drifted (run `npm run generate`)', () => {
  it('media/promptcoach.schema.json matches the zod config schema', () => {
    assert.equal(fs.readFileSync(SCHEMA_PATH, 'utf8'), renderSchema());
  });

  it("the README rules table matches the rules' metadata", () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    assert.equal(readme, renderReadme(readme));
  });
});
