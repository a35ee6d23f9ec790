import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { NodePool, NodeShape, PlatformReport } from '../src';
import { sparkApp, sparkNamespace } from './bad-input/harness';

const EXAMPLE = path.join(__dirname, '..', 'examples', 'bank-platform');

function bankPlatform(): { app: App; mod: any } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(EXAMPLE, 'main.ts'));
  const app: App = mod.build(fs.mkdtempSync(path.join(os.tmpdir(), 'bank-platform-')));
  app.synth();
  return { app, mod };
}

describe('PlatformReport', () => {
  test('the bank example\'s committed PLATFORM.md is current', () => {
    const { app, mod } = bankPlatform();
    // Regenerate with: npm run synth -- bank-platform && cp dist/bank-platform/PLATFORM.md examples/bank-platform/
    expect(mod.platformReport(app)).toBe(fs.readFileSync(path.join(EXAMPLE, 'PLATFORM.md'), 'utf8'));
  });

  test('is deterministic and covers every section', () => {
    const a = bankPlatform();
    const b = bankPlatform();
    const text = a.mod.platformReport(a.app);
    expect(b.mod.platformReport(b.app)).toBe(text);
    for (const h of ['## Tenants', '## Apps', '## Schedules', '## Monitoring', '## Operator', '## Scheduler queues', '## Node pools', '## Diagram', '```mermaid']) {
      expect(text).toContain(h);
    }
    expect(text).toContain('| tplus-one-reconciliation | bank-batch | `30 2 * * *` | Europe/Berlin | Forbid | 2026-01-05T02:30:00+01:00<br>2026-01-06T02:30:00+01:00<br>2026-01-07T02:30:00+01:00 |');
    expect(text).toContain('- bank-batch: ledger-aggregation at 2026-01-05T03:00:00+01:00 and tplus-one-reconciliation at 2026-01-05T02:30:00+01:00');
    expect(text).toContain('| YuniKorn | root.bank-batch | 64 | 256Gi | 60 |');
    expect(text).toContain('app_bank_batch_tplus_one_reconciliation -->|yunikorn| q_root_bank_batch[/"queue root.bank-batch"/]');
  });

  test('node pools: the packing table and the pool in the diagram', () => {
    const c = new Chart(Testing.app(), 'test');
    const pool = new NodePool(c, 'Core', { shape: NodeShape.instanceType('m6i.4xlarge') });
    sparkApp(c, { sparkNamespace: sparkNamespace(c), placement: { executors: pool } });
    const text = PlatformReport.markdown(c.node.root, { title: 'T', from: new Date('2026-03-01T00:00:00Z') });
    expect(text.startsWith('# T\n')).toBe(true);
    expect(text).toContain(NodePool.packingTable(c.node.root).trimEnd());
    expect(text).toMatch(/app_team_etl --> pool_\S+\[\("pool \S+"\)\]/);
    expect(text).toContain('No scheduled app.');
    expect(text).toContain('No SparkOperatorInstall.');
  });

  test('options are checked', () => {
    expect(() => PlatformReport.markdown(new Chart(Testing.app(), 'test'), { from: 'tomorrow' as any }))
      .toThrow('PlatformReport.markdown: from "tomorrow" must be a Date; got a string; use new Date("2026-01-05T00:00:00Z")');
  });
});
