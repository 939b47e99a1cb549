import * as assert from 'node:assert/strict';
import { CONFIG_KEYS, configJsonSchema, SEVERITY_SETTINGS } from '../../src/core/config/schema';
import { RULES } from '../../src/core/rules';
import { TEST_RULES } from './config-helpers';

type Json = Record<string, unknown>;

/** Every property schema in a JSON Schema, with its path. */
function properties(schema: unknown, at = '#'): [string, Json][] {
  const out: [string, Json][] = [];
  const visit = (node: unknown, where: string) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, `${where}/${i}`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const obj = node as Json;
    if (obj.properties && typeof obj.properties === 'object') {
      for (const [key, value] of Object.entries(obj.properties as Json)) out.push([`${where}/properties/${key}`, value as Json]);
    }
    for (const [key, value] of Object.entries(obj)) visit(value, `${where}/${key}`);
  };
  visit(schema, at);
  return out;
}

describe('config: the JSON Schema generated from the zod schema', () => {
  const schema = configJsonSchema(TEST_RULES) as Json;

  it('is draft-07, accepts comments, and knows every top-level key', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.allowComments, true);
    assert.deepEqual(Object.keys(schema.properties as Json), CONFIG_KEYS);
    assert.equal(schema.additionalProperties, false);
  });

  it('has a description on every key (VS Code shows them as hovers)', () => {
    const missing = properties(schema)
      // Inside a rule's options the rule's own option schema speaks; the setting itself is described.
      .filter(([where]) => !/\/rules\/properties\/[^/]+\/.+/.test(where))
      .filter(([, value]) => typeof value.description !== 'string' || !value.description)
      .map(([where]) => where);
    assert.deepEqual(missing, []);
  });

  it('lists the rule ids under rules with their summaries, and the severities as an enum', () => {
    const rules = (schema.properties as Json).rules as Json;
    const known = rules.properties as Record<string, Json>;
    assert.deepEqual(Object.keys(known), TEST_RULES.map((r) => r.meta.id));
    assert.match(String(known['vague-language']?.description), /^Flags vague words\./);
    assert.ok(rules.additionalProperties, 'custom rule ids are allowed too');
    assert.match(JSON.stringify(known['vague-language']), /"max"/, "the rule's options schema is included");
    assert.ok(JSON.stringify(schema).includes(JSON.stringify([...SEVERITY_SETTINGS])));
    const overrideRules = (((((schema.properties as Json).overrides as Json).items as Json).properties as Json).rules as Json);
    assert.deepEqual(Object.keys(overrideRules.properties as Json), TEST_RULES.map((r) => r.meta.id));
  });

  it('is generated from the built-in rules by default', () => {
    const rules = (((configJsonSchema() as Json).properties as Json).rules as Json).properties as Json;
    assert.deepEqual(Object.keys(rules), RULES.map((r) => r.meta.id));
  });
});
