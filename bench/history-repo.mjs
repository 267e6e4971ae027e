// Generates the history the sweep benchmark runs on, with `git fast-import` (seconds, not minutes):
// >= 20,000 commits over a few thousand manifests (Deployments, ConfigMaps, Services, Kustomizations,
// Helm values), with leaks (Secrets committed then deleted, sealed or rotated, env literals), renames,
// branches with their own leaks (some merged, some not), tags and a SealedSecret rotation. Values are
// obviously fake. Cached under bench/.sweep-repo/ (git-ignored) and rebuilt when the parameters change.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rng } from './rng.mjs';

const b64 = (s) => Buffer.from(s).toString('base64');

function deployment(app, v) {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: team-${app.length % 7}\nspec:\n  replicas: ${1 + (v % 3)}\n  template:\n    spec:\n      containers:\n        - name: ${app}\n          image: registry.example.invalid/${app}:1.${v}\n          env:\n            - name: LOG_LEVEL\n              value: info\n            - name: DB_PASSWORD\n              valueFrom: { secretKeyRef: { name: ${app}-db, key: password } }\n          resources: { limits: { cpu: 500m, memory: 256Mi } }\n`;
}
function configMap(app, v) {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${app}-config\ndata:\n  FEATURE_FLAGS: "a,b,c"\n  REVISION: "${v}"\n  LOG_FORMAT: json\n`;
}
function service(app, v) {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${app}\nspec:\n  ports:\n    - port: ${8000 + (v % 100)}\n  selector: { app: ${app} }\n`;
}
function kustomization(app, v) {
  return `resources:\n  - deployment.yaml\n  - service.yaml\n  - configmap.yaml\ncommonLabels:\n  app: ${app}\n  revision: "${v}"\n`;
}
function values(app, v) {
  return `image:\n  tag: "1.${v}"\nreplicaCount: 2\nexistingSecret: ${app}-db\n`;
}
const KINDS = [
  ['deployment.yaml', deployment],
  ['configmap.yaml', configMap],
  ['service.yaml', service],
  ['kustomization.yaml', kustomization],
  ['values.yaml', values],
];

function leakSecret(app, n) {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${app}-db\n  namespace: team-${app.length % 7}\ndata:\n  password: ${b64(`fake-bench-password-${n}-not-real`)}\n`;
}
function sealed(app, n) {
  return `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: ${app}-db\n  namespace: team-${app.length % 7}\nspec:\n  encryptedData:\n    password: AgB${b64(`fake-bench-ciphertext-${n}`).replace(/=/g, '')}AAAA\n`;
}
function envLeak(app, n) {
  return deployment(app, n).replace(
    'valueFrom: { secretKeyRef: { name: ' + app + '-db, key: password } }',
    `value: fake-bench-env-literal-${n}`,
  );
}

/** Builds (or reuses) the repository; returns its path and a summary. */
export function historyRepo(dir, { commits = 20000, apps = 600, seed = 42 } = {}) {
  const params = JSON.stringify({ commits, apps, seed, version: 1 });
  const stamp = join(dir, 'params.json');
  const repo = join(dir, 'repo.git');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === params && existsSync(repo))
    return Promise.resolve({ repo, reused: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', repo]);
  const git = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo, stdio: ['pipe', 'inherit', 'inherit'] });
  const rand = rng(seed);
  const chunks = [];
  let size = 0;
  const out = (s) => {
    chunks.push(s);
    size += s.length;
  };
  const data = (s) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let mark = 0;
  let time = 1_600_000_000;
  const commit = (ref, msg, ops, { from, merge } = {}) => {
    mark += 1;
    time += 60 + Math.floor(rand() * 3600);
    const who = `Dev ${mark % 13} <dev${mark % 13}@example.invalid> ${time} +0000`;
    out(`commit ${ref}\nmark :${mark}\nauthor ${who}\ncommitter ${who}\n${data(msg)}`);
    if (from) out(`from :${from}\n`);
    if (merge) out(`merge :${merge}\n`);
    for (const op of ops) {
      if (op[0] === 'M') out(`M 100644 inline ${op[1]}\n${data(op[2])}`);
      else if (op[0] === 'D') out(`D ${op[1]}\n`);
      else out(`R ${op[1]} ${op[2]}\n`);
    }
    out('\n');
    return mark;
  };

  // The first commit: every app's manifests.
  const files = []; // current main tree: [path, app, kindIndex]
  const initial = [];
  for (let a = 0; a < apps; a++) {
    const app = `app-${a}`;
    KINDS.forEach(([name, make], k) => {
      const path = `apps/${app}/${name}`;
      files.push([path, app, k]);
      initial.push(['M', path, make(app, 0)]);
    });
  }
  let tip = commit('refs/heads/main', 'initial import', initial);
  let leaks = 0;
  const pendingDeletes = []; // [atCommit, path, sealApp?]
  let renames = 0;
  let branches = 0;
  let mainCount = 1;
  while (mainCount < commits) {
    const ops = [];
    const n = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) {
      const [path, app, k] = files[Math.floor(rand() * files.length)];
      ops.push(['M', path, KINDS[k][1](app, mainCount)]);
    }
    if (mainCount % 97 === 0) {
      const idx = Math.floor(rand() * files.length);
      const [path, app, k] = files[idx];
      const moved = path.replace(/^apps\//, `apps/moved-${renames++}-`);
      ops.length = 0;
      ops.push(['R', path, moved]);
      files[idx] = [moved, app, k];
    }
    if (mainCount % 400 === 0) {
      const app = `app-${Math.floor(rand() * apps)}`;
      const path = `apps/${app}/secret-${leaks}.yaml`;
      ops.push(['M', path, leakSecret(app, leaks)]);
      pendingDeletes.push([mainCount + 150, path, leaks % 2 === 0 ? app : undefined, leaks]);
      leaks += 1;
    }
    if (mainCount % 1000 === 500) {
      const app = `app-${Math.floor(rand() * apps)}`;
      ops.push(['M', `apps/${app}/deployment.yaml`, envLeak(app, leaks++)]);
    }
    while (pendingDeletes.length > 0 && pendingDeletes[0][0] <= mainCount) {
      const [, path, sealApp, n2] = pendingDeletes.shift();
      ops.push(['D', path]);
      if (sealApp) ops.push(['M', path.replace(/secret-\d+\.yaml$/, `sealed-${n2}.yaml`), sealed(sealApp, n2)]);
    }
    tip = commit('refs/heads/main', `change ${mainCount}`, ops);
    mainCount += 1;
    if (mainCount % 1000 === 0) out(`reset refs/tags/v1.${mainCount / 1000}\nfrom :${tip}\n\n`);
    if (mainCount % 2500 === 0) {
      // A feature branch with its own leak; every other one is merged back.
      const ref = `refs/heads/feature-${branches}`;
      let btip = tip;
      const added = [];
      for (let i = 0; i < 20; i++) {
        const path = `features/f${branches}/part-${i}.yaml`;
        const content =
          i === 7 ? leakSecret(`feature-${branches}`, 10_000 + branches) : configMap(`f${branches}-${i}`, i);
        added.push(['M', path, content]);
        btip = commit(ref, `feature ${branches} step ${i}`, [added[added.length - 1]], i === 0 ? { from: tip } : {});
      }
      if (branches % 2 === 0) {
        tip = commit('refs/heads/main', `merge feature ${branches}`, added, { merge: btip });
        mainCount += 1;
      }
      branches += 1;
    }
    if (size > 1 << 22) {
      git.stdin.write(chunks.join(''));
      chunks.length = 0;
      size = 0;
    }
  }
  out('done\n');
  git.stdin.end(chunks.join(''));
  return new Promise((resolve, reject) => {
    git.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git fast-import failed (${code})`));
      execFileSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/main'], { cwd: repo });
      writeFileSync(stamp, params);
      resolve({ repo, reused: false, commits: mark, leaks, renames, branches });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? join(process.cwd(), 'bench', '.sweep-repo');
  console.log(JSON.stringify(await historyRepo(dir, { commits: Number(process.env.BENCH_COMMITS ?? 20000) })));
}
