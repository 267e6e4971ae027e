// Generates a realistic, deterministic GitOps corpus for `npm run bench`: mixed kinds, Helm values,
// kustomizations, big ConfigMaps, and about 1% of files leaking (fake values only).
import { mkdirSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './rng.mjs';

const VERSION = 'corpus-v3';

const words = [
  'checkout',
  'payments',
  'search',
  'catalog',
  'orders',
  'users',
  'billing',
  'gateway',
  'auth',
  'ledger',
  'inventory',
  'shipping',
];

export function generateCorpus(dir, { files = 20000, seed = 42 } = {}) {
  const stamp = join(dir, '.stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === `${VERSION}:${files}:${seed}`) return;
  rmSync(dir, { recursive: true, force: true });
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
  const b64 = (s) => Buffer.from(s).toString('base64');
  for (let i = 0; i < files; i++) {
    const app = `${pick(words)}-${i % 97}`;
    const ns = `team-${i % 40}`;
    const sub = join(dir, `clusters/c${i % 8}/${ns}/${app}`);
    mkdirSync(sub, { recursive: true });
    const leak = Math.floor(i / 10) % 100 === 7; // ten consecutive files (every kind) in each thousand: ~1% leak
    const kind = i % 10;
    let name;
    let body;
    if (kind <= 2) {
      name = `deployment-${i}.yaml`;
      const env = Array.from(
        { length: 12 },
        (_, k) => `            - name: SETTING_${k}\n              value: "${hex(12)}"`,
      ).join('\n');
      body = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n  labels: { app: ${app}, tier: backend }\nspec:\n  replicas: 3\n  selector:\n    matchLabels: { app: ${app} }\n  template:\n    metadata:\n      labels: { app: ${app} }\n      annotations: { prometheus.io/scrape: "true", checksum/config: ${hex(64)} }\n    spec:\n      containers:\n        - name: ${app}\n          image: registry.example.com/${app}:${hex(7)}\n          ports: [{ containerPort: 8080 }]\n          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }\n          env:\n${env}\n            - name: DB_PASSWORD\n${leak ? `              value: fake-bench-${hex(16)}` : '              valueFrom: { secretKeyRef: { name: db, key: password } }'}\n`;
    } else if (kind <= 4) {
      name = `configmap-${i}.yaml`;
      const lines = Array.from({ length: 40 }, (_, k) => `    ${pick(words)}.setting${k}=${hex(24)}`).join('\n');
      body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-config\n  namespace: ${ns}\ndata:\n  LOG_LEVEL: info\n  application.properties: |\n${lines}\n${leak ? `    spring.datasource.password=fake-bench-${hex(12)}\n` : ''}`;
    } else if (kind === 5) {
      name = `service-${i}.yaml`;
      body = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  selector: { app: ${app} }\n  ports:\n    - { port: 80, targetPort: 8080 }\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${app}\n  namespace: ${ns}\n  annotations: { cert-manager.io/cluster-issuer: letsencrypt }\nspec:\n  tls: [{ hosts: [${app}.example.com], secretName: ${app}-tls }]\n  rules:\n    - host: ${app}.example.com\n      http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: ${app}, port: { number: 80 } } } }] }\n`;
    } else if (kind === 6) {
      name = `sealed-${i}.yaml`;
      const data = leak
        ? `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${app}-db\n  namespace: ${ns}\ndata:\n  password: ${b64(`fake-bench-${hex(16)}`)}\n`
        : `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: ${app}-db\n  namespace: ${ns}\nspec:\n  encryptedData:\n    password: ${b64(hex(300))}\n    username: ${b64(hex(200))}\n  template:\n    metadata: { name: ${app}-db, namespace: ${ns} }\n`;
      body = data;
    } else if (kind === 7) {
      name = `values-${i}.yaml`;
      body = `replicaCount: 2\nimage:\n  repository: registry.example.com/${app}\n  tag: "${hex(7)}"\nauth:\n  existingSecret: ${app}-db\n  password: "${leak ? `fake-bench-${hex(10)}` : ''}"\nresources:\n  limits: { memory: 256Mi }\ningress:\n  enabled: true\n  hosts: [${app}.example.com]\n`;
    } else if (kind === 8) {
      name = `k${i}/kustomization.yaml`;
      mkdirSync(join(sub, `k${i}`), { recursive: true });
      body = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n  - deployment-${i - 8}.yaml\nconfigMapGenerator:\n  - name: ${app}-settings\n    literals: [LOG_LEVEL=info, FEATURE_X=true]\n${leak ? `secretGenerator:\n  - name: ${app}-secret\n    literals: [API_TOKEN=fake-bench-${hex(12)}]\n` : ''}`;
    } else {
      name = `bigconfig-${i}.yaml`;
      const lines = Array.from(
        { length: 260 },
        (_, k) =>
          `    route_${k}: { upstream: "http://${pick(words)}.svc:8080", timeout: ${k % 30}s, retries: ${k % 5} }`,
      ).join('\n');
      body = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-routes\n  namespace: ${ns}\ndata:\n  routes.yaml: |\n${lines}\n`;
    }
    writeFileSync(join(sub, name), body);
  }
  writeFileSync(stamp, `${VERSION}:${files}:${seed}`);
}
