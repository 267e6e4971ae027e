import { describe, expect, it } from 'vitest';
import {
  CLUSTER_WIDE_ANNOTATION,
  NAMESPACE_WIDE_ANNOTATION,
  encryptionLabel,
  parseScope,
  scopeFromAnnotations,
  withScopeAnnotation,
} from '../../src/seal/scope.js';

describe('scope', () => {
  it('derives labels like EncryptionLabel', () => {
    expect(encryptionLabel('myns', 'myname', 'strict').toString()).toBe('myns/myname');
    expect(encryptionLabel('myns', 'myname', 'namespace-wide').toString()).toBe('myns');
    expect(encryptionLabel('myns', 'myname', 'cluster-wide').length).toBe(0);
  });

  it('reads only the exact string "true", cluster-wide winning', () => {
    expect(scopeFromAnnotations(undefined)).toBe('strict');
    expect(scopeFromAnnotations({ [NAMESPACE_WIDE_ANNOTATION]: 'true' })).toBe('namespace-wide');
    expect(scopeFromAnnotations({ [CLUSTER_WIDE_ANNOTATION]: 'true' })).toBe('cluster-wide');
    expect(scopeFromAnnotations({ [CLUSTER_WIDE_ANNOTATION]: 'true', [NAMESPACE_WIDE_ANNOTATION]: 'true' })).toBe(
      'cluster-wide',
    );
    for (const v of ['True', 'yes', 'TRUE', ' true', true, 1]) {
      expect(scopeFromAnnotations({ [CLUSTER_WIDE_ANNOTATION]: v, [NAMESPACE_WIDE_ANNOTATION]: v })).toBe('strict');
    }
  });

  it('rewrites the scope annotations (UpdateScopeAnnotations) without touching the input', () => {
    const input = { a: 'b', [CLUSTER_WIDE_ANNOTATION]: 'true' };
    expect(withScopeAnnotation(input, 'namespace-wide')).toEqual({ a: 'b', [NAMESPACE_WIDE_ANNOTATION]: 'true' });
    expect(withScopeAnnotation(input, 'strict')).toEqual({ a: 'b' });
    expect(withScopeAnnotation(undefined, 'cluster-wide')).toEqual({ [CLUSTER_WIDE_ANNOTATION]: 'true' });
    expect(input[CLUSTER_WIDE_ANNOTATION]).toBe('true');
  });

  it('parses --scope values', () => {
    expect(parseScope('namespace-wide')).toBe('namespace-wide');
    expect(() => parseScope('global')).toThrow('unknown scope "global": use strict, namespace-wide or cluster-wide');
  });
});
