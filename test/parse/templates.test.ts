import { describe, expect, it } from 'vitest';
import { get, isMap, type YNode } from '../../src/parse/node.js';
import { parseFile } from '../../src/parse/parse-file.js';
import { neutraliseTemplates, TEMPLATE_MARK } from '../../src/parse/templates.js';
import type { Finding } from '../../src/finding.js';
import { byRule, parseNotes, scan as scanText } from '../robustness/support.js';

/**
 * Helm template shapes that must survive neutralising as YAML (no parse-error note, no fallback to
 * the line parser), with every line and column where the template has it.
 */

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** Findings of one template; no made-up literal of it (`fake-…`) may appear in them. */
function scan(path: string, text: string): Finding[] {
  const findings = scanText(path, text);
  const literals = text.match(/fake-[\w-]+/g) ?? [];
  for (const literal of literals) expect(JSON.stringify(findings)).not.toContain(literal);
  return findings;
}

/** The file parses as YAML, each document without a problem. */
function parsesClean(path: string, text: string): YNode | undefined {
  const file = parseFile(path, text);
  expect(file.problems).toEqual([]);
  expect(file.docs.map((d) => d.mode)).toEqual(file.docs.map(() => 'yaml'));
  return file.docs[0]?.root;
}

function keys(node: YNode | undefined): string[] {
  return isMap(node) ? node.entries.map((e) => e.key.value ?? '') : [];
}

describe('neutralising keeps every line and column', () => {
  it.each([
    ['a block heading', '  labels: {{- include "x" (dict "a" 1 "context" $) | nindent 4 }}\n    app: y\r\n'],
    ['control flow and comments', '{{- if .a }}\n{{/* one\n two */}}\nk: v {{- end }}\n'],
    ['a block scalar led by template lines', '- |\n    {{- if .a }}\n  echo\n'],
    ['a raw string holding braces', 'm: {{`{{ $labels.job\n }}`}}\n'],
  ])('%s', (_name, text) => {
    const out = neutraliseTemplates(text);
    expect(out.split('\n').map((l) => l.length)).toEqual(text.split('\n').map((l) => l.length));
    expect(out.split('\r').length).toBe(text.split('\r').length);
  });
});

describe('template shapes parse as YAML', () => {
  it('`key: {{- include … | nindent N }}` followed by more keys of the same block', () => {
    const text = lines(
      'apiVersion: v1', //                                                                                              1
      'kind: Secret', //                                                                                                2
      'metadata:', //                                                                                                   3
      '  name: {{ include "common.names.fullname" . }}', //                                                             4
      '  labels: {{- include "common.labels.standard" ( dict "customLabels" .Values.commonLabels "context" $ ) | nindent 4 }}', // 5
      '    app.kubernetes.io/component: master', //                                                                    6
      '  annotations: {{- include "common.tplvalues.render" (dict "value" .Values.a "context" $) | nindent 4 }}', //      7
      'stringData:', //                                                                                                 8
      '  password: fake-literal-after-nindent-01', //                                                                  9
    );
    const root = parsesClean('templates/secret.yaml', text);
    const labels = get(get(root, 'metadata'), 'labels');
    expect(keys(labels)).toEqual(['app.kubernetes.io/component']);
    expect(labels?.span.start.line).toBe(6);
    // A templated value with nothing below it stays a templated scalar.
    expect(get(get(root, 'metadata'), 'annotations')).toMatchObject({
      type: 'scalar',
      value: expect.stringContaining(TEMPLATE_MARK),
    });
    expect(byRule(scan('templates/secret.yaml', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 9, column: 13, key: 'password' },
    ]);
  });

  it('a templated value continued on the next line as a plain scalar stays templated', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: x',
      'stringData:',
      '  password: {{ .Values.prefix }}',
      '    fake-continued-plain-scalar-0123',
    );
    const root = parsesClean('templates/secret.yaml', text);
    expect(get(get(root, 'stringData'), 'password')).toMatchObject({
      type: 'scalar',
      value: expect.stringContaining(TEMPLATE_MARK),
    });
    expect(scan('templates/secret.yaml', text).filter((f) => f.severity !== 'note')).toEqual([]);
  });

  it('`- {{ include … | nindent N }}` followed by the rest of the item', () => {
    const root = parsesClean(
      'templates/x.yaml',
      lines('items:', '  - {{- include "x" . | nindent 4 }}', '    name: y'),
    );
    expect(get(root, 'items')).toMatchObject({
      type: 'seq',
      items: [{ type: 'map', entries: [{ key: { value: 'name' } }] }],
    });
  });

  it('whole-line `include` and `toYaml` inside maps and lists', () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      '  labels:',
      '    {{- include "common.labels.standard" . | nindent 4 }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          env:',
      '            {{- toYaml .Values.extraEnvVars | nindent 12 }}',
      '            - name: DB_PASSWORD', //                            14
      '              value: fake-env-literal-0123456789', //           15
      '        {{- include "common.tplvalues.render" (dict "value" .Values.sidecars "context" $) | nindent 8 }}',
    );
    parsesClean('templates/deployment.yaml', text);
    expect(byRule(scan('templates/deployment.yaml', text), 'env-literal-credential')).toEqual([
      { rule: 'env-literal-credential', line: 15, column: 22, key: 'DB_PASSWORD' },
    ]);
  });

  it('`if`/`else`/`end`/`with`/`range` lines at any indentation, and `$x :=` assignments', () => {
    const text = lines(
      '{{- if .Values.enabled }}',
      '{{- $fullname := include "common.names.fullname" . }}',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: {{ $fullname }}',
      '  {{- with .Values.annotations }}',
      '  annotations:',
      '    {{- range $k, $v := . }}',
      '    {{ $k }}: {{ $v | quote }}',
      '    {{- end }}',
      '  {{- end }}',
      'stringData:',
      '      {{- if .Values.tls }}',
      '  tls: {{ .Values.tlsValue | quote }}',
      '        {{- else }}',
      '  api-token: fake-token-inside-else-branch-77', //  17
      '{{- end }}',
      '{{- end }}',
    );
    parsesClean('templates/secret.yaml', text);
    expect(byRule(scan('templates/secret.yaml', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 17, column: 14, key: 'api-token' },
    ]);
  });

  it('`key: {{ … }}` inline is a templated value: never a finding, shown as {{…}}', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
      'stringData:',
      '  password: {{ .Values.password | quote }}',
    );
    const root = parsesClean('templates/secret.yaml', text);
    expect(get(get(root, 'stringData'), 'password')).toMatchObject({
      type: 'scalar',
      span: { start: { line: 6, column: 13 } },
    });
    expect(scan('templates/secret.yaml', text).filter((f) => f.severity !== 'note')).toEqual([]);
  });

  it('a literal before a trailing `{{- end }}` is read as the literal it is', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: x',
      'stringData:',
      '  password: fake-before-end-0123456 {{- end }}',
    );
    parsesClean('templates/secret.yaml', text);
    expect(byRule(scan('templates/secret.yaml', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 6, column: 13, key: 'password' },
    ]);
  });

  it('alternatives written on one line stay one templated scalar', () => {
    const root = parsesClean(
      'templates/svc.yaml',
      lines(
        'spec:',
        '  clusterIP: {{ if eq "-" . }}""{{ else }}{{ . | quote }}{{ end }}',
        '  args:',
        '    - {{if .v }} "1" {{else}} "0" {{end}}',
      ),
    );
    expect(get(get(root, 'spec'), 'clusterIP')).toMatchObject({
      type: 'scalar',
      value: expect.stringContaining(TEMPLATE_MARK),
    });
  });

  it('template comments, across lines and holding `{{ }}`', () => {
    const text = lines(
      '{{- /*',
      'Copyright Broadcom, Inc. All Rights Reserved.',
      'SPDX-License-Identifier: APACHE-2.0',
      '*/}}',
      '{{/*',
      'Usage:',
      '{{ include "common.utils.secret.getvalue" (dict "secret" "secret-name" "context" $) }}',
      '*/}}',
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: x',
      '  {{- /* #j={{ $j }} */}}',
      'stringData:',
      '  password: fake-after-comments-0123 {{/* a note */}}', // 15
    );
    parsesClean('templates/secret.yaml', text);
    expect(byRule(scan('templates/secret.yaml', text), 'secret-string-data')).toEqual([
      { rule: 'secret-string-data', line: 15, column: 13, key: 'password' },
    ]);
  });

  it('a raw string holding `}}` ends where Go ends the action', () => {
    const text = lines(
      'groups:',
      '  - rules:',
      '      - alert: Stale',
      '        annotations:',
      "          message: {{`'{{ $labels.job }} on {{ $labels.instance",
      "            }} has a stale config'`}}",
      '        expr: up == 0', // 7
    );
    const root = parsesClean('templates/rules.yaml', text);
    expect(JSON.stringify(root)).toContain('"expr"');
  });

  it.each(['templates/_secret.yaml', 'templates/_helpers.tpl'])(
    '`{{- define }}` blocks holding a manifest (%s)',
    (path) => {
      const text = lines(
        '{{/* The Secret of the chart */}}',
        '{{- define "app.secret" -}}',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: {{ include "app.fullname" . }}',
        '  labels: {{- include "app.labels" . | nindent 4 }}',
        'stringData:',
        '  token: fake-token-in-a-define-0123456', // 9
        '{{- end -}}',
      );
      parsesClean(path, text);
      expect(byRule(scan(path, text), 'secret-string-data')).toEqual([
        { rule: 'secret-string-data', line: 9, column: 10, key: 'token' },
      ]);
    },
  );

  it('template lines inside block scalars, before and after the first line', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: x',
      'stringData:',
      '  run.sh: |', //                                               6
      '    {{- if .Values.usePasswordFiles }}',
      '    export REDIS_PASSWORD="$(< $REDIS_PASSWORD_FILE)"',
      '    {{- end }}',
      '  config.yaml: |-',
      '      {{- include "common.tplvalues.render" (dict "value" .Values.config "context" $) | nindent 4 }}',
      '    {{- if .Values.auth.enabled }}',
      '    requirepass: fake-requirepass-in-config-42', //           13
      '    {{- end }}',
    );
    const root = parsesClean('templates/secret.yaml', text);
    const data = get(root, 'stringData');
    expect(keys(data)).toEqual(['run.sh', 'config.yaml']);
    const config = get(data, 'config.yaml');
    expect(config).toMatchObject({ type: 'scalar', style: 'block' });
    expect(config?.type === 'scalar' ? config.value : '').toContain('requirepass: fake-requirepass-in-config-42');
    const found = scan('templates/secret.yaml', text);
    expect(found.map((f) => f.preview).join(' ')).not.toContain(TEMPLATE_MARK);
  });

  it('kind on either side of an `else` is an alternative, not a duplicate', () => {
    const branches = lines(
      'apiVersion: rbac.authorization.k8s.io/v1',
      '{{- if .Values.namespaceScoped }}',
      'kind: Role',
      '{{- else }}',
      'kind: ClusterRole',
      '{{- end }}',
      'metadata:',
      '  name: x',
    );
    parsesClean('templates/rbac.yaml', branches);
    const twice = lines('{{- if .a }}', 'kind: ConfigMap', '{{- end }}', 'kind: Secret', 'metadata:', '  name: x');
    expect(parseFile('templates/x.yaml', twice).problems).toMatchObject([
      { code: 'duplicate-key', span: { start: { line: 4, column: 1 } } },
    ]);
    expect(parseNotes(scan('templates/x.yaml', twice))).toHaveLength(1);
  });
});

describe('what reports show of template text', () => {
  it('previews and fixes show neutralised template text as {{…}}', () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "app.fullname" . }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          env:',
      '            - name: REDIS_PASSWORD',
      '              valueFrom:',
      '                secretKeyRef:',
      '                  name: {{ template "redis.secretName" . }}',
      '                  key: {{ template "redis.secretPasswordKey" . }}',
    );
    const [ref] = byRule(scan('templates/deployment.yaml', text), 'env-secret-key-ref');
    expect(ref).toEqual({ rule: 'env-secret-key-ref', line: 14, column: 19, key: 'REDIS_PASSWORD' });
    const finding = scan('templates/deployment.yaml', text).find((f) => f.ruleId === 'env-secret-key-ref');
    expect(finding?.fix).toContain('secretName: "{{…}}"'); // quoted: a plain {{ would start a YAML flow mapping;
    expect(JSON.stringify(finding)).not.toContain(TEMPLATE_MARK);
  });
});

describe('neutralising takes one pass over hostile input', () => {
  // Sizes that a quadratic pass would not finish within the hang catcher; a linear one takes seconds at most.
  const HANG_CATCHER_MS = 60_000;
  it.each([
    ['unclosed strings in actions', '{{ "a\n'.repeat(200_000)],
    ['comments whose */ is not followed by }}', `{{/* ${'*/ x '.repeat(200_000)}`],
    [
      'block scalar headers before long blank runs',
      `${'- |\n'.repeat(50_000)}${'    {{- if .a }}\n'.repeat(100_000)}  x\n`,
    ],
    [
      'values followed by long blank runs',
      `${'  k: {{ .a }}\n'.repeat(50_000)}${'{{- end }}\n'.repeat(100_000)}    x: y\n`,
    ],
    ['actions glued to each other', `k: ${'{{ end }}'.repeat(200_000)}x\n`],
  ])('%s', { timeout: HANG_CATCHER_MS }, (_name, text) => {
    expect(neutraliseTemplates(text).length).toBe(text.length);
  });
});
