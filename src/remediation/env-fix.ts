/**
 * The fixes of environment-variable findings, as the YAML to write into the manifest: people paste
 * these, so they are documents a YAML parser takes, not sentences.
 */

/** A scalar as YAML reads it back unchanged: plain when that is safe, else double-quoted (JSON is valid YAML). */
function scalar(s: string): string {
  return /^[A-Za-z0-9_][\w.-]*$/.test(s) ? s : JSON.stringify(s);
}

/** A Secret's or volume's name from free text: its literal words, lower-cased, short enough for `-secret` to fit 63. */
function dnsWords(s: string): string {
  return (
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w !== '')
      .join('-')
      .slice(0, 56) || 'app'
  );
}

/**
 * A literal env value moved into a Secret: the env entry to write instead, reading the value from
 * a Secret named after the container (the Secret itself is created sealed).
 */
const ENV_FIX_HEAD = [
  '# Store the value in a Secret, sealed (sealcheck seal or kubeseal), and read it from there:',
  'env:',
];

export function envSecretRefFix(envName: string, container: string): string {
  const secret = `${dnsWords(container)}-env`;
  return [
    ...ENV_FIX_HEAD,
    `  - name: ${scalar(envName)}`,
    '    valueFrom:',
    '      secretKeyRef:',
    `        name: ${secret}`,
    `        key: ${scalar(envName)}`,
  ].join('\n');
}

/**
 * A Secret read into the environment, mounted as files instead. A templated Secret name
 * (`{{ .Release.Name }}-auth`) keeps only its literal words in the volume's name and path.
 */
export function volumeFix(secretName: string, key?: string): string {
  const base = dnsWords(secretName);
  const vol = `${base}-secret`;
  const dir = `/etc/secrets/${base}`;
  const file = key !== undefined ? `${dir}/${key}` : `${dir}/<key>`;
  return [
    '# Mount the Secret as files instead of environment variables. In the pod spec:',
    'volumes:',
    `  - name: ${vol}`,
    '    secret:',
    `      secretName: ${scalar(secretName)}`,
    '# In the container, in place of the env entry:',
    'volumeMounts:',
    `  - name: ${vol}`,
    `    mountPath: ${dir}`,
    '    readOnly: true',
    `# The application then reads ${file.replace(/[\r\n]/g, '?')}.`,
  ].join('\n');
}

/**
 * The env fixes of one container as one `env:` block (its entries in the order given), so a
 * container with several literal credentials gets one piece of YAML to write; undefined when the
 * fixes are not all env fixes of that shape.
 */
export function mergedEnvFix(fixes: readonly string[]): string | undefined {
  const distinct = [...new Set(fixes)];
  if (distinct.length < 2) return undefined;
  const head = ENV_FIX_HEAD.join('\n') + '\n';
  if (!distinct.every((f) => f.startsWith(head))) return undefined;
  return head + distinct.map((f) => f.slice(head.length)).join('\n');
}
