import { at, get, isMap, isSeq, stringAt, type MapNode } from '../parse/node.js';
import type { Manifest } from './manifest.js';

/** Where each pod-bearing kind keeps its pod spec (OpenShift's DeploymentConfig included). */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  PodTemplate: ['template', 'spec'],
};

export const POD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/**
 * Named groups of kinds a rule's `scope.kinds` may list (`"@pod-bearing"`), so a list that several
 * rules share is written once, here, beside the code that reads those kinds.
 */
export const KIND_GROUPS: Readonly<Record<string, readonly string[]>> = { '@pod-bearing': POD_KINDS };

type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
const LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface ContainerRef {
  container: MapNode;
  list: ContainerList;
  name: string;
  podSpec: MapNode;
}

function podSpecOf(manifest: Manifest): MapNode | undefined {
  const path = manifest.identity.kind !== undefined ? POD_SPEC_PATHS[manifest.identity.kind] : undefined;
  if (!path) return undefined;
  const spec = at(manifest.root, ...path);
  return isMap(spec) ? spec : undefined;
}

/** Every container of a pod-bearing manifest: regular, init and ephemeral. */
export function containersOf(manifest: Manifest): ContainerRef[] {
  const podSpec = podSpecOf(manifest);
  if (!podSpec) return [];
  const out: ContainerRef[] = [];
  for (const list of LISTS) {
    const seq = get(podSpec, list);
    if (!isSeq(seq)) continue;
    seq.items.forEach((c, i) => {
      if (isMap(c)) out.push({ container: c, list, name: stringAt(c, 'name') ?? `${list}[${i}]`, podSpec });
    });
  }
  return out;
}
