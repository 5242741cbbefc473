package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// certLifetime is how long the certificates stay valid; they are made anew at
// every start, so a long-lived demo cluster is the only thing it limits.
const certLifetime = 365 * 24 * time.Hour

// servingNames are the names clients may use for the server: loopback, and the
// in-cluster names of the kubernetes Service.
var servingNames = []string{
	"localhost",
	"kubernetes",
	"kubernetes.default",
	"kubernetes.default.svc",
	"kubernetes.default.svc.cluster.local",
}

// servingIPs are loopback and the kubernetes Service's address, the first of
// serviceCIDR.
var servingIPs = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv4(10, 0, 0, 1)}

// writeCerts makes a fresh CA, a serving pair signed by it where --cert-dir
// looks (apiserver.crt and apiserver.key), and a service-account signing key.
// It returns the CA certificate in PEM for the kubeconfigs.
func writeCerts(l layout) ([]byte, error) {
	caKey, caCert, err := newCA()
	if err != nil {
		return nil, err
	}
	servingKey, servingCert, err := newServingCert(caKey, caCert)
	if err != nil {
		return nil, err
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}

	servingKeyPEM, err := keyPEM(servingKey)
	if err != nil {
		return nil, err
	}
	saKeyPEM, err := keyPEM(saKey)
	if err != nil {
		return nil, err
	}

	caPEM := pemBlock("CERTIFICATE", caCert.Raw)
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{l.caCert, caPEM, 0o644},
		{filepath.Join(l.certDir, "apiserver.crt"), pemBlock("CERTIFICATE", servingCert.Raw), 0o644},
		{filepath.Join(l.certDir, "apiserver.key"), servingKeyPEM, 0o600},
		{l.saKey, saKeyPEM, 0o600},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, f.mode); err != nil {
			return nil, err
		}
	}

	return caPEM, nil
}

func newCA() (*ecdsa.PrivateKey, *x509.Certificate, error) {
	tmpl, err := certTemplate("localcluster-ca")
	if err != nil {
		return nil, nil, err
	}
	tmpl.IsCA = true
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
	tmpl.BasicConstraintsValid = true

	return signCert(tmpl, nil, nil)
}

func newServingCert(caKey *ecdsa.PrivateKey, ca *x509.Certificate) (*ecdsa.PrivateKey, *x509.Certificate, error) {
	tmpl, err := certTemplate("kube-apiserver")
	if err != nil {
		return nil, nil, err
	}
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	tmpl.DNSNames = servingNames
	tmpl.IPAddresses = servingIPs

	return signCert(tmpl, ca, caKey)
}

// signCert makes a key and a certificate for it from tmpl, signed by parent,
// or by the new key itself when parent is nil.
func signCert(tmpl, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*ecdsa.PrivateKey, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}

	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		return nil, nil, fmt.Errorf("signing certificate %s: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)

	return key, cert, err
}

// certTemplate starts a certificate with a random serial, backdated an hour so
// that a small clock difference cannot make it not yet valid.
func certTemplate(commonName string) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, err
	}
	now := time.Now()

	return &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certLifetime),
	}, nil
}

func keyPEM(key *ecdsa.PrivateKey) ([]byte, error) {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}

	return pemBlock("EC PRIVATE KEY", der), nil
}

func pemBlock(kind string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
}
