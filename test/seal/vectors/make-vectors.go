// make-vectors writes the sealed-secrets compatibility vectors used by test/seal/vectors.test.ts,
// sealing with Go's own crypto (crypto/rsa EncryptOAEP with SHA-256 and the scope label,
// crypto/cipher AES-256-GCM with a zero nonce), the way reference/sealed-secrets.md §1 describes
// the controller's HybridEncrypt, and marshalling the JSON vectors with encoding/json MarshalIndent.
//
//	go run make-vectors.go            # (re)writes the vectors; keeps test-sealing-key.pem if present
//	go run make-vectors.go open KEY   # reads a SealedSecret JSON on stdin, prints its items as JSON
//
// Only the Go standard library is used. Every value is fake ("vector-...").
package main

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"
)

type objectMeta struct {
	Name              string            `json:"name,omitempty"`
	Namespace         string            `json:"namespace,omitempty"`
	CreationTimestamp json.RawMessage   `json:"creationTimestamp,omitempty"`
	Labels            map[string]string `json:"labels,omitempty"`
	Annotations       map[string]string `json:"annotations,omitempty"`
}

type template struct {
	Metadata  objectMeta `json:"metadata"`
	Type      string     `json:"type,omitempty"`
	Immutable *bool      `json:"immutable,omitempty"`
}

type spec struct {
	Template      template          `json:"template"`
	Data          []byte            `json:"data,omitempty"`
	EncryptedData map[string]string `json:"encryptedData"`
}

type sealedSecret struct {
	Kind       string     `json:"kind"`
	APIVersion string     `json:"apiVersion"`
	Metadata   objectMeta `json:"metadata"`
	Spec       spec       `json:"spec"`
}

const (
	keyFile  = "test-sealing-key.pem"
	certFile = "test-sealing-cert.pem"
	nsWide   = "sealedsecrets.bitnami.com/namespace-wide"
	cWide    = "sealedsecrets.bitnami.com/cluster-wide"
)

func label(namespace, name, scope string) []byte {
	switch scope {
	case "cluster-wide":
		return []byte{}
	case "namespace-wide":
		return []byte(namespace)
	default:
		return []byte(namespace + "/" + name)
	}
}

func seal(pub *rsa.PublicKey, plaintext, lbl []byte) []byte {
	sessionKey := make([]byte, 32)
	must(readFull(sessionKey))
	wrapped, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, sessionKey, lbl)
	must(err)
	block, err := aes.NewCipher(sessionKey)
	must(err)
	gcm, err := cipher.NewGCM(block)
	must(err)
	out := make([]byte, 2, 2+len(wrapped)+len(plaintext)+gcm.Overhead())
	binary.BigEndian.PutUint16(out, uint16(len(wrapped)))
	out = append(out, wrapped...)
	return gcm.Seal(out, make([]byte, gcm.NonceSize()), plaintext, nil)
}

func open(priv *rsa.PrivateKey, value, lbl []byte) ([]byte, error) {
	if len(value) < 2 {
		return nil, errors.New("too short")
	}
	n := int(binary.BigEndian.Uint16(value))
	if len(value) < n+2 {
		return nil, errors.New("too short")
	}
	sessionKey, err := rsa.DecryptOAEP(sha256.New(), nil, priv, value[2:2+n], lbl)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(sessionKey)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return gcm.Open(nil, make([]byte, gcm.NonceSize()), value[2+n:], nil)
}

func readFull(b []byte) error { _, err := rand.Read(b); return err }

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func loadOrCreateKey() *rsa.PrivateKey {
	if b, err := os.ReadFile(keyFile); err == nil {
		block, _ := pem.Decode(b)
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		must(err)
		return key
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	must(os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o644))
	return key
}

// A certificate shaped like the controller's: empty subject and issuer, KU encipherOnly, CA:TRUE.
func writeCert(key *rsa.PrivateKey) []byte {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	must(err)
	now := time.Now().UTC()
	tmpl := x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{},
		Issuer:                pkix.Name{},
		NotBefore:             now,
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageEncipherOnly,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &key.PublicKey, key)
	must(err)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	must(os.WriteFile(certFile, certPEM, 0o644))
	return certPEM
}

type item struct{ key, value string }

func sealAll(pub *rsa.PublicKey, namespace, name, scope string, items []item) map[string]string {
	out := map[string]string{}
	for _, it := range items {
		out[it.key] = base64.StdEncoding.EncodeToString(seal(pub, []byte(it.value), label(namespace, name, scope)))
	}
	return out
}

func writeJSON(file string, s sealedSecret) {
	b, err := json.MarshalIndent(s, "", "  ")
	must(err)
	must(os.WriteFile(file, append(b, '\n'), 0o644))
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "open" {
		openMode(os.Args[2])
		return
	}
	key := loadOrCreateKey()
	pub := &key.PublicKey
	certPEM := writeCert(key)
	keyPEM, err := os.ReadFile(keyFile)
	must(err)

	// Key backup, as `kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml` gives it.
	backup := fmt.Sprintf(`apiVersion: v1
items:
- apiVersion: v1
  data:
    tls.crt: %s
    tls.key: %s
  kind: Secret
  metadata:
    generateName: sealed-secrets-key
    labels:
      sealedsecrets.bitnami.com/sealed-secrets-key: active
    name: sealed-secrets-keyvec01
    namespace: kube-system
  type: kubernetes.io/tls
kind: List
metadata:
  resourceVersion: ""
`, base64.StdEncoding.EncodeToString(certPEM), base64.StdEncoding.EncodeToString(keyPEM))
	must(os.WriteFile("test-sealing-key-backup.yaml", []byte(backup), 0o644))

	// YAML vectors, in kubeseal's current YAML layout (keys sorted, `---` first).
	strict := sealAll(pub, "vectors", "db-credentials", "strict", []item{{"password", "vector-password-1"}, {"username", "vector-user-1"}})
	must(os.WriteFile("strict.yaml", []byte(fmt.Sprintf(`---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: db-credentials
  namespace: vectors
spec:
  encryptedData:
    password: %s
    username: %s
  template:
    metadata:
      labels:
        app: vectors
      name: db-credentials
      namespace: vectors
    type: Opaque
`, strict["password"], strict["username"])), 0o644))

	nsw := sealAll(pub, "vectors", "api-token", "namespace-wide", []item{{"token", "vector-token-2"}})
	must(os.WriteFile("namespace-wide.yaml", []byte(fmt.Sprintf(`---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  annotations:
    sealedsecrets.bitnami.com/namespace-wide: "true"
  name: api-token
  namespace: vectors
spec:
  encryptedData:
    token: %s
  template:
    metadata:
      annotations:
        sealedsecrets.bitnami.com/namespace-wide: "true"
      name: api-token
      namespace: vectors
    type: Opaque
`, nsw["token"])), 0o644))

	cw := sealAll(pub, "vectors", "shared-config", "cluster-wide", []item{{"shared", "vector-shared-3"}})
	must(os.WriteFile("cluster-wide.yaml", []byte(fmt.Sprintf(`---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  annotations:
    sealedsecrets.bitnami.com/cluster-wide: "true"
  name: shared-config
  namespace: vectors
spec:
  encryptedData:
    shared: %s
  template:
    metadata:
      annotations:
        sealedsecrets.bitnami.com/cluster-wide: "true"
      name: shared-config
      namespace: vectors
    type: Opaque
`, cw["shared"])), 0o644))

	// JSON vectors through encoding/json: field order, map sorting and escaping are Go's own.
	notes := map[string]string{
		"note":   "a <b> & c",
		"quote":  "say \"hi\"\\ and\ttab\nnewline \u2028 \u0001 é",
		nsWide:   "true",
		"zz-10":  "ten",
		"zz-9":   "nine",
		"Upper":  "capital",
		"_under": "underscore",
	}
	writeJSON("namespace-wide.json", sealedSecret{
		Kind: "SealedSecret", APIVersion: "bitnami.com/v1alpha1",
		Metadata: objectMeta{Name: "web-keys", Namespace: "vectors", Annotations: map[string]string{nsWide: "true"}},
		Spec: spec{
			Template: template{
				Metadata: objectMeta{Name: "web-keys", Namespace: "vectors", Labels: map[string]string{"tier10": "x", "tier9": "y", "app": "vectors"}, Annotations: notes},
				Type:     "Opaque",
			},
			EncryptedData: sealAll(pub, "vectors", "web-keys", "namespace-wide", []item{{"b", "vector-b-4"}, {"a", "vector-a-4"}, {"10", "vector-ten-4"}, {"9", "vector-nine-4"}}),
		},
	})
	immutable := true
	writeJSON("strict-legacy.json", sealedSecret{
		Kind: "SealedSecret", APIVersion: "bitnami.com/v1alpha1",
		Metadata: objectMeta{Name: "legacy", Namespace: "vectors", CreationTimestamp: json.RawMessage("null")},
		Spec: spec{
			Template: template{
				Metadata:  objectMeta{Name: "legacy", Namespace: "vectors", CreationTimestamp: json.RawMessage("null")},
				Type:      "kubernetes.io/basic-auth",
				Immutable: &immutable,
			},
			EncryptedData: sealAll(pub, "vectors", "legacy", "strict", []item{{"username", "vector-user-5"}, {"password", "vector-password-5"}}),
		},
	})
	writeJSON("cluster-wide.json", sealedSecret{
		Kind: "SealedSecret", APIVersion: "bitnami.com/v1alpha1",
		Metadata: objectMeta{Name: "everywhere", Annotations: map[string]string{cWide: "true"}},
		Spec: spec{
			Template:      template{Metadata: objectMeta{Name: "everywhere", Annotations: map[string]string{cWide: "true"}}},
			EncryptedData: sealAll(pub, "", "everywhere", "cluster-wide", []item{{"key", "vector-key-6"}}),
		},
	})
	// Deprecated v1 form: the whole Secret as JSON, sealed as one blob under spec.data.
	inner := []byte(`{"apiVersion":"v1","kind":"Secret","metadata":{"name":"old-style","namespace":"vectors"},"data":{"password":"` +
		base64.StdEncoding.EncodeToString([]byte("vector-password-7")) + `"},"type":"Opaque"}`)
	writeJSON("v1-data.json", sealedSecret{
		Kind: "SealedSecret", APIVersion: "bitnami.com/v1alpha1",
		Metadata: objectMeta{Name: "old-style", Namespace: "vectors"},
		Spec: spec{
			Template: template{Metadata: objectMeta{Name: "old-style", Namespace: "vectors"}},
			Data:     seal(pub, inner, label("vectors", "old-style", "strict")),
		},
	})
	fmt.Println("vectors written")
}

// openMode opens a SealedSecret JSON read from stdin with the PEM key KEY, deriving the label from
// the top-level metadata as the controller does, and prints {"item": "plaintext"} as JSON.
func openMode(keyPath string) {
	b, err := os.ReadFile(keyPath)
	must(err)
	var key *rsa.PrivateKey
	for rest := b; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
			key = k
			break
		}
		if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
			if rk, ok := k.(*rsa.PrivateKey); ok {
				key = rk
				break
			}
		}
	}
	if key == nil {
		must(errors.New("no RSA private key in " + keyPath))
	}
	var input bytes.Buffer
	_, err = input.ReadFrom(os.Stdin)
	must(err)
	dec := json.NewDecoder(&input)
	var results []map[string]string
	for dec.More() {
		var s sealedSecret
		must(dec.Decode(&s))
		scope := "strict"
		if s.Metadata.Annotations[cWide] == "true" {
			scope = "cluster-wide"
		} else if s.Metadata.Annotations[nsWide] == "true" {
			scope = "namespace-wide"
		}
		out := map[string]string{}
		for k, v := range s.Spec.EncryptedData {
			raw, err := base64.StdEncoding.DecodeString(v)
			must(err)
			plain, err := open(key, raw, label(s.Metadata.Namespace, s.Metadata.Name, scope))
			if err != nil {
				must(fmt.Errorf("item %s does not open: %v", k, err))
			}
			out[k] = string(plain)
		}
		results = append(results, out)
	}
	enc, err := json.Marshal(results)
	must(err)
	fmt.Println(string(enc))
}
