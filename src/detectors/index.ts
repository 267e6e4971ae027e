import { base64Credential } from './base64-credential.js';
import { commandLine } from './command-line.js';
import { credentialKeys } from './credential-keys.js';
import type { Detector } from './detector.js';
import { embeddedObject } from './embedded-object.js';
import { encodedKey } from './encoded-key.js';
import { envLiteral } from './env-literal.js';
import { envSecretRef } from './env-secret-ref.js';
import { kustomizeGenerator } from './kustomize-generator.js';
import { kustomizeMaterial } from './kustomize-material.js';
import { markerComment } from './marker-comment.js';
import { parseProblems } from './parse-problems.js';
import { sealingKey } from './sealing-key.js';
import { secretData } from './secret-data.js';
import { tokenPattern } from './token-pattern.js';
import { uncheckedContent } from './unchecked-content.js';

/** Every detector, by the name rules use in `detector:`. A meta-test compares this map with the folder. */
export const DETECTORS: Readonly<Record<string, Detector>> = Object.fromEntries(
  [
    base64Credential,
    commandLine,
    credentialKeys,
    embeddedObject,
    encodedKey,
    envLiteral,
    envSecretRef,
    kustomizeGenerator,
    kustomizeMaterial,
    markerComment,
    parseProblems,
    sealingKey,
    secretData,
    tokenPattern,
    uncheckedContent,
  ].map((d: Detector) => [d.name, d]),
);
