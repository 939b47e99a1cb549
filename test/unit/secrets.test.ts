import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/core/analyze';
import { FORMAT_NAMES, FORMATTERS } from '../../src/core/format';
import { RULES } from '../../src/core/rules';
import { maskSecrets } from '../../src/core/secrets';
import type { Checklist } from '../../src/core/config/types';
import { newRecord } from '../../src/node/inspection/record';
import { configWith, memoryHost } from '../helpers/config';

const GITHUB = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const AWS = 'AKIAIOSFODNN7EXAMPLE';
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx9Z\n-----END RSA PRIVATE KEY-----';

describe('secrets are masked', () => {
  it('masks provider tokens, private keys, URL passwords and labelled values, keeping what kind they were', () => {
    assert.equal(maskSecrets(`use ${GITHUB} to push`), 'use ghp_**** to push');
    assert.equal(maskSecrets(`key ${AWS}.`), 'key AKIA****.');
    assert.equal(maskSecrets(`here:\n${KEY}\nend`), 'here:\n-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----\nend');
    assert.equal(maskSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU'), '-----BEGIN OPENSSH PRIVATE KEY-----****', 'a key cut short');
    assert.equal(maskSecrets('postgres://admin:s3cr3t-pw@db.internal:5432/app'), 'postgres://admin:****@db.internal:5432/app');
    assert.equal(maskSecrets('password=hunter22 and api_key: "abcd1234efgh"'), 'password=**** and api_key: "****"');
    assert.equal(maskSecrets('sk-proj-abcdefghijklmnop1234'), 'sk-proj-****');
  });

  it('leaves ordinary text alone', () => {
    for (const text of ["missing file './docs/reference/linux-glibc-compatibility.md'", 'sk-learn-tutorials', 'Unexpected ≈15,255 tokens in this rules file', 'Use the secret-in-prompt rule', 'Pass the tests', 'max_tokens=4000', 'a desk-top app']) {
      assert.equal(maskSecrets(text), text);
    }
  });

  it('keeps a secret a finding quotes out of every output format', async () => {
    const file = '/ws/prompts/deploy.prompt.md';
    const line = `Always sign in with ${GITHUB} before you push the release branch to the server.`;
    const text = `# Objective\n\nDeploy the release.\n\n${line}\n\nRun the smoke tests.\n\n${line}\n`;
    const config = configWith('/ws', { 'duplicate-instruction': undefined, 'secret-in-prompt': undefined });
    const { findings } = await analyze({ path: file, text }, config, memoryHost({ [file]: text }));
    const quoting = findings.find((f) => f.ruleId === 'duplicate-instruction');
    assert.ok(quoting, `duplicate-instruction quotes the line: ${JSON.stringify(findings.map((f) => f.ruleId))}`);
    assert.match(quoting.message, /ghp_\*\*\*\*/);
    assert.ok(findings.some((f) => f.ruleId === 'secret-in-prompt'));
    for (const name of FORMAT_NAMES) {
      const out = FORMATTERS[name]([{ path: file, findings }], { cwd: '/ws', rules: RULES.map((r) => r.meta), version: '1.0.0' });
      assert.ok(!out.includes(GITHUB) && !out.includes('abcdefghijklmnopqrstuvwxyz0123456789'), `${name} output holds the token`);
    }
  });

  it('keeps secrets out of inspection records: notes, the reason and command output', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-secrets-'));
    fs.writeFileSync(path.join(root, 'out.ts'), 'export {};\n');
    const checklist: Checklist = { id: 'c', version: 1, title: 'C', items: [{ id: 'works', text: 'It works', required: true }] } as unknown as Checklist;
    const record = newRecord({
      root,
      checklist,
      outputs: [path.join(root, 'out.ts')],
      items: [{ id: 'works', verdict: 'fail', note: `pushed with ${GITHUB}` }],
      decision: 'rejected',
      reason: `rotate ${AWS} first; the db URL postgres://app:pa55word@db/app leaked`,
      reviewer: { name: 'Ada', email: '' },
      auto: [{ itemId: 'works', type: 'command', status: 'fail', message: 'exit 1', findings: [], output: `Error: token ${GITHUB} rejected` }],
      toolVersion: '1',
    });
    const json = JSON.stringify(record);
    for (const secret of [GITHUB, AWS, 'pa55word']) assert.ok(!json.includes(secret), `the record holds ${secret}`);
    assert.equal(record.items[0]?.note, 'pushed with ghp_****');
    assert.match(record.reason, /AKIA\*\*\*\* first; the db URL postgres:\/\/app:\*\*\*\*@db\/app/);
    assert.equal(record.auto[0]?.output, 'Error: token ghp_**** rejected');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
