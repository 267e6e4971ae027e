import { describe, expect, it } from 'vitest';
import { buildRuleset, loadRuleFiles } from '../../src/ruleset/load.js';
import { runScan } from '../../src/scan.js';
import { MemorySource } from '../../src/sources/memory.js';

/** Documentation writes manifests as shell here-documents: `kubectl apply -f - <<EOF … EOF`, `cat <<EOF > kustomization.yaml`. */
const ruleset = buildRuleset(loadRuleFiles());

async function found(page: string): Promise<string[]> {
  const report = await runScan(new MemorySource({ 'README.md': page }, ['README.md']), ruleset);
  return report.findings.map((f) => `${f.location.line} ${f.ruleId} ${f.severity}`);
}

const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n  password: Qx7Lp2Vm9Rt4fakeQx7L\n';

describe('here-documents in documentation shell blocks', () => {
  it('reads a Secret applied from a here-document, at its line in the page', async () => {
    expect(await found(`# t\n\n\`\`\`shell\nkubectl apply -f - <<EOF\n${secret}EOF\n\`\`\`\n`)).toEqual([
      '10 secret-string-data error',
    ]);
    expect(await found(`# t\n\n\`\`\`console\n$ cat <<'EOF' | kubectl apply -f -\n${secret}EOF\n\`\`\`\n`)).toEqual([
      '10 secret-string-data error',
    ]);
  });

  it('reads a kustomization written with cat <<EOF', async () => {
    const page =
      '# t\n\n```shell\ncat <<EOF >./kustomization.yaml\nsecretGenerator:\n- name: db\n  literals:\n  - password=Qx7Lp2Vm9Rt4fakeQx7L\nEOF\n```\n';
    expect(await found(page)).toEqual(['8 kustomize-secret-literal error']);
  });

  it('keeps a YAML block whole when a script inside it holds a here-document', async () => {
    const page =
      '# t\n\n```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n  run.sh: |\n    cat <<EOF > /tmp/x\n    hello\n    EOF\n  password: Qx7Lp2Vm9Rt4fakeQx7L\n```\n';
    expect(await found(page)).toContain('13 secret-string-data error');
  });
});
