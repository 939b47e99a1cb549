import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  PACK_SCHEMA_PATH,
  README_PATH,
  RECOMMENDED_MODULE_PATH,
  renderPackSchema,
  renderReadme,
  renderRecommendedModule,
  renderSchema,
  renderSnippets,
  SCHEMA_PATH,
  SNIPPETS_PATH,
} from '../../scripts/generate';

/** Generated files are committed so users and VS Code see them; they must match their source. */
describe('generated files have not drifted (run `npm run generate`)', () => {
  it('media/promptcoach.schema.json matches the zod config schema', () => {
    assert.equal(fs.readFileSync(SCHEMA_PATH, 'utf8'), renderSchema());
  });

  it('media/promptcoach-pack.schema.json matches the zod pack schema', () => {
    assert.equal(fs.readFileSync(PACK_SCHEMA_PATH, 'utf8'), renderPackSchema());
  });

  it('the built-in pack module matches src/packs/recommended/', () => {
    assert.equal(fs.readFileSync(RECOMMENDED_MODULE_PATH, 'utf8'), renderRecommendedModule());
  });

  it("the snippets match the recommended pack's templates", () => {
    assert.equal(fs.readFileSync(SNIPPETS_PATH, 'utf8'), renderSnippets());
  });

  it("the README rules table matches the rules' metadata", () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    assert.equal(readme, renderReadme(readme));
  });
});
