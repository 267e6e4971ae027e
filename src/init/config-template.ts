/**
 * The `.sealcheck.yaml` that `sealcheck init` writes: every setting, commented, with its default,
 * under a modeline that tells YAML editors (the yaml-language-server behind VS Code, JetBrains and
 * Neovim plugins) which JSON Schema to check the file against.
 */
export function configTemplate(schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
#
# sealcheck configuration. Every setting is optional; the commented lines show the defaults or an
# example. Edit and uncomment what you need. Reference: schema/sealcheck.schema.json in sealcheck.

# Lowest severity that fails a scan (exit 1): error, warning, or never (report only).
failOn: error

# Per rule id: off/on, or a severity. Rule ids are listed by \`sealcheck rules\`.
rules:
  # configmap-credential: warning
  # env-literal-credential: off

# Paths not to scan (gitignore syntax, relative to the repository root).
ignore:
  # - test/fixtures/**

# Findings accepted on purpose, by fingerprint (from the JSON report), each with a reason.
allow:
  # - fingerprint: 0123456789abcdef0123456789abcdef
  #   reason: fake value in a test fixture
  #   expires: 2030-01-01

# The sealing certificate for \`sealcheck seal\` and \`sealcheck fix\` (a path relative to this
# file, or an https URL); get it from the cluster with: kubeseal --fetch-cert > pub-cert.pem
# cert: pub-cert.pem

# One certificate per folder, for repositories with a cluster or environment per folder.
certs:
  # - files: clusters/prod/**
  #   cert: clusters/prod/pub-cert.pem

# Files larger than this are skipped with a note (bytes, or 5MB, 512 KiB, ...).
# maxFileSize: 5MiB

# A baseline of accepted findings, written by \`sealcheck baseline\`.
# baseline: .sealcheck-baseline.json
`;
}
